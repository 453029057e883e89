package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/cxtv/cxtv/feed/publish"
	"github.com/cxtv/cxtv/feed/server"
	"github.com/cxtv/cxtv/feed/store"
)

// runRedactions lists, for each channel (or the one --channel names), the
// comments it could show that had personal data redacted, with the kinds,
// and those hidden for naming a person. It reads the store itself, or asks
// the running server that holds it.
func runRedactions(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("redactions", stderr)
	path := fs.String("config", "", "config file (YAML)")
	channel := fs.String("channel", "", "only this channel")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" {
		return errors.New("redactions: --config is required")
	}
	p, err := prepare(*path)
	if err != nil {
		return fmt.Errorf("config is invalid:\n%w", err)
	}
	var names []string
	for _, ch := range p.cfg.Channels {
		if *channel == "" || ch.Name == *channel {
			names = append(names, ch.Name)
		}
	}
	if len(names) == 0 {
		return fmt.Errorf("redactions: no channel %q in the config", *channel)
	}
	list, err := localRedactions(p, names)
	if errors.Is(err, bolterrors.ErrTimeout) {
		list, err = serverRedactions(ctx, p, *channel)
	}
	if err != nil {
		return fmt.Errorf("redactions: %w", err)
	}
	writeRedactions(stdout, list)
	return nil
}

// localRedactions reads the store itself; ErrTimeout means a server holds it.
func localRedactions(p *prepared, names []string) ([]server.ChannelRedactions, error) {
	st, err := store.Open(p.cfg.Data)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var out []server.ChannelRedactions
	for _, name := range names {
		list, err := publish.Redactions(st, p.publish, name, time.Now())
		if err != nil {
			return nil, err
		}
		out = append(out, server.ChannelRedactions{Channel: name, Redactions: list})
	}
	return out, nil
}

// serverRedactions asks the running server.
func serverRedactions(ctx context.Context, p *prepared, channel string) ([]server.ChannelRedactions, error) {
	base, client, err := localServer(p, 30*time.Second)
	if err != nil {
		return nil, err
	}
	u := base + "/api/v1/redactions"
	if channel != "" {
		u += "?channel=" + url.QueryEscape(channel)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+p.cfg.AdminToken)
	var out struct{ Channels []server.ChannelRedactions }
	if err := do(client, req, http.StatusOK, &out); err != nil {
		return nil, fmt.Errorf("the store is in use and the server at %s did not answer: %w", base, err)
	}
	return out.Channels, nil
}

// writeRedactions prints one table per channel.
func writeRedactions(w io.Writer, list []server.ChannelRedactions) {
	for i, ch := range list {
		if i > 0 {
			fmt.Fprintln(w)
		}
		hidden := 0
		for _, r := range ch.Redactions {
			if r.Hidden != "" {
				hidden++
			}
		}
		fmt.Fprintf(w, "%s: %s redacted, %d of them hidden\n", ch.Channel, plural(len(ch.Redactions), "comment"), hidden)
		if len(ch.Redactions) == 0 {
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "COMMENT\tDATE\tKINDS\tSHOWN\tTEXT")
		for _, r := range ch.Redactions {
			kinds := make([]string, len(r.Kinds))
			for k, kind := range r.Kinds {
				kinds[k] = string(kind)
			}
			shown := "redacted"
			if r.Hidden != "" {
				shown = "hidden: " + r.Hidden
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Comment, r.CreatedAt.Local().Format("2006-01-02"),
				strings.Join(kinds, ","), shown, oneLine(r.Text))
		}
		tw.Flush()
	}
}
