package realclients

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/internal/testenv"
)

// The docs' shell blocks are the steps a learner copies into a terminal
// while `make serve` runs. TestDocsShellBlocks runs every one of them, per
// Markdown file in order (a block may use a variable an earlier one set),
// against the emulator on a free loopback port, with the real AWS CLI. A
// block that cannot run there (it starts the server, runs the checks, has a
// placeholder) says so in the Markdown, on the line before its fence:
//
//	<!-- not run: starts the server -->
//
// An unmarked block that fails fails the test, so nothing is skipped
// silently.

// docsAccount is the one account id of the docs: the one the emulator (and
// LocalStack) gives any access key id that is not 12 digits, such as the
// learner's own AWS key that the slides' CLI uses. See README, "The
// lesson's CLI and boto3 steps".
const docsAccount = "000000000000"

// learnerKeyID is what the test's shell has as credentials before a block
// exports any: a key like the learner's own (AWS's documented example id).
const learnerKeyID = "AKIAIOSFODNN7EXAMPLE"

// docsTimeout bounds one Markdown file's blocks (up to a hundred CLI runs,
// each a Python start: a safety net for a loaded machine, not a speed goal).
const docsTimeout = 10 * time.Minute

// shellLangs are the fence info strings of blocks a learner runs in a shell.
var shellLangs = map[string]bool{"sh": true, "bash": true, "shell": true, "console": true}

var (
	fenceRE  = regexp.MustCompile("^( *)(```+|~~~+)\\s*([^\\s`]*)")
	notRunRE = regexp.MustCompile(`^\s*<!--\s*not run:\s*(.*?)\s*-->\s*$`)
)

// block is a fenced code block of a Markdown file.
type block struct {
	Line   int    // of the opening fence, 1-based
	Lang   string // the info string's first word
	Text   string // the content, with the fence's indentation removed
	NotRun string // the reason of a `<!-- not run: … -->` marker before it
}

// Shell reports whether a learner would run the block in a shell.
func (b block) Shell() bool { return shellLangs[b.Lang] }

// Script returns what a shell runs for the block: its text, or for a
// console transcript the lines after "$ " (with their continuations),
// leaving out the output.
func (b block) Script() string {
	if b.Lang != "console" {
		return b.Text
	}
	var out strings.Builder
	continued := false
	for _, line := range strings.Split(b.Text, "\n") {
		if cmd, ok := strings.CutPrefix(line, "$ "); ok || continued {
			if ok {
				line = cmd
			}
			out.WriteString(line + "\n")
			continued = strings.HasSuffix(line, "\\")
		}
	}
	return out.String()
}

// parseBlocks returns the fenced code blocks of a Markdown document. It
// fails on a `not run` marker with no reason or not followed by a shell
// block, and on a fence left open.
func parseBlocks(md string) ([]block, error) {
	var (
		blocks  []block
		open    *block
		indent  int
		fence   string
		body    []string
		marker  string // reason of the last marker, until the next non-blank line
		markerL int
	)
	lines := strings.Split(md, "\n")
	for i, line := range lines {
		if open != nil {
			trimmed := strings.TrimSpace(line)
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]) == "" {
				open.Text = strings.Join(body, "\n")
				if open.Text != "" {
					open.Text += "\n"
				}
				blocks = append(blocks, *open)
				open = nil
				continue
			}
			body = append(body, unindent(line, indent))
			continue
		}
		if m := notRunRE.FindStringSubmatch(line); m != nil {
			if m[1] == "" {
				return nil, fmt.Errorf("line %d: a not-run marker needs its reason: <!-- not run: why -->", i+1)
			}
			marker, markerL = m[1], i+1
			continue
		}
		if m := fenceRE.FindStringSubmatch(line); m != nil {
			open = &block{Line: i + 1, Lang: m[3], NotRun: marker}
			indent, fence, body = len(m[1]), m[2], nil
			if marker != "" && !open.Shell() {
				return nil, fmt.Errorf("line %d: the not-run marker is not before a shell block (line %d is %q)", markerL, i+1, line)
			}
			marker = ""
			continue
		}
		if strings.TrimSpace(line) != "" && marker != "" {
			return nil, fmt.Errorf("line %d: the not-run marker is not before a shell block (line %d is %q)", markerL, i+1, line)
		}
	}
	if open != nil {
		return nil, fmt.Errorf("line %d: the code block is never closed", open.Line)
	}
	if marker != "" {
		return nil, fmt.Errorf("line %d: the not-run marker is not before a shell block", markerL)
	}
	return blocks, nil
}

// unindent removes up to n leading spaces from line.
func unindent(line string, n int) string {
	for i := 0; i < n && strings.HasPrefix(line, " "); i++ {
		line = line[1:]
	}
	return line
}

// repoRoot is the checkout's root, where the docs and `go run ./fixtures/…`
// are.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	require.FileExists(t, filepath.Join(root, "go.mod"))
	return root
}

// docFiles lists the Markdown files whose shell blocks a learner or an
// instructor copies, relative to root.
func docFiles(t *testing.T, root string) []string {
	t.Helper()
	files := []string{"README.md"}
	for _, pattern := range []string{"exercises/*/README.md", "handouts/*.md"} {
		m, err := filepath.Glob(filepath.Join(root, pattern))
		require.NoError(t, err)
		for _, p := range m {
			rel, err := filepath.Rel(root, p)
			require.NoError(t, err)
			files = append(files, rel)
		}
	}
	require.Greater(t, len(files), 10, "the docs are found from %s", root)
	return files
}

// docsCLI returns the AWS CLI the blocks run with: Debian's v2, which .ci/run
// installs, or else the first on PATH.
func docsCLI(t *testing.T) string {
	t.Helper()
	for _, bin := range append(candidates("/usr/bin/aws"), candidates("aws")...) {
		if out, err := exec.Command(bin, "--version").CombinedOutput(); err == nil && strings.HasPrefix(string(out), "aws-cli/") {
			t.Logf("client: %s (%s)", strings.TrimSpace(string(out)), bin)
			return bin
		}
	}
	testenv.Missing(t, "no AWS CLI to run the docs' shell blocks: apt-get install -y awscli")
	return ""
}

func TestDocsShellBlocks(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	cli := docsCLI(t)
	for _, doc := range docFiles(t, root) {
		t.Run(doc, func(t *testing.T) {
			t.Parallel()
			md, err := os.ReadFile(filepath.Join(root, doc))
			require.NoError(t, err)
			blocks, err := parseBlocks(string(md))
			require.NoError(t, err, doc)
			var run []block
			for _, b := range blocks {
				switch {
				case !b.Shell():
				case b.NotRun != "":
					t.Logf("%s:%d not run: %s", doc, b.Line, b.NotRun)
				default:
					run = append(run, b)
				}
			}
			if len(run) == 0 {
				return
			}
			for _, b := range run {
				if strings.Contains(b.Script(), "curl ") {
					// The fault-injection steps reach /_queuelab/faults with curl.
					testenv.NeedCommand(t, "curl", "apt-get install -y curl")
					break
				}
			}
			runBlocks(t, root, cli, doc, run)
		})
	}
}

// runBlocks runs a document's blocks, in order, in one bash with `set -euo
// pipefail`, from the checkout's root, against an emulator of their own.
// The blocks' http://127.0.0.1:4566 (or localhost) becomes that emulator,
// and their /tmp/ a folder of the test's.
func runBlocks(t *testing.T, root, cli, doc string, blocks []block) {
	t.Helper()
	endpoint := serve(t)
	dir := t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	bin := filepath.Join(dir, "bin")
	require.NoError(t, os.Mkdir(tmp, 0o755))
	require.NoError(t, os.Mkdir(bin, 0o755))
	require.NoError(t, os.Symlink(cli, filepath.Join(bin, "aws")))
	rewrite := strings.NewReplacer(
		"http://127.0.0.1:4566", endpoint,
		"http://localhost:4566", endpoint,
		"/tmp/", tmp+"/",
	)

	lines := []string{"set -euo pipefail", `PS4='+ ${BASH_SOURCE[0]##*/}:${LINENO}: '`, "set -x"}
	for _, b := range blocks {
		name := fmt.Sprintf("%s:%d", strings.ReplaceAll(doc, "/", "_"), b.Line)
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(rewrite.Replace(b.Script())), 0o644))
		lines = append(lines, fmt.Sprintf("source %q", path))
	}
	script := filepath.Join(dir, "main.sh")
	require.NoError(t, os.WriteFile(script, []byte(strings.Join(lines, "\n")+"\n"), 0o644))

	ctx, cancel := context.WithTimeout(context.Background(), docsTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", script)
	cmd.Dir = root
	cmd.WaitDelay = 10 * time.Second
	cmd.Env = docsEnv(bin, tmp)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "the shell blocks of %s (the line after the failing block's name, `%s_…:LINE`, is the fence's line, then the line in the block):\n%s",
		doc, strings.ReplaceAll(doc, "/", "_"), tail(string(out), 8000))
	t.Logf("%s: %d blocks ran", doc, len(blocks))
}

// docsEnv is the environment of the blocks' shell: clientEnv's (no
// configuration from the machine) with a learner's own key id rather than
// an account, the chosen CLI first on PATH, and a proxy that refuses, so
// that a command missing --endpoint-url fails at once instead of reaching
// out of the machine.
func docsEnv(bin, tmp string) []string {
	var env []string
	for _, kv := range clientEnv(learnerKeyID) {
		switch {
		case strings.HasPrefix(kv, "PATH="):
			env = append(env, "PATH="+bin+string(os.PathListSeparator)+kv[len("PATH="):])
		case strings.HasPrefix(strings.ToUpper(kv), "HTTP_PROXY="), strings.HasPrefix(strings.ToUpper(kv), "HTTPS_PROXY="),
			strings.HasPrefix(strings.ToUpper(kv), "NO_PROXY="), strings.HasPrefix(kv, "TMPDIR="):
		default:
			env = append(env, kv)
		}
	}
	return append(env,
		"HTTP_PROXY=http://127.0.0.1:9", "HTTPS_PROXY=http://127.0.0.1:9",
		"NO_PROXY=127.0.0.1,localhost", "TMPDIR="+tmp, "GOPROXY=off", "GOFLAGS=-mod=mod",
	)
}

// tail returns the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

func TestParseBlocks(t *testing.T) {
	tests := []struct {
		name    string
		md      string
		want    []block
		wantErr string
	}{
		{
			name: "shell and other blocks",
			md:   "# T\n\n```sh\necho hi\n```\n\n```json\n{}\n```\n",
			want: []block{{Line: 3, Lang: "sh", Text: "echo hi\n"}, {Line: 7, Lang: "json", Text: "{}\n"}},
		},
		{
			name: "a marker names the next block",
			md:   "<!-- not run: starts the server -->\n```sh\nmake serve\n```\n```bash\nls\n```\n",
			want: []block{{Line: 2, Lang: "sh", Text: "make serve\n", NotRun: "starts the server"}, {Line: 5, Lang: "bash", Text: "ls\n"}},
		},
		{
			name: "an indented block in a list item",
			md:   "1. Run:\n\n    <!-- not run: runs the checks -->\n    ```sh\n    go test ./x/\n      indented\n    ```\n",
			want: []block{{Line: 4, Lang: "sh", Text: "go test ./x/\n  indented\n", NotRun: "runs the checks"}},
		},
		{
			name: "a fence inside a longer fence",
			md:   "````markdown\n```sh\nx\n```\n````\n",
			want: []block{{Line: 1, Lang: "markdown", Text: "```sh\nx\n```\n"}},
		},
		{name: "a marker without a reason", md: "<!-- not run: -->\n```sh\nx\n```\n", wantErr: "needs its reason"},
		{name: "a marker before prose", md: "<!-- not run: x -->\nSome text.\n```sh\nx\n```\n", wantErr: "not before a shell block"},
		{name: "a marker before a json block", md: "<!-- not run: x -->\n```json\n{}\n```\n", wantErr: "not before a shell block"},
		{name: "an open fence", md: "```sh\nx\n", wantErr: "never closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseBlocks(tt.md)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestBlockScript(t *testing.T) {
	tests := []struct {
		name string
		b    block
		want string
	}{
		{name: "sh runs as written", b: block{Lang: "sh", Text: "a \\\n  b\n# c\n"}, want: "a \\\n  b\n# c\n"},
		{
			name: "console keeps the commands, not the output",
			b:    block{Lang: "console", Text: "$ aws sqs create-queue \\\n    --queue-name x\n{\n    \"QueueUrl\": \"u\"\n}\n$ echo done\ndone\n"},
			want: "aws sqs create-queue \\\n    --queue-name x\necho done\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.b.Script())
		})
	}
}

// accountRE finds 12-digit numbers: account ids in URLs, ARNs and exports.
var accountRE = regexp.MustCompile(`\b[0-9]{12}\b`)

// TestDocsUseOneAccount holds the docs to one account id, so that a queue
// URL or an ARN copied from one page works after the steps of another.
func TestDocsUseOneAccount(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	files := docFiles(t, root)
	policies, err := filepath.Glob(filepath.Join(root, "handouts", "*.json"))
	require.NoError(t, err)
	for _, p := range policies {
		rel, err := filepath.Rel(root, p)
		require.NoError(t, err)
		files = append(files, rel)
	}
	for _, doc := range files {
		f, err := os.Open(filepath.Join(root, doc))
		require.NoError(t, err)
		s := bufio.NewScanner(f)
		for n := 1; s.Scan(); n++ {
			for _, id := range accountRE.FindAllString(s.Text(), -1) {
				assert.Equal(t, docsAccount, id, "%s:%d: %s", doc, n, s.Text())
			}
		}
		require.NoError(t, s.Err())
		require.NoError(t, f.Close())
	}
}
