package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cxtv/cxtv/feed/health"
)

// runSources prints the health of every source of the server that the
// config describes, running on this machine: one line a source, failing
// ones with their last error. It fails when a source is failing, so that
// a monitoring check can run it.
func runSources(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sources", stderr)
	path := fs.String("config", "", "config file (YAML) of the running server")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" {
		return errors.New("sources: --config is required")
	}
	p, err := prepare(*path)
	if err != nil {
		return fmt.Errorf("config is invalid:\n%w", err)
	}
	base, client, err := localServer(p, 10*time.Second)
	if err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/sources", nil)
	if err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+p.cfg.AdminToken)
	var board struct{ Sources []health.Status }
	if err := do(client, req, http.StatusOK, &board); err != nil {
		return fmt.Errorf("sources: is the server running at %s? %w", base, err)
	}
	failing := writeSources(stdout, board.Sources, time.Now())
	if failing > 0 {
		return fmt.Errorf("sources: %s failing", plural(failing, "source is", "sources are"))
	}
	return nil
}

// writeSources prints the board as a table and returns how many sources
// are failing.
func writeSources(w io.Writer, list []health.Status, now time.Time) (failing int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tTYPE\tSTATUS\tLAST SUCCESS\tSTORED\tUPDATED\tDUPLICATES\tSKIPPED\tREJECTED\tLAST ERROR")
	for _, s := range list {
		status, lastErr := "ok", ""
		if !s.OK {
			status = "FAILING"
			failing++
		}
		if s.LastError != "" {
			lastErr = s.LastError + " (" + ago(now, s.LastErrorAt) + ")"
		}
		if s.LastRefused != "" {
			lastErr = strings.TrimSpace(lastErr + "; refused " + s.LastRefused + " (" + ago(now, s.LastRefusedAt) + ")")
			lastErr = strings.TrimPrefix(lastErr, "; ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Source, s.Type, status, ago(now, s.LastSuccess),
			thousands(int(s.Stored)), thousands(int(s.Updated)), thousands(int(s.Duplicates)),
			thousands(int(s.Skipped)), thousands(int(s.Rejected)), oneLine(lastErr))
	}
	tw.Flush()
	return failing
}

// ago says how long before now t was, roughly; "never" for zero.
func ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days ago", int(d/(24*time.Hour)))
}

// oneLine keeps a table row on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
