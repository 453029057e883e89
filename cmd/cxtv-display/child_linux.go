package main

import (
	"os/exec"
	"syscall"
)

// tieToParent makes the kernel stop the screen when cxtv-display dies
// without a chance to stop it (kill -9, a crashed supervisor), so that no
// orphaned window holds the cache file locked.
func tieToParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
