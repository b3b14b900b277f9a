package classreport

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Change is a student whose score differs from a previous batch's (after
// the checks changed, say), with the checks that flipped.
type Change struct {
	ID string
	// Before and After are the scores; a student absent from one side has
	// 0 there and New or Gone set.
	Before, After int
	New, Gone     bool
	// Flipped lists the checks whose verdict changed, in the catalogue's
	// order of the current results, then the previous results' own.
	Flipped []Flip
}

// Flip is one check that passes now and did not, or the other way round.
type Flip struct {
	Exercise, Name string
	// Passes is the check's verdict now.
	Passes bool
}

func (f Flip) String() string {
	sign := "−"
	if f.Passes {
		sign = "+"
	}
	return sign + f.Exercise + "/" + f.Name
}

// ReadResults reads the students of a previous batch's results.json in
// the folder out.
func ReadResults(out string) ([]Result, error) {
	data, err := os.ReadFile(filepath.Join(out, ResultsFile))
	if err != nil {
		return nil, fmt.Errorf("read the previous results: %w", err)
	}
	var doc resultsFile
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read the previous results %s: %w", filepath.Join(out, ResultsFile), err)
	}
	return doc.Students, nil
}

// Compare lists, by id, every student whose score differs between the
// previous results and the current ones, with the checks that flipped. A
// student on one side only counts as 0 on the other.
func Compare(previous, current []Result) []Change {
	before := map[string]Result{}
	for _, r := range previous {
		before[r.ID] = r
	}
	now := map[string]Result{}
	for _, r := range current {
		now[r.ID] = r
	}
	ids := map[string]bool{}
	for id := range before {
		ids[id] = true
	}
	for id := range now {
		ids[id] = true
	}
	var out []Change
	for id := range ids {
		b, hadB := before[id]
		a, hasA := now[id]
		c := Change{ID: id, New: !hadB, Gone: !hasA}
		if hadB && b.Report != nil {
			c.Before = b.Report.Score
		}
		if hasA && a.Report != nil {
			c.After = a.Report.Score
		}
		if c.Before == c.After {
			continue
		}
		c.Flipped = flips(b, a)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// flips lists the checks whose verdict differs between two results; a
// check missing from one side counts as not passed there.
func flips(before, after Result) []Flip {
	type key struct{ exercise, name string }
	passed := func(r Result) (map[key]bool, []key) {
		m, order := map[key]bool{}, []key(nil)
		if r.Report == nil {
			return m, order
		}
		for _, c := range r.Report.Checks() {
			k := key{c.Exercise, c.Name}
			if _, seen := m[k]; !seen {
				order = append(order, k)
			}
			m[k] = c.Passed
		}
		return m, order
	}
	b, bOrder := passed(before)
	a, aOrder := passed(after)
	var out []Flip
	seen := map[key]bool{}
	for _, k := range append(aOrder, bOrder...) {
		if seen[k] {
			continue
		}
		seen[k] = true
		if a[k] != b[k] {
			out = append(out, Flip{Exercise: k.exercise, Name: k.name, Passes: a[k]})
		}
	}
	return out
}
