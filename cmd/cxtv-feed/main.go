// Command cxtv-feed is the feed server: it collects customer feedback,
// curates it per channel and pushes each channel's content to its screens.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time: -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cxtv-feed:", err)
		os.Exit(1)
	}
}

// usage is also the source of the man page (help2man, scripts/dist.sh).
const usage = `Usage: cxtv-feed COMMAND [FLAGS]

cxtv-feed collects customer feedback (NPS answers, star ratings, comments)
and operational KPIs over HTTP, from polled feeds and survey exports, keeps
it in one bbolt file, curates it per channel as the config file says, and
pushes each channel's content to its screens over WebSocket.

Commands:
  serve --config FILE [--demo] [-v]
                  run the feed server; --demo loads the demo data into an
                  empty store, -v logs at debug level
  check --config FILE
                  validate a config file, naming the key path of every error
  import --config FILE --source NAME FILE.csv
                  store a survey export in one transaction, all rows or none
                  (- reads standard input); while the server runs, it hands
                  the file to the server
  sources --config FILE
                  print how each source of the running server is doing: last
                  success, last error, counts; fails while one is failing
  redactions --config FILE [--channel NAME]
                  list the comments each channel could show that had personal
                  data removed (by kind), and those hidden for naming a person
  compact --config FILE
                  rewrite the store without its free pages, to give back the
                  disk space of deleted answers; needs the server stopped
  --version       print the version
  --help          print this help

Environment:
  CXTV_<KEY>      overrides the top-level config key <KEY>, for example
                  CXTV_ADMIN_TOKEN, CXTV_LISTEN or CXTV_DATA

Files:
  /etc/cxtv/feed.yaml       the config of the packaged service, cxtv-feed.service
  /var/lib/cxtv/feed.db     its bbolt store

Every key of the config file is described in
/usr/share/doc/cxtv-feed/examples/feed.example.yaml.
`

// run is the whole program; tests call it too.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "--version", "-version", "version":
		fmt.Fprintf(stdout, "cxtv-feed %s\n", version)
		return nil
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return flag.ErrHelp
	case "serve":
		return runServe(ctx, args[1:], stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "import":
		return runImport(ctx, args[1:], os.Stdin, stdout, stderr)
	case "sources":
		return runSources(ctx, args[1:], stdout, stderr)
	case "redactions":
		return runRedactions(ctx, args[1:], stdout, stderr)
	case "compact":
		return runCompact(args[1:], stdout, stderr)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("cxtv-feed "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
