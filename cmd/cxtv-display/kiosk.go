package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/display/xdisplay"
)

// kioskName is the binary that links Ebiten and draws the screen.
const kioskName = "cxtv-display-kiosk"

// runKiosk checks the config and the display here, where errors are easy
// to read, then runs the screen as a child process until ctx is done.
func runKiosk(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "the display config file (YAML)")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if *cfgPath == "" {
		fmt.Fprintln(stderr, "cxtv-display run: --config is required")
		return errUsage
	}
	if _, err := config.LoadDisplay(*cfgPath); err != nil {
		return err
	}
	// The kiosk would say the same (display/nox), less readably after a
	// process start.
	if err := xdisplay.Check(); err != nil {
		return err
	}
	bin, err := findKiosk()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, "run", "--config", *cfgPath)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.Env = kioskEnv(os.Environ(), os.Getpid())
	// On SIGINT/SIGTERM let the screen close its cache file, then insist.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	tieToParent(cmd)
	if err := cmd.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("%s: %w", kioskName, err)
	}
	return nil
}

// kioskEnv is the kiosk's environment: this process's, NOTIFY_SOCKET and
// WATCHDOG_USEC included, so that the kiosk's render loop tells systemd
// it is alive (display/watchdog; the unit has NotifyAccess=all). Only
// WATCHDOG_PID goes when it names this process, the unit's main one: the
// kiosk would read it as "the watchdog is not for you" (sd_watchdog_enabled(3)).
func kioskEnv(env []string, pid int) []string {
	out := make([]string, 0, len(env))
	for _, e := range env {
		if e == "WATCHDOG_PID="+strconv.Itoa(pid) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// findKiosk looks next to this binary first, so that an install keeps the
// pair together, then on PATH.
func findKiosk() (string, error) {
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), kioskName)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath(kioskName); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%s not found next to this binary or on PATH (build it from ./cmd/cxtv-display/kiosk)", kioskName)
}
