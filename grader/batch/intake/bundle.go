package intake

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// readBundle reads a git bundle without checking anything out: it clones the
// bundle bare into gitDir (removed afterwards), lists the tree of HEAD (or of
// the first branch) with sizes and modes, and reads only the candidates'
// blobs. Links (mode 120000) and submodules are never materialised, and the
// student's hooks or config never run: a bare clone of a bundle runs none.
func readBundle(ctx context.Context, bundle, gitDir string, c *collector) error {
	info, err := os.Stat(bundle)
	if err != nil {
		return err
	}
	if info.Size() > c.lim.MaxArchiveBytes {
		return &LimitError{What: fmt.Sprintf("bundle over %d bytes", c.lim.MaxArchiveBytes)}
	}
	defer os.RemoveAll(gitDir)
	if _, err := git(ctx, "", "clone", "--bare", "--quiet", "--", bundle, gitDir); err != nil {
		return fmt.Errorf("clone bundle: %w", err)
	}
	rev, err := bundleRevision(ctx, gitDir)
	if err != nil {
		return err
	}
	out, err := git(ctx, gitDir, "ls-tree", "-r", "-t", "-l", "-z", "--full-tree", rev)
	if err != nil {
		return fmt.Errorf("list bundle tree: %w", err)
	}
	for _, rec := range bytes.Split(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		// <mode> SP <type> SP <object> SP+ <size> TAB <path>
		meta, name, ok := bytes.Cut(rec, []byte{'\t'})
		if !ok {
			return fmt.Errorf("list bundle tree: unexpected line %q", rec)
		}
		fields := strings.Fields(string(meta))
		if len(fields) != 4 {
			return fmt.Errorf("list bundle tree: unexpected line %q", rec)
		}
		mode, typ, obj := fields[0], fields[1], fields[2]
		size, _ := strconv.ParseInt(fields[3], 10, 64)
		t := typeOther
		switch {
		case typ == "tree":
			t = typeDir
		case mode == "120000":
			t = typeLink
		case typ == "blob":
			t = typeFile
		}
		open := func() (io.ReadCloser, error) {
			data, err := git(ctx, gitDir, "cat-file", "blob", obj)
			if err != nil {
				return nil, err
			}
			return io.NopCloser(bytes.NewReader(data)), nil
		}
		if err := c.add(string(name), t, size, open); err != nil {
			return err
		}
	}
	return nil
}

// bundleRevision picks what to grade in a bundle: HEAD when it has one,
// else its first branch by name.
func bundleRevision(ctx context.Context, gitDir string) (string, error) {
	if _, err := git(ctx, gitDir, "rev-parse", "--verify", "--quiet", "HEAD^{tree}"); err == nil {
		return "HEAD", nil
	}
	out, err := git(ctx, gitDir, "for-each-ref", "--format=%(refname)", "--sort=refname", "refs/heads", "refs/remotes")
	if err != nil {
		return "", fmt.Errorf("list bundle branches: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	if sc.Scan() && sc.Text() != "" {
		return sc.Text(), nil
	}
	return "", fmt.Errorf("the bundle has no commits")
}

// git runs git with a clean, non-interactive environment: no system or
// global config, no prompts, and no hooks.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	full := []string{"-c", "core.hooksPath=/dev/null", "-c", "protocol.file.allow=always"}
	if dir != "" {
		full = append(full, "--git-dir", dir)
	}
	cmd := exec.CommandContext(ctx, "git", append(full, args...)...)
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_TERMINAL_PROMPT=0", "GIT_ASKPASS=true")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("git %s: %s", args[0], firstLine(msg))
		}
		return nil, fmt.Errorf("git %s: %w", args[0], err)
	}
	return out, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
