//go:build unix

package emulator_test

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system, every thread, so the garbage
// collector's too) the process has used, and whether it could be read.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}

// processUserCPU is the part of processCPU spent in user space: without the
// kernel's work on the process's behalf (system calls, page faults), which
// costs far more on some virtual machines than on others.
func processUserCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano()), true
}
