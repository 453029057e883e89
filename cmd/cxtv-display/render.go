package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/display/cache"
	"github.com/cxtv/cxtv/display/paint"
	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// renderCards writes every card of a snapshot as a PNG: a preview for
// admins and a check for tests, painted exactly as the screen paints it.
func renderCards(args []string, stdout, stderr io.Writer, logger *slog.Logger) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "the display config file: its cache, channel and rotation")
	out := fs.String("out", "", "folder to write the PNGs into")
	snapPath := fs.String("snapshot", "", "a snapshot JSON file to render instead of the cache")
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
	size := scene.Size{W: w, H: h}
	if *rotation == 90 || *rotation == 270 {
		// The PNG shows the card as people see it on the turned screen.
		size = scene.Size{W: h, H: w}
	}

	snap, err := loadSnapshot(*snapPath, cfg, logger)
	if err != nil {
		return err
	}
	return writeCards(snap, cfg, size, *out, stdout)
}

// loadSnapshot reads the snapshot file, or the cache named in cfg. An
// empty cache renders the waiting screen.
func loadSnapshot(path string, cfg *config.Display, logger *slog.Logger) (*feed.Snapshot, error) {
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var s feed.Snapshot
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("decode snapshot %s: %w", path, err)
		}
		return &s, nil
	}
	c, err := cache.Open(cfg.Cache, logger)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	s, _, err := c.Load()
	if errors.Is(err, cache.ErrEmpty) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &s, nil
}

func writeCards(snap *feed.Snapshot, cfg *config.Display, size scene.Size, dir string, stdout io.Writer) error {
	fonts, err := scene.NewFonts()
	if err != nil {
		return err
	}
	layout := scene.NewLayout(fonts, scene.DefaultTheme())
	painter := paint.New(fonts)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	now := time.Now()
	head := scene.HeaderInfo{Lang: scene.German, Now: now}
	if cfg != nil {
		head.Title = cfg.Channel
	}
	if snap != nil {
		head.Title, head.Lang = snap.Title, scene.LangOf(snap.Language)
	}
	for i, c := range scene.Cards(snap) {
		ops := append(layout.Card(c, snap, size, now).Ops, layout.Header(head, size)...)
		name := fmt.Sprintf("%02d-waiting.png", i+1)
		if !c.Waiting() {
			name = fmt.Sprintf("%02d-comment-%s.png", i+1, fileSafe(c.Comment.ID))
		}
		path := filepath.Join(dir, name)
		if err := writePNG(path, painter, size, ops); err != nil {
			return err
		}
		fmt.Fprintln(stdout, path)
	}
	return nil
}

func writePNG(path string, p *paint.Painter, size scene.Size, ops []scene.Op) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, p.Image(size, ops)); err != nil {
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
