package batch

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/queuelab/queuelab/grader/batch/classreport"
	"github.com/queuelab/queuelab/grader/batch/intake"
	"github.com/queuelab/queuelab/grader/catalogue"
)

// rosterColumns are the header names a roster's columns are known by
// (compared lowercased, spaces and underscores alike). The id column is
// the first of "id", "identifier" (GitHub Classroom's roster export:
// identifier, github_username, github_id, name), "login", "username",
// "student", "github_username", "email".
var rosterColumns = map[string][]string{
	"id":     {"id", "identifier", "login", "username", "user", "student", "github username", "email", "email address"},
	"name":   {"name", "full name", "student name"},
	"email":  {"email", "email address", "e-mail"},
	"number": {"student number", "student no", "student id", "sid", "sis user id", "id number", "idnumber", "matriculation number"},
	"github": {"github username", "github", "github login"},
}

// readRoster reads the instructor's roster: a CSV with a header naming an
// id column (see rosterColumns) and optionally name, email, student number
// and GitHub username; or a plain list, one id a line, without a header.
// Rows without an id are passed over; an id listed twice is an error.
func readRoster(path string) ([]classreport.RosterStudent, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read the roster: %w", err)
	}
	defer f.Close()
	return parseRoster(f, path)
}

func parseRoster(r io.Reader, name string) ([]classreport.RosterStudent, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read the roster %s: %w", name, err)
	}
	// A spreadsheet's byte order mark would make the first header unknown.
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	records, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read the roster %s: %w", name, err)
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("the roster %s is empty", name)
	}
	col := map[string]int{}
	for field, names := range rosterColumns {
		col[field] = -1
		for _, want := range names {
			if i := headerIndex(records[0], want); i >= 0 {
				col[field] = i
				break
			}
		}
	}
	body := records[1:]
	if col["id"] < 0 {
		if len(records[0]) > 1 {
			return nil, fmt.Errorf("the roster %s has no id column: name one id, identifier, login or username (its header is %q)", name, strings.Join(records[0], ","))
		}
		// A plain list of ids, one a line, with no header.
		col = map[string]int{"id": 0, "name": -1, "email": -1, "number": -1, "github": -1}
		body = records
	}
	var out []classreport.RosterStudent
	seen := map[string]int{}
	for i, rec := range body {
		cell := func(field string) string {
			if c := col[field]; c >= 0 && c < len(rec) {
				return strings.TrimSpace(rec[c])
			}
			return ""
		}
		s := classreport.RosterStudent{ID: cell("id"), Name: cell("name"), Email: cell("email"), Number: cell("number"), GitHub: cell("github")}
		if s.ID == "" {
			continue
		}
		line := i + 1
		if len(body) < len(records) {
			line++
		}
		if first, dup := seen[strings.ToLower(s.ID)]; dup {
			return nil, fmt.Errorf("the roster %s lists %q twice (lines %d and %d)", name, s.ID, first, line)
		}
		seen[strings.ToLower(s.ID)] = line
		s.Row = len(out) + 1
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the roster %s lists no student", name)
	}
	return out, nil
}

func headerIndex(header []string, want string) int {
	norm := func(s string) string {
		return strings.Join(strings.Fields(strings.ReplaceAll(strings.ToLower(s), "_", " ")), " ")
	}
	for i, h := range header {
		if norm(h) == want {
			return i
		}
	}
	return -1
}

// rosterMatch finds the roster student an entry belongs to: the entry's
// id is the student's id, GitHub username, email or student number (any
// case), or ends in "-<GitHub username>" as GitHub Classroom names the
// repositories of an assignment ("queuelab-octocat"). nil when none is.
func rosterMatch(roster []classreport.RosterStudent, entryID string) *classreport.RosterStudent {
	id := strings.ToLower(entryID)
	for i, s := range roster {
		for _, key := range []string{s.ID, s.GitHub, s.Email, s.Number} {
			if key != "" && strings.ToLower(key) == id {
				return &roster[i]
			}
		}
	}
	var found *classreport.RosterStudent
	for i, s := range roster {
		if s.GitHub != "" && strings.HasSuffix(id, "-"+strings.ToLower(s.GitHub)) {
			if found == nil || len(s.GitHub) > len(found.GitHub) {
				found = &roster[i]
			}
		}
	}
	return found
}

// owner is who an entry's submission belongs to.
type owner struct {
	id     string
	roster *classreport.RosterStudent // nil when not on the roster (or no roster)
}

// assignOwners gives each entry its student id, before anything is graded:
// the roster's id of the student it belongs to, else its own id (its name
// without extension). Two entries with one id are an error that names
// both: the instructor keeps one.
func assignOwners(entries []intake.Entry, roster []classreport.RosterStudent) ([]owner, error) {
	out := make([]owner, len(entries))
	claimed := map[string]string{}
	var errs []error
	for i, e := range entries {
		who := owner{id: e.ID}
		if roster != nil {
			if s := rosterMatch(roster, e.ID); s != nil {
				who = owner{id: s.ID, roster: s}
			}
		}
		key := strings.ToLower(who.id)
		if prev, taken := claimed[key]; taken {
			errs = append(errs, fmt.Errorf("the submissions %s and %s are both %s's: keep one of them in the folder", prev, e.Name, who.id))
			continue
		}
		claimed[key] = e.Name
		out[i] = who
	}
	return out, errors.Join(errs...)
}

// missingStudents are the results of the roster's students whom no entry
// belongs to: status missing, every check an error, score 0.
func missingStudents(cat *catalogue.Catalogue, roster []classreport.RosterStudent, owners []owner) []classreport.Result {
	handedIn := map[int]bool{}
	for _, o := range owners {
		if o.roster != nil {
			handedIn[o.roster.Row] = true
		}
	}
	var out []classreport.Result
	for i := range roster {
		s := &roster[i]
		if handedIn[s.Row] {
			continue
		}
		res := classreport.Result{ID: s.ID, Roster: s, Status: classreport.StatusMissing, Error: "no submission"}
		res.Report = classreport.Failed(cat, res.Error)
		out = append(out, res)
	}
	return out
}
