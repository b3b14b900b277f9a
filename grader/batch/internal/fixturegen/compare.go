package fixturegen

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
)

// Difference is one student whose grades differ from the expected ones.
type Difference struct {
	ID string
	// Expected and Got are "score/max status", or "missing".
	Expected, Got string
	// Columns names the other cells that differ: "01_dummy_queue score 16 → 0".
	Columns []string
}

func (d Difference) String() string {
	s := fmt.Sprintf("%s: expected %s, got %s", d.ID, d.Expected, d.Got)
	if len(d.Columns) > 0 {
		s += " (" + strings.Join(d.Columns, "; ") + ")"
	}
	return s
}

// Compare reads two gradebooks (grades.csv, as the batch writes them and
// as Generate writes expected.csv) and returns the number of students
// expected and, by id, every student whose grades differ: score, max, every
// objective's and exercise's cells and the status (not the note, which
// only explains them).
func Compare(expected, got []byte) (int, []Difference, error) {
	want, err := readGradebook(expected)
	if err != nil {
		return 0, nil, fmt.Errorf("expected grades: %w", err)
	}
	have, err := readGradebook(got)
	if err != nil {
		return 0, nil, fmt.Errorf("grades: %w", err)
	}
	ids := map[string]bool{}
	for id := range want.rows {
		ids[id] = true
	}
	for id := range have.rows {
		ids[id] = true
	}
	var diffs []Difference
	for _, id := range sortedKeys(ids) {
		w, wok := want.rows[id]
		h, hok := have.rows[id]
		d := Difference{ID: id, Expected: want.summary(w, wok), Got: have.summary(h, hok)}
		if wok && hok {
			for _, col := range want.header {
				if col == "id" || col == "note" {
					continue // the note explains a grade; it is no grade
				}
				if a, b := w[col], h[col]; a != b {
					d.Columns = append(d.Columns, fmt.Sprintf("%s %s → %s", col, a, b))
				}
			}
			if len(d.Columns) == 0 {
				continue
			}
		}
		diffs = append(diffs, d)
	}
	return len(want.rows), diffs, nil
}

type gradebook struct {
	header []string
	rows   map[string]map[string]string
}

func readGradebook(data []byte) (gradebook, error) {
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return gradebook{}, err
	}
	if len(records) == 0 || len(records[0]) == 0 || records[0][0] != "id" {
		return gradebook{}, fmt.Errorf("no header starting with id")
	}
	g := gradebook{header: records[0], rows: map[string]map[string]string{}}
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, col := range g.header {
			if i < len(rec) {
				row[col] = rec[i]
			}
		}
		g.rows[row["id"]] = row
	}
	return g, nil
}

func (g gradebook) summary(row map[string]string, ok bool) string {
	if !ok {
		return "missing"
	}
	return fmt.Sprintf("%s/%s %s", row["score"], row["max"], row["status"])
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
