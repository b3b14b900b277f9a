package faults

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// Path is where an emulator serves its faults over HTTP, beside the
// services: GET lists the active rules with their counts, POST adds the
// rules of a fault file (YAML or JSON) in the body, DELETE removes every
// rule, or those of ?account=ID, or the one of ?id=N.
const Path = "/_queuelab/faults"

// maxBody bounds a posted fault file.
const maxBody = 1 << 20

// listing is the answer to GET and POST.
type listing struct {
	Rules []Status `json:"rules"`
}

// ServeHTTP serves Path for the set.
func (s *Set) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		account := r.URL.Query().Get("account")
		rules := []Status{}
		for _, st := range s.Status() {
			if account == "" || st.Account == account {
				rules = append(rules, st)
			}
		}
		writeJSON(w, http.StatusOK, listing{Rules: rules})
	case http.MethodPost:
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		switch {
		case err != nil:
			writeError(w, http.StatusBadRequest, fmt.Sprintf("read the body: %v", err))
			return
		case len(body) > maxBody:
			writeError(w, http.StatusRequestEntityTooLarge, "a fault file is at most 1 MiB")
			return
		}
		cfg, err := Parse(body, s.v)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		added, err := s.Add(cfg)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		writeJSON(w, http.StatusOK, listing{Rules: added})
	case http.MethodDelete:
		s.serveDelete(w, r)
	default:
		w.Header().Set("Allow", "GET, POST, DELETE")
		writeError(w, http.StatusMethodNotAllowed, r.Method+" is not served here: GET lists the faults, POST adds some, DELETE removes them")
	}
}

func (s *Set) serveDelete(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var n int
	switch id, account := q.Get("id"), q.Get("account"); {
	case id != "":
		want, err := strconv.Atoi(id)
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("id %q is not a rule's id (GET %s lists them)", id, Path))
			return
		}
		if n = s.Remove(func(st Status) bool { return st.ID == want }); n == 0 {
			writeError(w, http.StatusNotFound, fmt.Sprintf("no fault rule has id %d (GET %s lists them)", want, Path))
			return
		}
	case account != "":
		n = s.Remove(func(st Status) bool { return st.Account == account })
	default:
		n = s.Clear()
	}
	writeJSON(w, http.StatusOK, map[string]int{"deleted": n})
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error": "could not encode the answer"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
