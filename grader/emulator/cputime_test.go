package emulator_test

import "time"

// cpuTimes is CPU time used: in all, and the part spent in user space,
// without the kernel's work on the process's behalf (system calls, page
// faults), which costs far more on some virtual machines than on others.
type cpuTimes struct{ total, user time.Duration }
