// Package seal is the format of sealed verdicts: the one channel through
// which a check's outcome reaches the grader. The grader hands the check
// helper (labtest) a fresh random key on an inherited pipe; labtest reads it
// when its package initialises, before any learner code can run, and writes
// one HMAC-signed line per finished check to a second pipe. The grader trusts
// only lines whose signature verifies under the key it made, so nothing a
// submission prints, writes to a file or exits with becomes a verdict.
package seal

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// EnvFDs names the inherited descriptors as "KEY,VERDICTS" (for example
// "3,4"): KEY is read for KeySize bytes and closed; VERDICTS is written.
// The variable itself carries no secret.
const EnvFDs = "QUEUELAB_SEAL_FDS"

// KeySize is the length of the per-run key, in bytes.
const KeySize = 32

// magic starts every sealed line; a version in it lets the format change.
const magic = "QLV1 "

// maxLine bounds one line the grader reads, so a submission that floods
// the verdict pipe costs it its own verdicts and nothing else.
const maxLine = 4096

// The outcomes a verdict can carry.
const (
	Pass = "pass"
	Fail = "fail"
	Skip = "skip"
)

// Verdict is the outcome of one top-level check, as labtest observed it.
type Verdict struct {
	Exercise string `json:"e"`
	Check    string `json:"c"`
	Status   string `json:"s"`
	// Seq numbers the verdicts of one process, so no two lines are equal.
	Seq uint64 `json:"n"`
}

// Line returns v as one signed line, newline included.
func Line(key []byte, v Verdict) []byte {
	payload, _ := json.Marshal(v) // a struct of strings and a number always marshals
	body := base64.RawURLEncoding.EncodeToString(payload)
	return []byte(magic + body + " " + sign(key, body) + "\n")
}

func sign(key []byte, body string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(magic + body))
	return hex.EncodeToString(m.Sum(nil))
}

// Parse returns the verdict in line when its signature verifies under key.
// Anything before the last magic on the line is ignored, so bytes a
// submission wrote into the pipe cannot hide a genuine verdict after them.
func Parse(key []byte, line []byte) (Verdict, bool) {
	i := bytes.LastIndex(line, []byte(magic))
	if i < 0 {
		return Verdict{}, false
	}
	body, mac, ok := strings.Cut(strings.TrimSpace(string(line[i+len(magic):])), " ")
	if !ok {
		return Verdict{}, false
	}
	want, err := hex.DecodeString(mac)
	if err != nil {
		return Verdict{}, false
	}
	got, _ := hex.DecodeString(sign(key, body))
	if !hmac.Equal(got, want) {
		return Verdict{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return Verdict{}, false
	}
	var v Verdict
	if err := json.Unmarshal(payload, &v); err != nil {
		return Verdict{}, false
	}
	switch v.Status {
	case Pass, Fail, Skip:
		return v, true
	}
	return Verdict{}, false
}

// Read passes each verified verdict in r to found, until EOF or an error,
// and counts the lines it rejected (forged, damaged or too long).
func Read(key []byte, r io.Reader, found func(Verdict)) (rejected int) {
	br := bufio.NewReaderSize(r, maxLine)
	for {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			rejected++
			for err == bufio.ErrBufferFull { // skip the rest of the overlong line
				_, err = br.ReadSlice('\n')
			}
			if err != nil {
				return rejected
			}
			continue
		}
		if len(bytes.TrimSpace(line)) > 0 {
			if v, ok := Parse(key, line); ok {
				found(v)
			} else {
				rejected++
			}
		}
		if err != nil {
			return rejected
		}
	}
}

// FDs formats the value of EnvFDs.
func FDs(key, verdicts int) string { return fmt.Sprintf("%d,%d", key, verdicts) }

// ParseFDs reads the value of EnvFDs.
func ParseFDs(s string) (key, verdicts int, err error) {
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		return 0, 0, fmt.Errorf("%s=%q: want KEY,VERDICTS", EnvFDs, s)
	}
	if key, err = strconv.Atoi(a); err != nil {
		return 0, 0, fmt.Errorf("%s: key descriptor: %w", EnvFDs, err)
	}
	if verdicts, err = strconv.Atoi(b); err != nil {
		return 0, 0, fmt.Errorf("%s: verdict descriptor: %w", EnvFDs, err)
	}
	return key, verdicts, nil
}
