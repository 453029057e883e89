package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/display/cache"
	"github.com/cxtv/cxtv/display/client"
	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/display/still"
	"github.com/cxtv/cxtv/feed"
)

// renderCards writes every card of a snapshot as a PNG: a preview for
// admins and a check for tests, painted exactly as the screen paints it,
// with header and ticker band (its items where a freshly started band has
// them).
func renderCards(ctx context.Context, args []string, stdout, stderr io.Writer, logger *slog.Logger) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "the display config file: its server, channel, token, cache and rotation")
	out := fs.String("out", "", "folder to write the PNGs into")
	snapPath := fs.String("snapshot", "", "a snapshot JSON file to render instead of the server's")
	logoPath := fs.String("logo", "", "with --snapshot: the channel's logo, a PNG (the cache keeps its own)")
	sizeFlag := fs.String("size", "1920x1080", "screen size in pixels, WIDTHxHEIGHT, before rotation")
	rotation := fs.Int("rotation", -1, "0, 90, 180 or 270 (default: the config's)")
	timeout := fs.Duration("timeout", defaultLiveTimeout, "with --config: how long to wait for the server before painting the cache")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if *timeout <= 0 {
		return fmt.Errorf("--timeout %v: want a positive duration", *timeout)
	}
	if *out == "" || (*cfgPath == "" && *snapPath == "") {
		fmt.Fprintln(stderr, "cxtv-display render: --out and one of --config or --snapshot are required")
		return errUsage
	}
	var w, h int
	if _, err := fmt.Sscanf(strings.ToLower(*sizeFlag), "%dx%d", &w, &h); err != nil || w < 320 || h < 240 || w > 8192 || h > 8192 {
		return fmt.Errorf("--size %q: want WIDTHxHEIGHT between 320x240 and 8192x8192", *sizeFlag)
	}

	var cfg *config.Display
	if *cfgPath != "" {
		var err error
		if cfg, err = config.LoadDisplay(*cfgPath); err != nil {
			return err
		}
		if *rotation < 0 {
			*rotation = cfg.Rotation
		}
	}
	switch *rotation {
	case -1:
		*rotation = 0
	case 0, 90, 180, 270:
	default:
		return fmt.Errorf("--rotation %d: want 0, 90, 180 or 270", *rotation)
	}
	// The PNG shows the card as people see it on the turned screen.
	size := scene.Turned(w, h, *rotation)

	var (
		snap *feed.Snapshot
		logo []byte
		note string // which snapshot was rendered, said when done
		err  error
	)
	if *snapPath != "" {
		snap, logo, err = fileSnapshot(*snapPath, *logoPath)
	} else {
		snap, logo, note, err = serverSnapshot(ctx, cfg, *cfgPath, *timeout, logger)
	}
	if err != nil {
		return err
	}
	if err := writeCards(snap, logo, cfg, size, *out, stdout); err != nil {
		return err
	}
	if note != "" {
		fmt.Fprintln(stderr, note)
	}
	return nil
}

// defaultLiveTimeout bounds the request for the live snapshot (and that
// for its logo): a server that does not answer within it counts as
// unreachable.
const defaultLiveTimeout = 5 * time.Second

// fileSnapshot reads a snapshot JSON file and a logo file.
func fileSnapshot(path, logoPath string) (s *feed.Snapshot, logo []byte, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	s = new(feed.Snapshot)
	if err := json.Unmarshal(b, s); err != nil {
		return nil, nil, fmt.Errorf("decode snapshot %s: %w", path, err)
	}
	if logoPath != "" {
		if logo, err = os.ReadFile(logoPath); err != nil {
			return nil, nil, err
		}
	}
	return s, logo, nil
}

// serverSnapshot fetches the live snapshot of cfg's channel with its
// display token, as the screen would show it now, or, when the server
// cannot be reached, reads the cache that a display running with cfg
// keeps. A refused token or an unknown channel is an error: the config is
// wrong, and a cached picture would hide that. note says which one it is.
func serverSnapshot(ctx context.Context, cfg *config.Display, cfgPath string, timeout time.Duration, logger *slog.Logger) (s *feed.Snapshot, logo []byte, note string, err error) {
	cl, err := client.New(client.Options{Server: cfg.Server, Channel: cfg.Channel, Token: cfg.Token, Logger: logger})
	if err != nil {
		return nil, nil, "", fmt.Errorf("%s: server: %w", cfgPath, err)
	}
	fetch, cancel := context.WithTimeout(ctx, timeout)
	live, err := cl.Snapshot(fetch)
	cancel()
	switch {
	case errors.Is(err, client.ErrRefused), errors.Is(err, client.ErrNoChannel):
		return nil, nil, "", fmt.Errorf("%s: %w; check server, channel and token in %s", cfg.Server, err, cfgPath)
	case ctx.Err() != nil:
		return nil, nil, "", ctx.Err()
	case err == nil:
		note = fmt.Sprintf("rendered the live snapshot of channel %s from %s (revision %s)", cfg.Channel, cfg.Server, live.Revision)
		if hash := live.Theme.LogoHash; hash != "" {
			fetch, cancel := context.WithTimeout(ctx, timeout)
			logo, err = cl.Logo(fetch, hash)
			cancel()
			if err != nil {
				note += fmt.Sprintf(", without the channel's logo (%v)", err)
			}
		}
		return &live, logo, note, nil
	}
	// Not reached, or reached but without a snapshot to give (a 503
	// while it builds the first, a broken answer).
	why := fmt.Sprintf("server unreachable (%v)", err)
	if ue := (*url.Error)(nil); !errors.As(err, &ue) {
		why = fmt.Sprintf("no live snapshot (%v)", err)
	}
	s, logo, received, err := cacheSnapshot(cfg.Cache, logger)
	if err != nil {
		return nil, nil, "", fmt.Errorf("%s, and no cached snapshot: %w", why, err)
	}
	if s == nil {
		return nil, nil, fmt.Sprintf("%s: the cache %s is empty, rendered the waiting card", why, cfg.Cache), nil
	}
	return s, logo, fmt.Sprintf("%s: rendered the cached snapshot of channel %s from %s (revision %s, received %s)",
		why, cfg.Channel, cfg.Cache, s.Revision, received.Local().Format("2006-01-02 15:04")), nil
}

// cacheSnapshot reads the snapshot and logo of the display cache at path;
// nil when it is empty.
func cacheSnapshot(path string, logger *slog.Logger) (s *feed.Snapshot, logo []byte, received time.Time, err error) {
	c, err := cache.Open(path, logger)
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	defer c.Close()
	cached, received, err := c.Load()
	if errors.Is(err, cache.ErrEmpty) {
		return nil, nil, time.Time{}, nil
	}
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	logo, _ = c.Logo(cached.Theme.LogoHash)
	return &cached, logo, received, nil
}

// writeCards paints every card of snap, with logo (nil: none) in the
// header.
func writeCards(snap *feed.Snapshot, logo []byte, cfg *config.Display, size scene.Size, dir string, stdout io.Writer) error {
	r, err := still.New()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	now := time.Now()
	title := ""
	if cfg != nil {
		title = cfg.Channel
	}
	snap, cards := r.Deck(snap)
	head := scene.HeaderAt(snap, title, now, scene.Status{})
	for i, c := range cards {
		path := filepath.Join(dir, fmt.Sprintf("%02d-%s.png", i+1, cardName(c)))
		if err := writePNG(path, r.Paint(c, snap, logo, size, head, now)); err != nil {
			return err
		}
		fmt.Fprintln(stdout, path)
	}
	return nil
}

// cardName names a card's file: "comment-s-101", "nps", "announcement-2",
// "you-said-s-059", "waiting".
func cardName(c scene.Card) string {
	switch c.Kind {
	case scene.KindComment:
		return "comment-" + fileSafe(c.Comment.ID)
	case scene.KindYouSaid:
		return "you-said-" + fileSafe(c.YouSaid.Comment.ID)
	case scene.KindAnnouncement:
		_, n, _ := strings.Cut(c.ID(), "/")
		if i, err := strconv.Atoi(strings.SplitN(n, "#", 2)[0]); err == nil {
			return fmt.Sprintf("announcement-%d", i+1)
		}
	}
	return fileSafe(string(c.Kind))
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// fileSafe keeps an ID usable as part of a file name.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
}
