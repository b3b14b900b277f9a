package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"golang.org/x/mod/module"
)

// ModulePath is the module the grader and the checks belong to.
const ModulePath = "github.com/queuelab/queuelab"

// PristineRoot finds the grader's own copy of the module, the one whose checks
// are trusted:
//   - built at a version (`go run github.com/queuelab/queuelab/grader/cmd/grader@v1.2.0`
//     in a learner's repository, as CI does): that version in the module
//     cache, which the learner cannot edit from their repository;
//   - built from a checkout (`go run ./grader/cmd/grader` in the repository):
//     that checkout, found from where this file was compiled, else from the
//     current folder upwards.
func PristineRoot() (string, error) {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Path == ModulePath &&
		info.Main.Version != "" && info.Main.Version != "(devel)" {
		return moduleCacheDir(info.Main.Version)
	}
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		if root, ok := findModuleRoot(filepath.Dir(file)); ok {
			return root, nil
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find the grader's module: %w", err)
	}
	if root, ok := findModuleRoot(wd); ok {
		return root, nil
	}
	return "", fmt.Errorf("find the grader's module: no go.mod of %s above %s; run the grader from a QueueLab checkout or as go run %s/grader/cmd/grader@VERSION", ModulePath, wd, ModulePath)
}

func moduleCacheDir(version string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "env", "GOMODCACHE").Output()
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return "", ErrNoToolchain
		}
		return "", fmt.Errorf("find the module cache (go env GOMODCACHE): %w", err)
	}
	escaped, err := module.EscapePath(ModulePath)
	if err != nil {
		return "", fmt.Errorf("find the grader's module: %w", err)
	}
	escVersion, err := module.EscapeVersion(version)
	if err != nil {
		return "", fmt.Errorf("find the grader's module: %w", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), filepath.FromSlash(escaped)+"@"+escVersion)
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		return "", fmt.Errorf("find the grader's module %s@%s in the module cache: %w", ModulePath, version, err)
	}
	return dir, nil
}

// findModuleRoot walks up from dir to the folder whose go.mod declares
// ModulePath.
func findModuleRoot(dir string) (string, bool) {
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && declaresModule(data) {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

func declaresModule(gomod []byte) bool {
	for line := range bytes.SplitSeq(gomod, []byte("\n")) {
		fields := strings.Fields(string(line))
		if len(fields) == 2 && fields[0] == "module" && strings.Trim(fields[1], `"`) == ModulePath {
			return true
		}
	}
	return false
}
