// Package xdisplay tells whether an X display is there to open, without
// opening it: Ebiten panics instead of returning an error when it cannot,
// so callers ask first. It imports only os and strings, which lets
// display/nox use it before Ebiten initialises.
package xdisplay

import (
	"errors"
	"os"
	"strings"
)

// ErrNoDisplay says what to do when there is no X display.
var ErrNoDisplay = errors.New("no X display: set DISPLAY, or run under Xvfb (see make run)")

// Check returns nil when DISPLAY names an X server that looks reachable.
// Only DISPLAY counts: Ebiten's GLFW is built for X11 alone and reaches a
// Wayland desktop through XWayland, which sets DISPLAY. A local display
// (":0") must have its socket in /tmp/.X11-unix; a remote one
// ("host:0") is taken on trust.
func Check() error {
	d := os.Getenv("DISPLAY")
	if d == "" {
		return ErrNoDisplay
	}
	if !strings.HasPrefix(d, ":") {
		return nil
	}
	n := d[1:]
	if i := strings.IndexByte(n, '.'); i >= 0 {
		n = n[:i]
	}
	if _, err := os.Stat("/tmp/.X11-unix/X" + n); err != nil {
		return errors.New("no X server at DISPLAY=" + d + ": start one, or run under Xvfb (see make run)")
	}
	return nil
}
