package batch

import (
	"archive/zip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/report"
)

const testCatalogueYAML = `
objectives:
  - {id: LO1, title: Queues}
  - {id: LO2, title: Design}
exercises:
  - id: 01_dummy_queue
    title: Dummy queue
    checks:
      - {name: TestFIFO, objective: LO1, points: 2, hint: "Dequeue the oldest first."}
      - {name: TestEmpty, objective: LO1, points: 1, hint: "Say when it is empty."}
  - id: 03_sqs_consume
    title: Consume
    checks:
      - {name: TestDelete, objective: LO2, points: 3, hint: "Delete after processing."}
`

func testCatalogue(t testing.TB) *catalogue.Catalogue {
	t.Helper()
	cat, err := catalogue.Parse([]byte(testCatalogueYAML))
	require.NoError(t, err)
	return cat
}

// fakeGrader grades by reading the sources: a check passes when an
// exercise's .go files say "PASS TestName". "LOOP" hangs until the deadline,
// "BROKEN" makes the grader fail. It counts the submissions it graded.
type fakeGrader struct {
	cat    *catalogue.Catalogue
	calls  atomic.Int32
	mu     sync.Mutex
	graded []string
	// after, when set, runs after each grade (to stop a batch mid-way).
	after func(n int)
}

func (f *fakeGrader) Grade(ctx context.Context, sub Submission) (*report.Report, error) {
	n := int(f.calls.Add(1))
	f.mu.Lock()
	f.graded = append(f.graded, sub.Entry)
	f.mu.Unlock()
	if f.after != nil {
		defer f.after(n)
	}
	src := map[string]string{}
	for _, e := range f.cat.Exercises {
		files, _ := filepath.Glob(filepath.Join(sub.Dir, "exercises", e.ID, "*.go"))
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			src[e.ID] += string(data)
		}
	}
	all := strings.Join(mapValues(src), "\n")
	if strings.Contains(all, "BROKEN") {
		return nil, errors.New("the grader broke")
	}
	if strings.Contains(all, "LOOP") {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	r := &report.Report{Learner: sub.Learner, Passed: true}
	for _, o := range f.cat.Objectives {
		or := report.ObjectiveResult{ID: o.ID, Title: o.Title, Passed: true}
		for _, e := range f.cat.Exercises {
			for _, ch := range e.Check {
				if ch.Objective != o.ID {
					continue
				}
				c := report.CheckResult{Name: ch.Name, Exercise: e.ID, Status: report.StatusFail, MaxScore: ch.Points, Hint: ch.Hint, Message: "not implemented yet"}
				if strings.Contains(src[e.ID], "PASS "+ch.Name) {
					c.Status, c.Passed, c.Score, c.Message = report.StatusPass, true, ch.Points, ""
				}
				or.Checks = append(or.Checks, c)
				or.Score += c.Score
				or.MaxScore += c.MaxScore
				or.Passed = or.Passed && c.Passed
			}
		}
		r.Objectives = append(r.Objectives, or)
		r.Score += or.Score
		r.MaxScore += or.MaxScore
		r.Passed = r.Passed && or.Passed
	}
	return r, nil
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// source is a Go file of an exercise that passes the named checks.
func source(pkg string, pass ...string) string {
	s := "package " + pkg + "\n"
	for _, p := range pass {
		s += "// PASS " + p + "\n"
	}
	return s
}

// writeSubmission writes files (path -> content) as a folder, or as a .zip
// when name ends in .zip.
func writeSubmission(t testing.TB, dir, name string, files map[string]string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if strings.HasSuffix(name, ".zip") {
		f, err := os.Create(p)
		require.NoError(t, err)
		zw := zip.NewWriter(f)
		for fp, body := range files {
			w, err := zw.Create(fp)
			require.NoError(t, err)
			_, err = w.Write([]byte(body))
			require.NoError(t, err)
		}
		require.NoError(t, zw.Close())
		require.NoError(t, f.Close())
		return
	}
	for fp, body := range files {
		full := filepath.Join(p, filepath.FromSlash(fp))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(body), 0o644))
	}
}

// smallClass writes a class of six submissions of every kind of outcome.
func smallClass(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	writeSubmission(t, dir, "alice", map[string]string{
		"learner.yaml":                      "name: alice\nconfidence:\n  queues: 5\n",
		"exercises/01_dummy_queue/queue.go": source("queue", "TestFIFO", "TestEmpty"),
		"exercises/03_sqs_consume/c.go":     source("consume", "TestDelete"),
	})
	writeSubmission(t, dir, "bob.zip", map[string]string{
		"bob-main/exercises/01_dummy_queue/queue.go":      source("queue", "TestFIFO"),
		"bob-main/exercises/01_dummy_queue/queue_test.go": source("queue", "TestEmpty"),
	})
	writeSubmission(t, dir, "carol", map[string]string{
		"01_dummy_queue/queue.go": source("queue"),
		"03_sqs_consume/c.go":     source("consume", "TestDelete"),
	})
	writeSubmission(t, dir, "dave.zip", map[string]string{"README.md": "I forgot my code\n"})
	writeSubmission(t, dir, "erin", map[string]string{
		"learner.yaml":                  "name: alice\n",
		"exercises/03_sqs_consume/c.go": source("consume", "TestDelete"),
	})
	writeSubmission(t, dir, "frank", map[string]string{
		"exercises/01_dummy_queue/queue.go": source("queue", "TestFIFO") + "// LOOP\n",
	})
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a submission"), 0o644))
	return dir
}

const smallClassGrades = `id,score,max,LO1 score,LO1 pass,LO2 score,LO2 pass,01_dummy_queue score,03_sqs_consume score,status,note,learner,entry
alice,6,6,3,pass,3,pass,3,3,graded,,alice,alice
bob,2,6,2,fail,0,fail,2,0,graded,,,bob.zip
carol,3,6,0,fail,3,pass,0,3,graded,,,carol
dave,0,6,0,fail,0,fail,0,0,unreadable,no exercise sources found: expected exercises/NN_name/*.go (or the NN_name folders themselves),,dave.zip
erin,3,6,0,fail,3,pass,0,3,graded,,alice,erin
frank,0,6,0,fail,0,fail,0,0,timeout,grading stopped after 500ms,,frank
`
