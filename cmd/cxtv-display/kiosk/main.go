// Command cxtv-display-kiosk is the screen of cxtv-display: the only
// binary that links Ebiten. `cxtv-display run` starts it; it can also be
// started directly with the same arguments.
package main

import (
	// First: fails clearly, before Ebiten's init panics, without a display.
	_ "github.com/cxtv/cxtv/display/nox"

	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/cxtv/cxtv/config"
)

// defaultMemoryLimit is the Go heap's soft limit when GOMEMLIMIT is unset.
const defaultMemoryLimit = 64 << 20

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "cxtv-display-kiosk:", err)
		os.Exit(1)
	}
}

// usage is also the source of the man page (help2man, scripts/dist.sh).
const usage = `Usage: cxtv-display-kiosk [run] --config FILE

cxtv-display-kiosk is the screen of cxtv-display, the only part that links
the Ebiten game library: it opens the fullscreen window, draws the slides of
the channel, shows the cached content at once and then the live one.
cxtv-display run starts it; it takes the same arguments.

Options:
  --config FILE   the display config file (YAML)
  --version       print the version
  --help          print this help

Environment:
  DISPLAY         the X display to open; without one it stops with an error
  CXTV_<KEY>      overrides the config key <KEY>
  CXTV_LOG_LEVEL  debug adds frame statistics to the log every 10 s
  GOMEMLIMIT      the Go heap's soft limit (64 MiB when unset)
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "--version", "-version":
			fmt.Fprintf(stdout, "cxtv-display-kiosk %s\n", version)
			return nil
		case "--help", "-help", "-h":
			fmt.Fprint(stdout, usage)
			return nil
		}
	}
	if len(args) > 0 && args[0] == "run" {
		args = args[1:]
	}
	fs := flag.NewFlagSet("cxtv-display-kiosk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	cfgPath := fs.String("config", "", "the display config file (YAML)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cfgPath == "" {
		return errors.New("--config is required")
	}
	cfg, err := config.LoadDisplay(*cfgPath)
	if err != nil {
		return err
	}
	// CXTV_LOG_LEVEL=debug adds the screen's frame statistics (drawn
	// frames and allocations per frame, every 10 s) to the log.
	var level slog.Level
	if err := level.UnmarshalText([]byte(os.Getenv("CXTV_LOG_LEVEL"))); err != nil {
		level = slog.LevelInfo
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})).With("device", cfg.Name)
	logger.Info("starting", "version", version, "server", cfg.Server, "channel", cfg.Channel)
	// A Raspberry Pi has little memory to spare: collect sooner than Go
	// would by default, unless GOMEMLIMIT says otherwise (305 → 265 MB RSS
	// under Xvfb, most of the rest being the GL driver's).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	return show(ctx, cfg, version, logger)
}
