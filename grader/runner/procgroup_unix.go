//go:build unix

package runner

import (
	"os/exec"
	"syscall"
)

// inProcessGroup starts cmd in a process group of its own, so that killGroup
// also ends whatever it forked.
func inProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if cmd.Cancel != nil { // made by exec.CommandContext
		cmd.Cancel = func() error { killGroup(cmd); return nil }
	}
}

// killGroup kills cmd's process group; it is safe to call after cmd ended.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// sealSupported: descriptors can be inherited (exec.Cmd.ExtraFiles).
const sealSupported = true

// quitProcess asks cmd's process to print its goroutines and exit, as Go
// programs do on SIGQUIT.
func quitProcess(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Signal(syscall.SIGQUIT)
	}
}
