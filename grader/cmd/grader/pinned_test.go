package main

// The student-CI path end to end: a student repository exported with
// `grader template` runs the grader pinned at a version, as its workflow does
// (`go run github.com/queuelab/queuelab/grader/cmd/grader@VERSION check`).
// The version is served by a file-based module proxy made from this
// checkout, so no network is needed. The pinned grader must grade the
// student's exercise sources with its own pristine checks from the module
// cache: edited or added _test.go files in the student repository change
// nothing, and the grader warns about them.

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"

	"github.com/queuelab/queuelab/grader/report"
	"github.com/queuelab/queuelab/grader/runner"
	"github.com/queuelab/queuelab/grader/template"
)

// pinnedTime is the time of the test versions. Their revision is random, so
// that runs at the same time (a shared machine) do not remove each other's
// copy from the module cache.
var pinnedTime = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

func TestPinnedGraderUsesPristineChecks(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the grader with go run module@version: not in -short")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH: the pinned grader is built with go run module@version")
	}
	goenv := goEnv(t, goBin, "GOMODCACHE", "GOCACHE")

	// The module as a proxy would serve a tag of it: what is committed.
	root := committedTree(t)
	files, version := moduleFiles(t, root)
	proxy := t.TempDir()
	zipData := writeProxy(t, proxy, root, runner.ModulePath, files, version)
	assertPublishedContents(t, zipData, runner.ModulePath, version)
	t.Cleanup(func() { removeFromModuleCache(t, goenv["GOMODCACHE"], runner.ModulePath, version) })

	// A student repository, exported as a teacher would, then tampered with.
	student := filepath.Join(t.TempDir(), "student")
	code, stdout, stderr := grader(t, "template", student, "--version", version)
	require.Equal(t, 0, code, "grader template: %s%s", stdout, stderr)
	workflow, err := os.ReadFile(filepath.Join(student, ".github", "workflows", "grade.yml"))
	require.NoError(t, err)
	require.Contains(t, string(workflow), runner.ModulePath+"/grader/cmd/grader@"+version, "the workflow pins the grader")
	require.NoDirExists(t, filepath.Join(student, "solutions"))
	tamper(t, student)

	// No network: the test version from the file proxy.
	env := offlineEnv(t, proxy, goenv)
	pinned := func(t *testing.T) (int, *report.Report, string) {
		t.Helper()
		return runPinned(t, goBin, env, student, runner.ModulePath, version, "00", "01")
	}

	// go run exits 1 whenever the program fails, and says with what status.
	code, r, output := pinned(t)
	require.Equal(t, 1, code, output)
	require.Contains(t, output, "exit status 1", "a failed check exits 1, not 2 (could not run)")
	assert.Zero(t, r.Score, "nothing is solved, whatever the test files say")
	checks := checksByExercise(r)
	require.NotEmpty(t, checks["00_quiz"])
	require.NotEmpty(t, checks["01_dummy_queue"])
	for _, id := range []string{"00_quiz", "01_dummy_queue"} {
		for _, c := range checks[id] {
			assert.False(t, c.Passed, "%s/%s passed on an unsolved stub", id, c.Name)
			assert.Zero(t, c.Score, "%s/%s", id, c.Name)
		}
	}
	require.Contains(t, checks["01_dummy_queue"], "TestLessonExample")
	assert.Equal(t, report.StatusFail, checks["01_dummy_queue"]["TestLessonExample"].Status,
		"the check the learner edited to pass is graded by the pristine copy")
	assert.True(t, strings.HasPrefix(checks["00_quiz"]["TestQuizProducer"].Hint, proxyMarker),
		"the catalogue is the published module's: hint %q", checks["00_quiz"]["TestQuizProducer"].Hint)
	assertWarns(t, r.Warnings, "exercises/01_dummy_queue/queue_test.go differs from the grader's copy")
	assertWarns(t, r.Warnings, "exercises/00_quiz/quiz_test.go differs from the grader's copy")
	assertWarns(t, r.Warnings, "exercises/01_dummy_queue/zz_pass_test.go is not one of the checks")

	// Solve the quiz with the reference answers: every quiz check passes,
	// including the one the learner's copy makes fail, so the checks that
	// ran are the module cache's, on the learner's sources.
	copySolution(t, filepath.Join(root, "solutions", "00_quiz"), filepath.Join(student, "exercises", "00_quiz"))
	code, r, output = pinned(t)
	require.Equal(t, 1, code, output)
	require.Contains(t, output, "exit status 1", "01_dummy_queue still fails")
	checks = checksByExercise(r)
	quizScore := 0
	for name, c := range checks["00_quiz"] {
		assert.True(t, c.Passed, "00_quiz/%s fails on the solved quiz: %s", name, c.Message)
		quizScore += c.MaxScore
	}
	require.Contains(t, checks["00_quiz"], "TestQuizProducer")
	for name, c := range checks["01_dummy_queue"] {
		assert.False(t, c.Passed, "01_dummy_queue/%s passed on an unsolved stub", name)
	}
	assert.Equal(t, quizScore, r.Score, "the score is the quiz's")
}

// offlineEnv is the environment of a go command that reaches no network:
// modules from the file proxy, every dependency from the module cache
// (building this test already downloaded them, checked against go.sum), and
// no checksum database lookup: with the proxy off the go command would ask
// sum.golang.org itself about the pinned version's dependencies, which a
// machine that reaches only a module proxy cannot resolve.
func offlineEnv(t *testing.T, proxy string, goenv map[string]string) []string {
	t.Helper()
	return append(os.Environ(),
		"GOPROXY=file://"+slashPath(proxy)+",off",
		"GOSUMDB=off",
		"GOFLAGS=-modcacherw -buildvcs=false",
		"GOWORK=off",
		"GOTOOLCHAIN=local",
		"GOMODCACHE="+goenv["GOMODCACHE"],
		"GOCACHE="+goenv["GOCACHE"],
		// The grader's test-binary cache lives under the user cache folder:
		// keep it out of the user's (GOCACHE is set above, so unaffected).
		"XDG_CACHE_HOME="+t.TempDir(),
		"NO_COLOR=1",
		"QUEUELAB_ENDPOINT=", "AWS_ENDPOINT_URL=",
	)
}

// runPinned runs `go run module/grader/cmd/grader@version check` in dir on
// the exercises named, as a student repository's workflow does, and
// returns its exit status, its JSON report and its output.
func runPinned(t *testing.T, goBin string, env []string, dir, modulePath, version string, exercises ...string) (int, *report.Report, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "r.json")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	args := append([]string{"run", modulePath + "/grader/cmd/grader@" + version,
		"check", "--backend", "embedded", "--format", "json", "--out", out}, exercises...)
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Dir = dir
	cmd.Env = env
	var combined bytes.Buffer
	cmd.Stdout, cmd.Stderr = &combined, &combined
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else {
		require.NoError(t, err, "go run the pinned grader")
	}
	data, err := os.ReadFile(out)
	require.NoError(t, err, "the pinned grader wrote no report (exit %d):\n%s", code, combined.String())
	var r report.Report
	require.NoError(t, json.Unmarshal(data, &r), "the json report")
	t.Logf("pinned grader: exit %d, score %d/%d, warnings %q\n%s", code, r.Score, r.MaxScore, r.Warnings, combined.String())
	return code, &r, combined.String()
}

// committedTree is this checkout's committed tree (what a tag would hold,
// whatever the working tree holds), as grader template reads it.
func committedTree(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: the published module is made from the committed tree")
	}
	root := repoRoot(t)
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Skip("this copy of the kit is no git checkout: nothing committed to publish")
	}
	tree, err := template.Pristine(t.Context(), root, "")
	require.NoError(t, err)
	t.Cleanup(tree.Close)
	return tree.Dir
}

// TestForkPinsItsOwnGrader is a course's own copy end to end, offline: the
// kit forked under another module path with grader fork, published at a
// test version by a file proxy; that version's grader (from the module
// cache) exports a starter repository whose workflow pins it, and grades
// the starter: nothing on the stubs, every check of the exercise solved.
func TestForkPinsItsOwnGrader(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the fork's grader with go run module@version: not in -short")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	committedTree(t) // skips where there is nothing committed
	goenv := goEnv(t, goBin, "GOMODCACHE", "GOCACHE")
	const school = "school.example/queuelab"

	fork := filepath.Join(t.TempDir(), "fork")
	code, stdout, stderr := grader(t, "fork", fork, "--module", school)
	require.Equal(t, 0, code, "grader fork: %s%s", stdout, stderr)
	require.Contains(t, stdout, "as module "+school)
	gomod, err := os.ReadFile(filepath.Join(fork, "go.mod"))
	require.NoError(t, err)
	require.Equal(t, school, modfile.ModulePath(gomod))

	files, version := moduleFiles(t, fork)
	proxy := t.TempDir()
	zipData := writeProxy(t, proxy, fork, school, files, version)
	assertPublishedContents(t, zipData, school, version)
	t.Cleanup(func() { removeFromModuleCache(t, goenv["GOMODCACHE"], school, version) })
	env := offlineEnv(t, proxy, goenv)

	// The fork's published grader exports the starter from its module
	// cache copy, as an instructor without a checkout would.
	starter := filepath.Join(t.TempDir(), "starter")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, "run", school+"/grader/cmd/grader@"+version, "template", starter, "--version", version)
	cmd.Dir = t.TempDir()
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "the fork's grader template: %s", out)
	require.Contains(t, string(out), "the module cache's copy")
	for _, rel := range []string{".github/workflows/grade.yml", "Makefile", "README.md"} {
		data, err := os.ReadFile(filepath.Join(starter, filepath.FromSlash(rel)))
		require.NoError(t, err)
		assert.Contains(t, string(data), school+"/grader/cmd/grader@"+version, "%s pins the fork's grader", rel)
		assert.NotContains(t, string(data), runner.ModulePath, rel)
	}
	require.NoDirExists(t, filepath.Join(starter, "solutions"))

	code, r, output := runPinned(t, goBin, env, starter, school, version, "00")
	require.Equal(t, 1, code, output)
	assert.Zero(t, r.Score, "nothing is solved")
	assert.True(t, strings.HasPrefix(checksByExercise(r)["00_quiz"]["TestQuizProducer"].Hint, proxyMarker),
		"the checks are the fork's published ones")

	copySolution(t, filepath.Join(fork, "solutions", "00_quiz"), filepath.Join(starter, "exercises", "00_quiz"))
	code, r, output = runPinned(t, goBin, env, starter, school, version, "00")
	require.Equal(t, 0, code, output)
	require.NotEmpty(t, checksByExercise(r)["00_quiz"])
	for name, c := range checksByExercise(r)["00_quiz"] {
		assert.True(t, c.Passed, "00_quiz/%s fails on the solved quiz in the fork: %s", name, c.Message)
	}
	assert.Equal(t, r.MaxScore, r.Score)
}

// goEnv reads the go command's settings the test must keep.
func goEnv(t *testing.T, goBin string, names ...string) map[string]string {
	t.Helper()
	out, err := exec.Command(goBin, append([]string{"env"}, names...)...).Output()
	require.NoError(t, err, "go env")
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	require.Len(t, lines, len(names), "go env %v", names)
	env := map[string]string{}
	for i, name := range names {
		env[name] = lines[i]
	}
	require.NotEmpty(t, env["GOMODCACHE"])
	return env
}

// ignored mirrors .gitignore: what a tag of the repository would not hold.
func ignored(rel string, d fs.DirEntry) bool {
	if d.IsDir() {
		switch rel {
		case ".git", "bin", "results", ".queuelab", "node_modules":
			return true
		}
		return false
	}
	return strings.HasSuffix(rel, ".test") || strings.HasSuffix(rel, ".out")
}

// moduleFiles lists the checkout's files as a module zip would take them,
// and picks a version never used before.
func moduleFiles(t *testing.T, root string) ([]modzip.File, string) {
	t.Helper()
	var files []modzip.File
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		if ignored(rel, d) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rel == "exercises/catalogue.yaml" {
			data = markCatalogue(t, data)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files = append(files, repoFile{rel: rel, info: info, data: data})
		return nil
	})
	require.NoError(t, err, "list the module's files")
	random := make([]byte, 6)
	_, err = rand.Read(random)
	require.NoError(t, err)
	rev := hex.EncodeToString(random)
	return files, module.PseudoVersion("v0", "", pinnedTime, rev)
}

// proxyMarker is added to one hint of the published catalogue: a report
// that shows it was graded from the module cache's copy, not from the
// checkout nor from the student's repository.
const proxyMarker = "Published copy. "

// markCatalogue adds proxyMarker to TestQuizProducer's hint.
func markCatalogue(t *testing.T, data []byte) []byte {
	t.Helper()
	const hint = "hint: Reread the slide \"Producer and Consumer Pattern\""
	require.Contains(t, string(data), hint, "exercises/catalogue.yaml changed: update the test's marker")
	return []byte(strings.Replace(string(data), hint, "hint: "+proxyMarker+hint[len("hint: "):], 1))
}

// repoFile is one file of the module, for modzip.Create.
type repoFile struct {
	rel  string
	info os.FileInfo
	data []byte
}

func (f repoFile) Path() string                 { return f.rel }
func (f repoFile) Lstat() (os.FileInfo, error)  { return sizedInfo{f.info, int64(len(f.data))}, nil }
func (f repoFile) Open() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(f.data)), nil }

// sizedInfo is a file's info with the size of the data served for it.
type sizedInfo struct {
	os.FileInfo
	size int64
}

func (i sizedInfo) Size() int64 { return i.size }

// writeProxy lays out a GOPROXY=file:// proxy serving the module at version
// and returns the zip.
func writeProxy(t *testing.T, proxy, root, modulePath string, files []modzip.File, version string) []byte {
	t.Helper()
	escaped, err := module.EscapePath(modulePath)
	require.NoError(t, err)
	dir := filepath.Join(proxy, filepath.FromSlash(escaped), "@v")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	var zipped bytes.Buffer
	require.NoError(t, modzip.Create(&zipped, module.Version{Path: modulePath, Version: version}, files), "zip the module")
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	info, err := json.Marshal(map[string]any{"Version": version, "Time": pinnedTime})
	require.NoError(t, err)
	for name, data := range map[string][]byte{
		"list":            []byte(version + "\n"),
		version + ".info": info,
		version + ".mod":  gomod,
		version + ".zip":  zipped.Bytes(),
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	return zipped.Bytes()
}

// assertPublishedContents checks what the published module holds: the
// grader and the checks, but no solved exercises.
func assertPublishedContents(t *testing.T, data []byte, modulePath, version string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	prefix := modulePath + "@" + version + "/"
	names := map[string]bool{}
	for _, f := range zr.File {
		require.True(t, strings.HasPrefix(f.Name, prefix), "zip entry %s", f.Name)
		name := strings.TrimPrefix(f.Name, prefix)
		names[name] = true
		assert.False(t, strings.HasPrefix(name, "solutions/"), "the published module holds a solution: %s", name)
		assert.False(t, strings.HasPrefix(name, "fixtures/submissions/"), "the published module holds a sample submission: %s", name)
	}
	for _, want := range []string{"go.mod", "go.sum", "grader/cmd/grader/main.go", "exercises/catalogue.yaml", "exercises/00_quiz/quiz_test.go"} {
		assert.True(t, names[want], "the published module lacks %s", want)
	}
}

// tamper does what a learner might to pass without solving anything: edit a
// check to pass, edit another to fail (to show which copy runs), and add a
// test file whose init prints passing results and exits.
func tamper(t *testing.T, student string) {
	t.Helper()
	edit := func(rel, old, replacement string) {
		path := filepath.Join(student, filepath.FromSlash(rel))
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Contains(t, string(data), old, "%s changed: update the test's edit", rel)
		require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), old, replacement, 1)), 0o644))
	}
	edit("exercises/01_dummy_queue/queue_test.go",
		"func TestLessonExample(t *testing.T) {\n",
		"func TestLessonExample(t *testing.T) {\n\tif t != nil {\n\t\tt.Log(\"ok\")\n\t\treturn\n\t}\n")
	edit("exercises/00_quiz/quiz_test.go",
		"func TestQuizProducer(t *testing.T) {\n",
		"func TestQuizProducer(t *testing.T) {\n\tt.Fatal(\"the learner's copy of this check always fails\")\n")
	fake := `package dummyqueue

import (
	"fmt"
	"os"
)

func init() {
	fmt.Println("=== RUN   TestLessonExample")
	fmt.Println("--- PASS: TestLessonExample (0.00s)")
	fmt.Println(` + "`" + `{"Action":"pass","Test":"TestLessonExample"}` + "`" + `)
	fmt.Println("PASS")
	os.Exit(0)
}
`
	require.NoError(t, os.WriteFile(filepath.Join(student, "exercises", "01_dummy_queue", "zz_pass_test.go"), []byte(fake), 0o644))
}

// copySolution copies a reference solution's sources over the stubs.
func copySolution(t *testing.T, src, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	copied := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644))
		copied++
	}
	require.NotZero(t, copied, "no solution sources in %s", src)
}

func checksByExercise(r *report.Report) map[string]map[string]report.CheckResult {
	out := map[string]map[string]report.CheckResult{}
	for _, o := range r.Objectives {
		for _, c := range o.Checks {
			if out[c.Exercise] == nil {
				out[c.Exercise] = map[string]report.CheckResult{}
			}
			out[c.Exercise][c.Name] = c
		}
	}
	return out
}

func assertWarns(t *testing.T, warnings []report.Warning, want string) {
	t.Helper()
	for _, w := range warnings {
		if strings.Contains(w.Message, want) {
			return
		}
	}
	assert.Failf(t, "missing warning", "no warning contains %q; warnings: %q", want, report.WarningMessages(warnings))
}

// removeFromModuleCache removes the test version from the module cache (the
// extracted module and its download entries), which go made read-only.
func removeFromModuleCache(t *testing.T, modcache, modulePath, version string) {
	t.Helper()
	escaped, err := module.EscapePath(modulePath)
	require.NoError(t, err)
	escVersion, err := module.EscapeVersion(version)
	require.NoError(t, err)
	extracted := filepath.Join(modcache, filepath.FromSlash(escaped)+"@"+escVersion)
	_ = filepath.WalkDir(extracted, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(path, 0o755)
		}
		return nil
	})
	assert.NoError(t, os.RemoveAll(extracted), "remove the test version from the module cache")
	download := filepath.Join(modcache, "cache", "download", filepath.FromSlash(escaped), "@v")
	matches, _ := filepath.Glob(filepath.Join(download, glob(escVersion)+".*"))
	for _, m := range matches {
		assert.NoError(t, os.Remove(m), "remove %s", m)
	}
	// go keeps a list of the versions it downloaded beside them.
	list := filepath.Join(download, "list")
	if data, err := os.ReadFile(list); err == nil {
		var keep []string
		for _, v := range strings.Fields(string(data)) {
			if v != version {
				keep = append(keep, v)
			}
		}
		if len(keep) == 0 {
			assert.NoError(t, os.Remove(list))
		} else {
			assert.NoError(t, os.WriteFile(list, []byte(strings.Join(keep, "\n")+"\n"), 0o644))
		}
	}
	// Leave no empty folders behind (Remove fails on a folder in use).
	for dir := download; strings.HasPrefix(dir, filepath.Join(modcache, "cache", "download")+string(filepath.Separator)); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break
		}
	}
	for dir := filepath.Dir(extracted); strings.HasPrefix(dir, modcache+string(filepath.Separator)); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break
		}
	}
}

func glob(s string) string {
	return strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`).Replace(s)
}

func slashPath(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // file:///C:/...
	}
	return p
}
