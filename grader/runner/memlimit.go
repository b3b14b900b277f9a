package runner

import (
	"os/exec"
	"strconv"
)

// testCommand returns the command that runs one exercise's test binary,
// under prlimit(1) when a memory limit is set and prlimit exists. prlimit sets
// the limit on itself and then execs the binary, so the limit is in place
// before any of the learner's code runs and the inherited seal descriptors
// pass through unchanged.
func (g *grading) testCommand(binary string, args []string) *exec.Cmd {
	if g.opts.MemoryLimit > 0 {
		if prlimit, err := exec.LookPath("prlimit"); err == nil {
			limited := append([]string{"--as=" + strconv.FormatInt(g.opts.MemoryLimit, 10), "--", binary}, args...)
			return exec.Command(prlimit, limited...)
		}
	}
	return exec.Command(binary, args...)
}
