package batch

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/batch/classreport"
	"github.com/queuelab/queuelab/grader/report"
)

func TestParseRoster(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in string
		want     []classreport.RosterStudent
		err      string
	}{
		{
			name: "GitHub Classroom export",
			in:   "\ufeff\"identifier\",\"github_username\",\"github_id\",\"name\"\n\"ada@uni.example\",\"ada-l\",\"1\",\"Ada Lovelace\"\n\"grace@uni.example\",\"\",\"\",\"Grace Hopper\"\n",
			want: []classreport.RosterStudent{
				{Row: 1, ID: "ada@uni.example", Name: "Ada Lovelace", GitHub: "ada-l"},
				{Row: 2, ID: "grace@uni.example", Name: "Grace Hopper"},
			},
		},
		{
			name: "plain list",
			in:   "ada\n\ngrace\n",
			want: []classreport.RosterStudent{{Row: 1, ID: "ada"}, {Row: 2, ID: "grace"}},
		},
		{
			name: "id, name, email, student number",
			in:   "ID,Name,Email,Student Number\nada,Ada Lovelace,ada@uni.example,s-1815\n",
			want: []classreport.RosterStudent{{Row: 1, ID: "ada", Name: "Ada Lovelace", Email: "ada@uni.example", Number: "s-1815"}},
		},
		{name: "no id column", in: "first,last\nAda,Lovelace\n", err: "has no id column"},
		{name: "twice", in: "id\nada\ngrace\nAda\n", err: `lists "Ada" twice (lines 2 and 4)`},
		{name: "empty", in: "", err: "is empty"},
		{name: "header only", in: "id,name\n", err: "lists no student"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseRoster(strings.NewReader(tc.in), "roster.csv")
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestRosterMatch(t *testing.T) {
	t.Parallel()
	roster := []classreport.RosterStudent{
		{Row: 1, ID: "ada@uni.example", GitHub: "ada-l"},
		{Row: 2, ID: "s-1906", Number: "1906", GitHub: "l"},
	}
	cases := []struct{ entry, want string }{
		{"ada@uni.example", "ada@uni.example"},
		{"ADA-L", "ada@uni.example"},
		{"queuelab-ada-l", "ada@uni.example"}, // GitHub Classroom's repository name; the longer username wins
		{"1906", "s-1906"},
		{"queuelab-l", "s-1906"},
		{"mallory", ""},
	}
	for _, tc := range cases {
		got := rosterMatch(roster, tc.entry)
		if tc.want == "" {
			assert.Nil(t, got, tc.entry)
			continue
		}
		require.NotNil(t, got, tc.entry)
		assert.Equal(t, tc.want, got.ID, tc.entry)
	}
}

// readGrades reads grades.csv as rows of id, score, status, learner and
// entry.
func readGrades(t *testing.T, out string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(readFile(t, filepath.Join(out, "grades.csv")))).ReadAll()
	require.NoError(t, err)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var out2 [][]string
	for _, r := range rows[1:] {
		out2 = append(out2, []string{r[col["id"]], r[col["score"]], r[col["status"]], r[col["learner"]], r[col["entry"]]})
	}
	return out2
}

// TestEveryoneKeptTheDefaultName: a class whose students all kept
// name: ada grades to one row per entry, with the entries' names as ids.
func TestEveryoneKeptTheDefaultName(t *testing.T) {
	t.Parallel()
	subs := t.TempDir()
	for _, name := range []string{"ann", "bea.zip", "cy"} {
		writeSubmission(t, subs, name, map[string]string{
			"learner.yaml":                      "name: ada\n",
			"exercises/01_dummy_queue/queue.go": source("queue", "TestFIFO"),
		})
	}
	g := &fakeGrader{cat: testCatalogue(t)}
	opts := options(t, subs, g)
	_, err := Run(context.Background(), opts)
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"ann", "2", "graded", "ada", "ann"},
		{"bea", "2", "graded", "ada", "bea.zip"},
		{"cy", "2", "graded", "ada", "cy"},
	}, readGrades(t, opts.Out))
	for _, id := range []string{"ann", "bea", "cy"} {
		assert.FileExists(t, filepath.Join(opts.Out, "feedback", id+".md"))
	}
}

func TestRunWithARoster(t *testing.T) {
	t.Parallel()
	subs := smallClass(t) // alice, bob.zip, carol, dave.zip, erin (name: alice), frank
	roster := filepath.Join(t.TempDir(), "roster.csv")
	require.NoError(t, os.WriteFile(roster, []byte("identifier,github_username,github_id,name\n"+
		"frank@uni.example,frank,6,Frank\n"+
		"zoe@uni.example,zoe,7,Zoe\n"+
		"alice@uni.example,alice,1,Alice\n"+
		"bob@uni.example,bob,2,Bob\n"+
		"carol@uni.example,carol,3,Carol\n"+
		"dave@uni.example,dave,4,Dave\n"), 0o644))
	opts := options(t, subs, &fakeGrader{cat: testCatalogue(t)})
	opts.Roster = roster
	sum, err := Run(context.Background(), opts)
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"frank@uni.example", "0", "timeout", "", "frank"},
		{"zoe@uni.example", "0", "missing", "", ""},
		{"alice@uni.example", "6", "graded", "alice", "alice"},
		{"bob@uni.example", "2", "graded", "", "bob.zip"},
		{"carol@uni.example", "3", "graded", "", "carol"},
		{"dave@uni.example", "0", "unreadable", "", "dave.zip"},
		{"erin", "3", "graded", "alice", "erin"}, // not on the roster: graded, after the roster's students
	}, readGrades(t, opts.Out), "one row per roster student, in roster order")
	assert.Equal(t, []string{"zoe@uni.example"}, sum.Missing)
	assert.Equal(t, []string{"erin (erin)"}, sum.NotOnRoster)
	assert.Equal(t, 6, sum.Total, "the submissions found")
	assert.NoFileExists(t, filepath.Join(opts.Out, "feedback", "zoe_uni.example.md"))

	var buf bytes.Buffer
	sum.Write(&buf)
	assert.Contains(t, buf.String(), "Missing: 1 on the roster handed nothing in (status missing, score 0): zoe@uni.example\n")
	assert.Contains(t, buf.String(), "Not on the roster: 1 graded anyway: erin (erin)\n")
	page := readFile(t, filepath.Join(opts.Out, "report.html"))
	assert.Contains(t, page, `<p id="missing">zoe@uni.example</p>`)
	assert.Contains(t, page, `id="not-on-roster"`)
	canvas := readFile(t, filepath.Join(opts.Out, "canvas.csv"))
	assert.Contains(t, canvas, "Zoe,,,zoe@uni.example,,0\n")
}

// TestTwoEntriesOfOneStudent: two entries that map to one id stop the
// batch before anything is graded, naming both.
func TestTwoEntriesOfOneStudent(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		entries []string
		roster  string
		want    string
	}{
		{"one name, two kinds", []string{"ada", "ada.zip"}, "", "the submissions ada and ada.zip are both ada's"},
		{"roster id and github username", []string{"ada-l", "s1815"}, "id,github_username\ns1815,ada-l\n", "the submissions ada-l and s1815 are both s1815's"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			subs := t.TempDir()
			for _, e := range tc.entries {
				writeSubmission(t, subs, e, map[string]string{"exercises/01_dummy_queue/queue.go": source("queue")})
			}
			g := &fakeGrader{cat: testCatalogue(t)}
			opts := options(t, subs, g)
			if tc.roster != "" {
				opts.Roster = filepath.Join(t.TempDir(), "roster.csv")
				require.NoError(t, os.WriteFile(opts.Roster, []byte(tc.roster), 0o644))
			}
			_, err := Run(context.Background(), opts)
			require.ErrorContains(t, err, tc.want)
			assert.Zero(t, g.calls.Load(), "nothing is graded")
			assert.NoFileExists(t, filepath.Join(opts.Out, "grades.csv"))
		})
	}
}

// TestCompareWithAPreviousBatch: after the checks change, the summary and
// the report list every student whose score changed, with the checks that
// flipped.
func TestCompareWithAPreviousBatch(t *testing.T) {
	t.Parallel()
	subs := smallClass(t)
	first := options(t, subs, &fakeGrader{cat: testCatalogue(t)})
	_, err := Run(context.Background(), first)
	require.NoError(t, err)

	// The checks change: TestDelete is now worth nothing to anyone who
	// "passes" it, since the new grader fails it.
	changed := &fakeGrader{cat: testCatalogue(t)}
	second := options(t, subs, flipGrader{changed, "TestDelete"})
	second.Out = first.Out // --compare may name --out itself
	second.Compare = first.Out
	sum, err := Run(context.Background(), second)
	require.NoError(t, err)
	var ids []string
	for _, c := range sum.Changes {
		ids = append(ids, c.ID)
	}
	assert.Equal(t, []string{"alice", "carol", "erin"}, ids)
	var buf bytes.Buffer
	sum.Write(&buf)
	assert.Contains(t, buf.String(), "Changed since "+first.Out+": 3 students\n  alice: 6 → 3 (−03_sqs_consume/TestDelete)\n")
	page := readFile(t, filepath.Join(second.Out, "report.html"))
	assert.Contains(t, page, "<code>−03_sqs_consume/TestDelete</code>")

	_, err = Run(context.Background(), Options{Submissions: subs, Out: t.TempDir(), Compare: filepath.Join(t.TempDir(), "none"), Grader: changed, Catalogue: testCatalogue(t)})
	assert.ErrorContains(t, err, "--compare: read the previous results")
}

// flipGrader grades as its grader does, except that the check named fail
// never passes: the checks changed between two batches.
type flipGrader struct {
	g    Grader
	fail string
}

func (f flipGrader) Grade(ctx context.Context, sub Submission) (*report.Report, error) {
	r, err := f.g.Grade(ctx, sub)
	if err != nil || r == nil {
		return r, err
	}
	r.Score, r.Passed = 0, true
	for i := range r.Objectives {
		o := &r.Objectives[i]
		o.Score, o.Passed = 0, true
		for j := range o.Checks {
			c := &o.Checks[j]
			if c.Name == f.fail {
				c.Passed, c.Score, c.Status = false, 0, report.StatusFail
			}
			o.Score += c.Score
			o.Passed = o.Passed && c.Passed
		}
		r.Score += o.Score
		r.Passed = r.Passed && o.Passed
	}
	return r, nil
}
