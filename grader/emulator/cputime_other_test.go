//go:build !unix

package emulator_test

import "time"

// processCPU cannot be read here; the cpu-ns/op metric is left out.
func processCPU() (time.Duration, bool) { return 0, false }

// processUserCPU cannot be read here either.
func processUserCPU() (time.Duration, bool) { return 0, false }
