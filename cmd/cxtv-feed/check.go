package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/feed/curate"
)

// runCheck validates a config file and reports every error at once.
func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	path := fs.String("config", "", "config file (YAML)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" {
		return errors.New("check: --config is required")
	}
	cfg, err := config.LoadFeed(*path)
	if err != nil {
		return fmt.Errorf("config is invalid:\n%w", err)
	}
	// The moderation lists compile only in curate; check them here too so
	// that check finds what serve would refuse.
	if _, err := curate.NewRules(cfg.Moderation, time.Local); err != nil {
		return fmt.Errorf("config is invalid:\n%s: %w", *path, err)
	}
	fmt.Fprintf(stdout, "%s: OK (%d sources, %d channels)\n", *path, len(cfg.Sources), len(cfg.Channels))
	return nil
}
