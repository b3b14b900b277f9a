//go:build !unix

package emulator_test

// processCPU cannot be read here; the CPU metrics are left out.
func processCPU() (cpuTimes, bool) { return cpuTimes{}, false }
