// Command cxtv-display is the customer TV's screen: `run` shows a
// channel fullscreen, `render` writes every card as a PNG.
//
// This binary does not link Ebiten, because Ebiten panics in a package
// init when there is no X display: `--version`, `--help` and `render` work
// over SSH, in CI and on the feed server's host. `run` starts the screen,
// cxtv-display-kiosk (built from ./kiosk), which lies next to this binary
// or on PATH.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

// errUsage marks an error whose message already said what is wrong with
// the command line.
var errUsage = errors.New("usage")

// usage is also the source of the man page (help2man, scripts/dist.sh).
const usage = `usage: cxtv-display <command> [flags]

cxtv-display shows a cxtv-feed channel on a screen: customer comments, NPS,
stars, trends, KPIs and announcements, fullscreen and in German or English.
It caches the last content and keeps showing it while the server is
unreachable, and reconnects on its own.

Commands:
  run --config FILE      show the channel on this screen (needs an X display;
                         starts cxtv-display-kiosk)
  render --out DIR [--config FILE] [--snapshot FILE [--logo FILE.png]]
         [--size 1920x1080] [--rotation 0] [--timeout 5s]
                         write one PNG per card of the channel's live snapshot
                         (from the server; the cache when it is unreachable)
                         or of a snapshot JSON file (and the channel's logo);
                         needs no display
  --version              print the version
  --help                 print this help

Environment:
  CXTV_<KEY>             overrides the config key <KEY>, for example
                         CXTV_SERVER, CXTV_TOKEN or CXTV_CHANNEL

Files:
  /etc/cxtv/display.yaml the config of the packaged user service
                         cxtv-display.service

Every key of the config file is described in
/usr/share/doc/cxtv-display/examples/display.example.yaml.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "cxtv-display:", err)
		}
		os.Exit(1)
	}
}

// run is the whole program; tests call it too.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "--version", "-version", "version":
		fmt.Fprintf(stdout, "cxtv-display %s\n", version)
		return nil
	case "--help", "-help", "-h", "help":
		fmt.Fprint(stdout, usage)
		return nil
	case "run":
		return runKiosk(ctx, args[1:], stdout, stderr)
	case "render":
		logger := slog.New(slog.NewTextHandler(stderr, nil))
		return renderCards(ctx, args[1:], stdout, stderr, logger)
	}
	fmt.Fprintf(stderr, "cxtv-display: unknown command %q\n\n%s", args[0], usage)
	return errUsage
}

// parse parses a subcommand's flags, printing its errors to stderr.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errUsage
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "cxtv-display %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return errUsage
	}
	return nil
}
