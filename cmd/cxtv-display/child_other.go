//go:build !linux

package main

import "os/exec"

// tieToParent has no portable equivalent of Linux's parent-death signal;
// the screen runs on Linux only anyway.
func tieToParent(*exec.Cmd) {}
