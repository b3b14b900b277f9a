// Package fixturegen makes the batch grader's sample class: submissions
// built from the repository's solutions/ and exercises/ stubs, with the
// variations a real class brings (partial work, code that does not compile,
// panics, hangs, floods, tampering, an archive that tries to escape), and
// the grades each must get. `make sample-class` (which runs
// `go run ./grader/batch/internal/fixturegen/gen`) writes it to
// fixtures/submissions, where it is not committed; the batch tests make it
// afresh. Both read the stubs and solutions the checkout has committed
// (LoadCommitted), never its working tree, whose exercises an instructor
// may have solved.
package fixturegen

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/batch/classreport"
	"github.com/queuelab/queuelab/grader/batch/intake"
	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/template/committed"
)

// Spec is one sample submission.
type Spec struct {
	Name   string // entry name, without extension
	Kind   intake.Kind
	Layout string // "repo", "nested" (inside a top folder) or "exercises" (only the exercise folders)
	// Learner names the learner in learner.yaml; "" writes none.
	Learner    string
	Confidence map[string]int
	// Solved lists the exercises copied from solutions/; "*" is all.
	Solved []string
	// Sabotage adds a misbehaving file to one exercise.
	Sabotage   sabotage
	SabotageIn string
	// EditChecks adds and edits _test.go files that would pass everything.
	EditChecks bool
	// Escape adds archive entries with ../ paths and links out.
	Escape bool
	// Corrupt writes bytes that are no archive at all.
	Corrupt bool
	// Why tells what the submission shows.
	Why string
}

// Tree is what the class is made from.
type Tree struct {
	Root      string
	Catalogue *catalogue.Catalogue
	// Exercises are the catalogue's exercises that have both stubs and a
	// solution, in catalogue order.
	Exercises []string
}

// LoadTree reads the catalogue of the module at root.
func LoadTree(root string, cat *catalogue.Catalogue) Tree {
	t := Tree{Root: root, Catalogue: cat}
	for _, e := range cat.Exercises {
		if isDir(filepath.Join(root, "exercises", e.ID)) && isDir(filepath.Join(root, "solutions", e.ID)) {
			t.Exercises = append(t.Exercises, e.ID)
		}
	}
	return t
}

// Committed is a tree read from a commit, and what it left out.
type Committed struct {
	Tree
	// From names the commit: "commit 1a2b3c (HEAD) of /src/queuelab".
	From string
	// LeftOut lists the working tree's uncommitted changes under exercises/
	// and solutions/ (slash paths), which the tree does not hold.
	LeftOut []string
	dir     string
}

// Close removes the tree's temporary copy.
func (c *Committed) Close() error { return os.RemoveAll(c.dir) }

// LoadCommitted reads the exercises (catalogue included) and solutions that
// the git checkout whose top folder is root has committed at ref (HEAD when
// "") into a temporary folder, which Close removes.
func LoadCommitted(ctx context.Context, root, ref string) (*Committed, error) {
	co, err := committed.Open(ctx, root, ref)
	if err != nil {
		return nil, fmt.Errorf("read the committed exercises and solutions: %w", err)
	}
	dir, err := os.MkdirTemp("", "queuelab-class-")
	if err != nil {
		return nil, err
	}
	c := &Committed{From: fmt.Sprintf("commit %s (%s) of %s", co.Short(), co.Ref, co.Dir), dir: dir}
	if err := co.Extract(ctx, dir, "exercises", "solutions"); err != nil {
		c.Close()
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(dir, "exercises", "catalogue.yaml"))
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("%s has no exercises/catalogue.yaml: %w", c.From, err)
	}
	cat, err := catalogue.Parse(data)
	if err != nil {
		c.Close()
		return nil, err
	}
	c.Tree = LoadTree(dir, cat)
	if co.Ref == "HEAD" {
		if c.LeftOut, err = co.Uncommitted(ctx, "exercises", "solutions"); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

// Class is the sample class for the tree.
func (t Tree) Class() []Spec {
	all := []string{"*"}
	byObjective := t.forObjective
	first, fewest := t.first(), t.fewestChecks()
	conf := func(q, s, f, tp, o int) map[string]int {
		return map[string]int{"queues": q, "sqs": s, "failure_handling": f, "topics": tp, "overall": o}
	}
	return []Spec{
		{Name: "ada", Kind: intake.KindFolder, Layout: "repo", Learner: "ada", Confidence: conf(5, 4, 4, 4, 5), Solved: all, Why: "complete: every exercise solved"},
		{Name: "barbara.zip", Kind: intake.KindZip, Layout: "nested", Learner: "barbara", Confidence: conf(4, 3, 2, 2, 3), Solved: byObjective("LO1"), Why: "partial: only the exercises that grade LO1"},
		{Name: "charles.tar.gz", Kind: intake.KindTarGz, Layout: "nested", Learner: "charles", Confidence: conf(3, 3, 3, 5, 4), Solved: byObjective("LO3"), Why: "partial: only the exercises that grade LO3"},
		{Name: "dennis.bundle", Kind: intake.KindBundle, Layout: "repo", Learner: "dennis", Confidence: conf(2, 4, 4, 2, 3), Solved: byObjective("LO4"), Why: "partial: only the exercises that grade LO4, as a git bundle"},
		{Name: "edsger", Kind: intake.KindFolder, Layout: "exercises", Solved: t.half(), Why: "only the exercises/ folder, half of it solved, no learner file"},
		{Name: "frances", Kind: intake.KindFolder, Layout: "repo", Learner: "frances", Confidence: conf(5, 5, 5, 5, 5), Solved: all, Sabotage: typeError, SabotageIn: first, Why: "one exercise does not compile"},
		{Name: "grace.zip", Kind: intake.KindZip, Layout: "repo", Learner: "grace", Solved: all, Sabotage: panicInit, SabotageIn: first, Why: "one exercise panics"},
		{Name: "hedy", Kind: intake.KindFolder, Layout: "repo", Learner: "hedy", Solved: all, Sabotage: loopInit, SabotageIn: fewest, Why: "one exercise loops forever"},
		{Name: "ivan", Kind: intake.KindFolder, Layout: "repo", Learner: "ivan", Solved: all, Sabotage: hugeOutput, SabotageIn: first, Why: "one exercise prints 40 MiB"},
		{Name: "jean.tar.gz", Kind: intake.KindTarGz, Layout: "repo", Learner: "jean", Confidence: conf(4, 4, 4, 4, 4), EditChecks: true, Why: "stubs with edited and added checks"},
		{Name: "ken", Kind: intake.KindFolder, Layout: "repo", Learner: "ken", Sabotage: forge, SabotageIn: first, Why: "stubs that print fake PASS and test2json lines"},
		{Name: "leslie", Kind: intake.KindFolder, Layout: "repo", Learner: "leslie", Solved: all, Sabotage: exitInit, SabotageIn: first, Why: "os.Exit(0) in init"},
		{Name: "margaret.zip", Kind: intake.KindZip, Layout: "repo", Learner: "margaret", Solved: all, Sabotage: snoop, SabotageIn: first, Why: "tries to reach other submissions' files and queues"},
		{Name: "niklaus.zip", Kind: intake.KindZip, Layout: "repo", Learner: "niklaus", Solved: []string{first}, Escape: true, Why: "an archive with ../ paths and links out"},
		{Name: "olivia.zip", Kind: intake.KindZip, Corrupt: true, Why: "not an archive at all"},
		{Name: "student-16", Kind: intake.KindFolder, Layout: "repo", Learner: "ada", Solved: byObjective("LO2"), Why: "kept the default name: ada in learner.yaml; the gradebook's id is the entry, student-16"},
	}
}

// forObjective lists the exercises with a check that grades obj.
func (t Tree) forObjective(obj string) []string {
	var out []string
	for _, e := range t.Catalogue.Exercises {
		if !t.has(e.ID) {
			continue
		}
		for _, c := range e.Check {
			if c.Objective == obj {
				out = append(out, e.ID)
				break
			}
		}
	}
	return out
}

func (t Tree) has(id string) bool {
	for _, e := range t.Exercises {
		if e == id {
			return true
		}
	}
	return false
}

// first is the first exercise with checks.
func (t Tree) first() string {
	for _, id := range t.Exercises {
		if e, _ := t.Catalogue.Exercise(id); len(e.Check) > 0 {
			return id
		}
	}
	return ""
}

// fewestChecks is the exercise with the fewest checks (the last of
// equals): a hang there costs the least time before the runner stops it.
func (t Tree) fewestChecks() string {
	best, n := "", 0
	for _, id := range t.Exercises {
		if e, _ := t.Catalogue.Exercise(id); len(e.Check) > 0 && (best == "" || len(e.Check) <= n) {
			best, n = id, len(e.Check)
		}
	}
	return best
}

func (t Tree) half() []string {
	var out []string
	for i, id := range t.Exercises {
		if i%2 == 0 {
			out = append(out, id)
		}
	}
	return out
}

func (s Spec) solves(id string) bool {
	for _, e := range s.Solved {
		if e == "*" || e == id {
			return true
		}
	}
	return false
}

// ID is the student id the batch gives the submission: its entry's name
// without extension, whatever learner.yaml says.
func (s Spec) ID() string {
	for _, suffix := range []string{".tar.gz", ".zip", ".bundle"} {
		if strings.HasSuffix(s.Name, suffix) {
			return intake.SafeID(strings.TrimSuffix(s.Name, suffix))
		}
	}
	return intake.SafeID(s.Name)
}

// Expected is the result the batch must give the submission: every check
// of a solved, unbroken exercise passes; every other check does not.
func (t Tree) Expected(s Spec) classreport.Result {
	res := classreport.Result{ID: s.ID(), Entry: s.Name, Learner: s.Learner, Status: classreport.StatusGraded}
	if s.Corrupt {
		res.Status = classreport.StatusUnreadable
		res.Report = classreport.Failed(t.Catalogue, "unreadable")
		return res
	}
	r := &report.Report{Passed: true}
	for _, o := range t.Catalogue.Objectives {
		or := report.ObjectiveResult{ID: o.ID, Title: o.Title, Passed: true}
		for _, e := range t.Catalogue.Exercises {
			if !t.has(e.ID) {
				continue // not in the tree: not graded
			}
			for _, c := range e.Check {
				if c.Objective != o.ID {
					continue
				}
				pass := t.has(e.ID) && s.solves(e.ID) && !(s.SabotageIn == e.ID && s.Sabotage.breaks())
				cr := report.CheckResult{Name: c.Name, Exercise: e.ID, MaxScore: c.Points, Passed: pass}
				if pass {
					cr.Score = c.Points
				}
				or.Checks = append(or.Checks, cr)
				or.Score += cr.Score
				or.MaxScore += cr.MaxScore
				or.Passed = or.Passed && pass
			}
		}
		r.Objectives = append(r.Objectives, or)
		r.Score += or.Score
		r.MaxScore += or.MaxScore
		r.Passed = r.Passed && or.Passed
	}
	res.Report = r
	return res
}

// member is one file of a submission, path relative to the submission.
type member struct {
	path, body, link string
}

// files lays out a submission's files.
func (t Tree) files(s Spec) ([]member, error) {
	var ms []member
	prefix := ""
	switch s.Layout {
	case "nested":
		prefix = strings.TrimSuffix(strings.TrimSuffix(s.Name, ".zip"), ".tar.gz") + "-main/"
	}
	exDir := prefix + "exercises/"
	if s.Layout == "exercises" {
		exDir = ""
	}
	if s.Learner != "" {
		body := "name: " + s.Learner + "\n"
		if len(s.Confidence) > 0 {
			body += "confidence:\n"
			keys := make([]string, 0, len(s.Confidence))
			for k := range s.Confidence {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				body += fmt.Sprintf("  %s: %d\n", k, s.Confidence[k])
			}
		}
		ms = append(ms, member{path: prefix + "learner.yaml", body: body})
	}
	if s.Layout != "exercises" {
		ms = append(ms, member{path: prefix + "README.md", body: "# My QueueLab work\n"})
	}
	for _, id := range t.Exercises {
		from := filepath.Join(t.Root, "exercises", id)
		if s.solves(id) {
			from = filepath.Join(t.Root, "solutions", id)
		}
		// The batch never reads a submission's tests, so only the
		// submission that edits checks carries copies of them.
		srcs, err := readTree(from, s.EditChecks && !s.solves(id))
		if err != nil {
			return nil, err
		}
		pkg := ""
		for _, f := range srcs {
			ms = append(ms, member{path: exDir + id + "/" + f.path, body: f.body})
			if pkg == "" && strings.HasSuffix(f.path, ".go") && !strings.Contains(f.path, "/") {
				pkg = packageOf(f.body)
			}
		}
		if s.SabotageIn == id && s.Sabotage != noSabotage {
			e, _ := t.Catalogue.Exercise(id)
			var checks []string
			for _, c := range e.Check {
				checks = append(checks, c.Name)
			}
			ms = append(ms, member{path: exDir + id + "/zz_fixture.go", body: s.Sabotage.source(pkg, checks)})
		}
		if s.EditChecks {
			e, _ := t.Catalogue.Exercise(id)
			body := "package " + pkg + "\n\nimport \"testing\"\n"
			for _, c := range e.Check {
				body += "\nfunc " + c.Name + "(t *testing.T) {}\n"
			}
			ms = append(ms, member{path: exDir + id + "/zz_always_pass_test.go", body: body})
		}
	}
	if s.Escape {
		ms = append(ms,
			member{path: "../../escaped.go", body: "package escaped\n"},
			member{path: "../exercises/" + t.first() + "/zz_always_pass_test.go", body: "package x\n"},
			member{path: "exercises/../../up.go", body: "package up\n"},
			member{path: "exercises/" + t.first() + "/zz_link.go", link: "/etc/passwd"},
		)
	}
	return ms, nil
}

var pkgClause = regexp.MustCompile(`(?m)^package (\w+)`)

func packageOf(src string) string {
	if m := pkgClause.FindStringSubmatch(src); m != nil {
		return m[1]
	}
	return "main"
}

// readTree reads a folder's files, tests too when withTests.
func readTree(dir string, withTests bool) ([]member, error) {
	var out []member
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, "_test.go") && !withTests {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, member{path: filepath.ToSlash(rel), body: string(data)})
		return nil
	})
	return out, err
}

// Generate writes the class into dst (made if missing) with expected.csv,
// a README and a go.mod that keeps the Go tools of the main module out of
// the sample code.
func (t Tree) Generate(dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	var expected []classreport.Result
	var readme strings.Builder
	readme.WriteString("# Sample class for `grader batch`\n\nGenerated by `go run ./grader/batch/internal/fixturegen/gen` from solutions/ and the exercise stubs; do not edit by hand.\n`expected.csv` is the gradebook the batch must write for this class.\n\n| Submission | Kind | What it shows |\n|---|---|---|\n")
	for _, s := range t.Class() {
		if err := t.write(dst, s); err != nil {
			return fmt.Errorf("write %s: %w", s.Name, err)
		}
		expected = append(expected, t.Expected(s))
		fmt.Fprintf(&readme, "| %s | %s | %s |\n", s.Name, s.Kind, s.Why)
	}
	classreport.Sort(expected)
	var csv bytes.Buffer
	if err := classreport.WriteCSV(&csv, t.Catalogue, expected); err != nil {
		return err
	}
	for name, body := range map[string]string{
		"expected.csv": csv.String(),
		"README.md":    readme.String(),
		"go.mod":       "// A module of its own, so that the sample submissions (some do not\n// compile on purpose) are not part of the main module's ./...\nmodule queuelab.invalid/fixtures/submissions\n\ngo 1.26\n",
	} {
		if err := os.WriteFile(filepath.Join(dst, name), []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Mixed is a class of n plain submissions for benchmarks: in turn
// complete, and partial for each objective.
func (t Tree) Mixed(n int) []Spec {
	var specs []Spec
	objectives := t.Catalogue.Objectives
	for i := range n {
		s := Spec{Name: fmt.Sprintf("student-%03d", i), Kind: intake.KindFolder, Layout: "repo", Learner: fmt.Sprintf("student-%03d", i), Solved: []string{"*"}}
		if k := i % (len(objectives) + 1); k > 0 {
			s.Solved = t.forObjective(objectives[k-1].ID)
		}
		specs = append(specs, s)
	}
	return specs
}

// WriteSpecs writes the submissions of specs into dst.
func (t Tree) WriteSpecs(dst string, specs []Spec) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, s := range specs {
		if err := t.write(dst, s); err != nil {
			return fmt.Errorf("write %s: %w", s.Name, err)
		}
	}
	return nil
}

// fixed is the time stamped on every archive entry, so archives are the
// same bytes each time.
var fixed = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

func (t Tree) write(dst string, s Spec) error {
	p := filepath.Join(dst, s.Name)
	if err := os.RemoveAll(p); err != nil {
		return err
	}
	if s.Corrupt {
		return os.WriteFile(p, []byte("PK\x03\x04 this is not a zip file\n"), 0o644)
	}
	ms, err := t.files(s)
	if err != nil {
		return err
	}
	switch s.Kind {
	case intake.KindFolder:
		return writeFolder(p, ms)
	case intake.KindZip:
		return writeZip(p, ms)
	case intake.KindTarGz:
		return writeTarGz(p, ms)
	case intake.KindBundle:
		return writeBundle(p, ms)
	}
	return fmt.Errorf("unknown kind %s", s.Kind)
}

func writeFolder(dir string, ms []member) error {
	for _, m := range ms {
		p := filepath.Join(dir, filepath.FromSlash(m.path))
		if !strings.HasPrefix(p, dir+string(filepath.Separator)) {
			continue // a folder cannot hold an escape
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		var err error
		if m.link != "" {
			err = os.Symlink(m.link, p)
		} else {
			err = os.WriteFile(p, []byte(m.body), 0o644)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func writeZip(p string, ms []member) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range ms {
		h := &zip.FileHeader{Name: m.path, Method: zip.Deflate, Modified: fixed}
		body := m.body
		if m.link != "" {
			h.SetMode(os.ModeSymlink | 0o777)
			body = m.link
		} else {
			h.SetMode(0o644)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := w.Write([]byte(body)); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(p, buf.Bytes(), 0o644)
}

func writeTarGz(p string, ms []member) error {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, m := range ms {
		h := &tar.Header{Name: m.path, Mode: 0o644, Size: int64(len(m.body)), Typeflag: tar.TypeReg, ModTime: fixed, Format: tar.FormatPAX}
		if m.link != "" {
			h.Typeflag, h.Linkname, h.Size = tar.TypeSymlink, m.link, 0
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if h.Size > 0 {
			if _, err := tw.Write([]byte(m.body)); err != nil {
				return err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	return os.WriteFile(p, buf.Bytes(), 0o644)
}

func writeBundle(p string, ms []member) error {
	work, err := os.MkdirTemp("", "fixturegen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if err := writeFolder(work, ms); err != nil {
		return err
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return err
	}
	date := fixed.Format(time.RFC3339)
	for _, args := range [][]string{
		{"init", "--quiet", "-b", "main"},
		{"add", "-A"},
		{"-c", "user.name=Student", "-c", "user.email=student@example.com", "commit", "--quiet", "-m", "my work"},
		{"-c", "pack.threads=1", "bundle", "create", "--quiet", abs, "HEAD", "main"},
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %s: %v: %s", args[0], err, out)
		}
	}
	return nil
}
