package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/report/jsonout"
	"github.com/queuelab/queuelab/grader/report/text"
)

// elided stands, on a line of its own, for lines of the real output that
// the README leaves out.
const elided = "…"

// runDuration is the run's duration at the end of the header, which differs
// from run to run.
var runDuration = regexp.MustCompile(` · [0-9.]+(ms|s|m[0-9.]*s)$`)

// TestREADMESampleIsARealRun: the sample output in the README's Quick start
// is cut from what `make check` prints on the untouched exercises: each of
// its lines, but for "…" (lines left out), comes in a real run's text
// report, in that order. When it fails, run `make check` on a fresh
// checkout and copy the lines again.
func TestREADMESampleIsARealRun(t *testing.T) {
	if testing.Short() {
		t.Skip("grades every exercise")
	}
	t.Parallel()
	root := repoRoot(t)
	sample := readmeSample(t, filepath.Join(root, "README.md"))

	out := filepath.Join(t.TempDir(), "report.json")
	code, _, stderr := grader(t, "check", "--dir", root, "--format", "json", "--out", out)
	require.Equal(t, 1, code, "the stubs fail their checks; stderr:\n%s", stderr)
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	r, err := jsonout.Read(f)
	require.NoError(t, err)
	var real bytes.Buffer
	require.NoError(t, text.Write(&real, r, text.Options{}))

	lines := strings.Split(real.String(), "\n")
	at := 0
	for i, want := range sample {
		if strings.TrimSpace(want) == elided {
			continue
		}
		found := false
		for ; at < len(lines); at++ {
			if runDuration.ReplaceAllString(lines[at], "") == runDuration.ReplaceAllString(want, "") {
				found, at = true, at+1
				break
			}
		}
		require.True(t, found, "README sample line %d is not in a real run (or not in this order): %q\nreal run:\n%s", i+1, want, real.String())
	}
}

// readmeSample returns the lines of the README's first ```text block.
func readmeSample(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	_, block, ok := strings.Cut(string(data), "```text\n")
	require.True(t, ok, "no ```text block in %s", path)
	block, _, ok = strings.Cut(block, "```\n")
	require.True(t, ok, "the ```text block of %s does not end", path)
	return strings.Split(strings.TrimSuffix(block, "\n"), "\n")
}
