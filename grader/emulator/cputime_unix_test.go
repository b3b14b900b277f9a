//go:build unix

package emulator_test

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used (every thread, so the
// garbage collector's too), and whether it could be read.
func processCPU() (cpuTimes, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return cpuTimes{}, false
	}
	user := time.Duration(ru.Utime.Nano())
	return cpuTimes{total: user + time.Duration(ru.Stime.Nano()), user: user}, true
}
