package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/cxtv/cxtv/feed/store"
)

// runCompact rewrites the config's store without its free pages: bbolt
// reuses the pages that retention frees but never gives them back, so a
// store that once held more than its retention keeps that size until it
// is compacted. It needs the server stopped.
func runCompact(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("compact", stderr)
	path := fs.String("config", "", "config file (YAML)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" {
		return errors.New("compact: --config is required")
	}
	p, err := prepare(*path)
	if err != nil {
		return fmt.Errorf("config is invalid:\n%w", err)
	}
	before, after, err := store.Compact(p.cfg.Data)
	if errors.Is(err, store.ErrInUse) {
		return fmt.Errorf("%w (systemctl stop cxtv-feed; cxtv-feed compact …; systemctl start cxtv-feed)", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "compacted %s: %s → %s\n", p.cfg.Data, size(before), size(after))
	return nil
}

// size is n bytes for people: "612.4 MB".
func size(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d bytes", n)
}
