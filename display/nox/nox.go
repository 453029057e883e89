// Package nox stops a program that links Ebiten cleanly when there is no X
// display, instead of letting Ebiten panic.
//
// Ebiten v2.8 initialises GLFW in a package init, so any binary that
// links it panics before main when DISPLAY is unset ("glfw: X11: The
// DISPLAY environment variable is missing", then a panic). Import this
// package, blank, from every main or test package that links
// display/screen. Go initialises packages in import-path order among
// those whose imports are ready (Go spec, "Package initialization"): this
// package and display/xdisplay import only standard packages that Ebiten's
// UI package also imports, and "github.com/cxtv/…" sorts before
// "github.com/hajimehoshi/…", so their inits always run first. Keep it so:
// no other imports here.
package nox

import (
	"fmt"
	"os"
	"strings"

	"github.com/cxtv/cxtv/display/xdisplay"
)

func init() {
	err := xdisplay.Check()
	if err == nil {
		return
	}
	if isTest() {
		// A test binary of a package that needs a screen: skip it whole
		// rather than fail a developer's go test ./... without X.
		fmt.Fprintf(os.Stderr, "SKIP: these tests need an X display (%v)\n", err)
		os.Exit(0)
	}
	name := os.Args[0]
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
	os.Exit(1)
}

// isTest reports whether this is a go test binary; the testing package
// cannot be asked this early without importing it.
func isTest() bool {
	if strings.HasSuffix(os.Args[0], ".test") {
		return true
	}
	for _, a := range os.Args[1:] {
		if strings.HasPrefix(a, "-test.") {
			return true
		}
	}
	return false
}
