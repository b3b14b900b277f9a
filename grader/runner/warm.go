package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
)

// WarmBuildCache compiles into the Go build cache every package that the
// checks of pristine's exercises import (the AWS SDK, testify, the
// emulator, labtest): on a machine whose cache is cold that takes a minute
// or more, and a batch that did not do it first would charge it to the
// first submissions' time limits. Afterwards a submission compiles only its
// own exercises and links their test binaries.
//
// It compiles with the flags and environment of the runner's own builds,
// without which the cache entries would not be the ones those builds look
// up (-trimpath also keeps them the same across work folders). An empty
// pristine is PristineRoot(), as in Options.
func WarmBuildCache(ctx context.Context, pristine string) error {
	if pristine == "" {
		root, err := PristineRoot()
		if err != nil {
			return err
		}
		pristine = root
	}
	args := append([]string{"list", "-export", "-deps", "-test"}, compileFlags...)
	args = append(args, "-f", "{{.ImportPath}}", "./exercises/...")
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = pristine
	cmd.Env = buildEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &limitedBuffer{buf: &stderr, limit: 64 << 10}
	inProcessGroup(cmd)
	err := cmd.Run()
	killGroup(cmd)
	switch {
	case errors.Is(err, exec.ErrNotFound):
		return ErrNoToolchain
	case ctx.Err() != nil:
		return fmt.Errorf("compile the checks' dependencies in %s: %w", pristine, ctx.Err())
	case err != nil:
		return fmt.Errorf("compile the checks' dependencies in %s: %w: %s", pristine, err, firstError(stderr.String()))
	}
	return nil
}
