package main

import (
	"errors"
	"fmt"
	"io"
)

// runCheck validates a config file and reports every error at once. It
// prepares the file as serve does, so that it passes exactly what serve
// accepts.
func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	path := fs.String("config", "", "config file (YAML)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" {
		return errors.New("check: --config is required")
	}
	p, err := prepare(*path)
	if err != nil {
		return fmt.Errorf("config is invalid:\n%w", err)
	}
	fmt.Fprintf(stdout, "%s: OK (%d sources, %d channels)\n", *path, len(p.cfg.Sources), len(p.cfg.Channels))
	return nil
}
