package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/display/cache"
	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/display/still"
	"github.com/cxtv/cxtv/feed"
)

// renderCards writes every card of a snapshot as a PNG: a preview for
// admins and a check for tests, painted exactly as the screen paints it,
// with header and ticker band (its items where a freshly started band has
// them).
func renderCards(args []string, stdout, stderr io.Writer, logger *slog.Logger) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "the display config file: its cache, channel and rotation")
	out := fs.String("out", "", "folder to write the PNGs into")
	snapPath := fs.String("snapshot", "", "a snapshot JSON file to render instead of the cache")
	logoPath := fs.String("logo", "", "with --snapshot: the channel's logo, a PNG (the cache keeps its own)")
	sizeFlag := fs.String("size", "1920x1080", "screen size in pixels, WIDTHxHEIGHT, before rotation")
	rotation := fs.Int("rotation", -1, "0, 90, 180 or 270 (default: the config's)")
	if err := parse(fs, args, stderr); err != nil {
		return err
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

	snap, logo, err := loadSnapshot(*snapPath, *logoPath, cfg, logger)
	if err != nil {
		return err
	}
	return writeCards(snap, logo, cfg, size, *out, stdout)
}

// loadSnapshot reads the snapshot file and logo file, or the cache named
// in cfg. An empty cache renders the waiting screen.
func loadSnapshot(path, logoPath string, cfg *config.Display, logger *slog.Logger) (s *feed.Snapshot, logo []byte, err error) {
	if path != "" {
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
	c, err := cache.Open(cfg.Cache, logger)
	if err != nil {
		return nil, nil, err
	}
	defer c.Close()
	cached, _, err := c.Load()
	if errors.Is(err, cache.ErrEmpty) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	logo, _ = c.Logo(cached.Theme.LogoHash)
	return &cached, logo, nil
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
