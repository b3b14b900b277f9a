package template

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/queuelab/queuelab/grader/template/committed"
)

// Tree is a pristine copy of the kit: what a commit holds, or the module
// cache's copy of a released version, never a working tree.
type Tree struct {
	// Dir holds the files.
	Dir string
	// From says where they came from, for messages: "commit 1a2b3c (HEAD)
	// of /src/queuelab" or "the module cache's copy /…/queuelab@v1.2.0".
	From string
	// LeftOut lists the working tree's uncommitted changes (slash paths),
	// which the tree does not hold.
	LeftOut []string
	cleanup func()
}

// Close removes the tree's temporary copy, if it made one.
func (t *Tree) Close() {
	if t.cleanup != nil {
		t.cleanup()
		t.cleanup = nil
	}
}

// ErrNotPristine is returned for a folder whose pristine content cannot be
// told from its edits: neither a git checkout nor the module cache's copy.
var ErrNotPristine = errors.New("cannot tell the committed exercises from edited ones")

// Pristine finds the pristine tree of the kit at root:
//   - root is in the module cache (the grader run as
//     `go run MODULE/grader/cmd/grader@VERSION`): root itself, which the go
//     command verified and keeps read-only; ref must be "";
//   - root is the top folder of a git checkout: the commit ref (HEAD when
//     ""), read with `git archive` into a temporary folder, so that solved
//     exercises, an edited learner.yaml or anything else uncommitted stays
//     out; Tree.LeftOut names those files;
//   - anything else is refused with ErrNotPristine.
//
// The caller must Close the tree.
func Pristine(ctx context.Context, root, ref string) (*Tree, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if inModuleCache(ctx, abs) {
		if ref != "" {
			return nil, fmt.Errorf("%s is a released version in the module cache: --ref needs a git checkout", abs)
		}
		return &Tree{Dir: abs, From: "the module cache's copy " + abs}, nil
	}
	co, err := committed.Open(ctx, abs, ref)
	if errors.Is(err, committed.ErrNotCheckout) {
		return nil, fmt.Errorf("%s: %w: it is neither a git checkout nor a released version in the module cache. Run the grader from a git clone of the kit (what is committed is exported) or as go run MODULE/grader/cmd/grader@VERSION", abs, ErrNotPristine)
	}
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "queuelab-pristine-")
	if err != nil {
		return nil, err
	}
	t := &Tree{Dir: tmp, From: fmt.Sprintf("commit %s (%s) of %s", co.Short(), co.Ref, abs), cleanup: func() { _ = os.RemoveAll(tmp) }}
	if err := co.Extract(ctx, tmp); err != nil {
		t.Close()
		return nil, err
	}
	if co.Ref == "HEAD" {
		if t.LeftOut, err = co.Uncommitted(ctx); err != nil {
			t.Close()
			return nil, err
		}
	}
	return t, nil
}

// inModuleCache reports whether dir is under the go command's module cache.
func inModuleCache(ctx context.Context, dir string) bool {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMODCACHE").Output()
	if err != nil {
		return false
	}
	cache := strings.TrimSpace(string(out))
	return cache != "" && inside(dir, cache) && !sameFile(dir, cache)
}

func sameFile(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
}
