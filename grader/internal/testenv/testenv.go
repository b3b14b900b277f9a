// Package testenv is for tests that need a tool from outside Go: the AWS
// CLI, boto3, Chromium, fauxqs, git. Where the tool is missing such a test
// skips, saying what to install; under CI=true, where .ci/run installs every
// one of them, a missing tool is a failure, so CI never passes by skipping.
//
// Skips for other reasons (no Docker for LocalStack, -short) are not for
// this package: they are legitimate in CI too and stay plain t.Skip.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// CI reports whether the tests run in CI, as CI=true says (GitHub Actions,
// GitLab and most others set it; .ci/run is meant to run under it).
func CI() bool { return os.Getenv("CI") == "true" }

// Missing ends the test for want of a tool: t.Skip with the message
// (which should say what to install), or t.Fatal under CI=true.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if CI() {
		t.Fatalf("%s (CI=true: .ci/run installs it, so its absence is a failure, not a skip)", msg)
		return
	}
	t.Skip(msg)
}

// NeedCommand returns the path of name on PATH; without it the test ends
// through Missing, saying install (e.g. "apt-get install -y git").
func NeedCommand(t testing.TB, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "%s is not installed: %s", name, install)
		return ""
	}
	return p
}
