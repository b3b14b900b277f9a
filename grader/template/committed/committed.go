// Package committed reads what a git checkout has committed, never what its
// working tree holds: an instructor's solved exercises, an edited
// learner.yaml or another engineer's work in progress stay out of anything
// made from it (a starter repository, a fork of the kit, the sample class).
package committed

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// ErrNotCheckout is returned for a folder that is not the top of a git
// working tree.
var ErrNotCheckout = errors.New("not the top folder of a git checkout")

// Checkout is a git working tree's top folder and the commit read from it.
type Checkout struct {
	Dir string
	// Ref is what was asked for ("HEAD", a tag); Commit is its full hash.
	Ref, Commit string
}

// Open resolves ref (HEAD when "") in the git checkout whose top folder is
// dir. It fails with ErrNotCheckout when dir is not one.
func Open(ctx context.Context, dir, ref string) (Checkout, error) {
	if ref == "" {
		ref = "HEAD"
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Checkout{}, err
	}
	top, err := git(ctx, abs, "rev-parse", "--show-toplevel")
	if err != nil {
		return Checkout{}, fmt.Errorf("%s: %w", dir, ErrNotCheckout)
	}
	if !sameDir(strings.TrimSpace(string(top)), abs) {
		return Checkout{}, fmt.Errorf("%s: %w (its checkout is %s)", dir, ErrNotCheckout, strings.TrimSpace(string(top)))
	}
	commit, err := git(ctx, abs, "rev-parse", "--verify", "--quiet", ref+"^{commit}")
	if err != nil {
		return Checkout{}, fmt.Errorf("%s: no commit %q: %w", dir, ref, err)
	}
	return Checkout{Dir: abs, Ref: ref, Commit: strings.TrimSpace(string(commit))}, nil
}

// Extract writes the committed files under paths (all when none) into dst,
// which is made if missing. Links and submodules are left out.
func (c Checkout) Extract(ctx context.Context, dst string, paths ...string) error {
	args := append([]string{"archive", "--format=tar", c.Commit, "--"}, paths...)
	data, err := git(ctx, c.Dir, args...)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read git archive: %w", err)
		}
		name := path.Clean(h.Name)
		if name == "." || strings.HasPrefix(name, "../") || path.IsAbs(name) {
			continue
		}
		target := filepath.Join(dst, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(target, 0o755)
		case tar.TypeReg:
			err = writeFile(target, tr, os.FileMode(h.Mode).Perm()|0o600)
		}
		if err != nil {
			return err
		}
	}
}

// Uncommitted lists the files under paths (all when none) whose working
// copy differs from HEAD, untracked files included, slash-separated.
func (c Checkout) Uncommitted(ctx context.Context, paths ...string) ([]string, error) {
	args := append([]string{"status", "--porcelain", "-z", "--untracked-files=all", "--"}, paths...)
	out, err := git(ctx, c.Dir, args...)
	if err != nil {
		return nil, err
	}
	var files []string
	entries := strings.Split(string(out), "\x00")
	for i := 0; i < len(entries); i++ {
		e := entries[i]
		if len(e) < 4 {
			continue
		}
		files = append(files, e[3:])
		if e[0] == 'R' || e[0] == 'C' {
			i++ // the rename's source follows
		}
	}
	return files, nil
}

// Short is the commit's abbreviated hash, for messages.
func (c Checkout) Short() string {
	if len(c.Commit) > 12 {
		return c.Commit[:12]
	}
	return c.Commit
}

func writeFile(target string, r io.Reader, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	// The user's configuration must not change what is read (no pager, no
	// textconv); GIT_DIR from a hook would point elsewhere.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_DIR=") && !strings.HasPrefix(kv, "GIT_WORK_TREE=") && !strings.HasPrefix(kv, "GIT_INDEX_FILE=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "GIT_CONFIG_NOSYSTEM=1", "GIT_PAGER=cat")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, errors.New("git is not installed: it is needed to read the committed tree")
		}
		return nil, fmt.Errorf("git %s: %v: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

func sameDir(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
}
