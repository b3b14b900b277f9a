package testenv

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// recorder is a testing.TB that records a skip or a failure instead of
// ending the goroutine, so that the outcome can be asserted.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()          {}
func (r *recorder) Skip(args ...any) { r.skipped = fmt.Sprint(args...) }
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
}

func TestNeedCommand(t *testing.T) {
	tests := []struct {
		name, command, ci string
		found             bool
		skipped, failed   bool
	}{
		{name: "found", command: "sh", ci: "", found: true},
		{name: "found in CI", command: "sh", ci: "true", found: true},
		{name: "missing skips", command: "queuelab-no-such-tool", ci: "", skipped: true},
		{name: "missing skips outside CI=true", command: "queuelab-no-such-tool", ci: "1", skipped: true},
		{name: "missing fails in CI", command: "queuelab-no-such-tool", ci: "true", failed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			r := &recorder{TB: t}
			path := NeedCommand(r, tt.command, "apt-get install -y it")
			assert.Equal(t, tt.found, path != "", "path %q", path)
			assert.Equal(t, tt.skipped, r.skipped != "", "skipped: %q", r.skipped)
			assert.Equal(t, tt.failed, r.failed != "", "failed: %q", r.failed)
			for _, msg := range []string{r.skipped, r.failed} {
				if msg != "" {
					assert.Contains(t, msg, tt.command+" is not installed: apt-get install -y it")
				}
			}
		})
	}
}
