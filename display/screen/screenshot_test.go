package screen

import (
	// First: skips these tests cleanly without an X display.
	_ "github.com/cxtv/cxtv/display/nox"

	"context"
	"image"
	"image/png"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The shooter writes screen.png and gives the frame's buffer back, so the
// next screenshot reads into the same one.
func TestShooterGivesBufferBack(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := newShooter(dir, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	frame := image.NewRGBA(image.Rect(0, 0, 64, 36))
	s.shots <- frame
	select {
	case buf := <-s.spare:
		if buf != frame {
			t.Errorf("spare buffer %p, want the frame written (%p)", buf, frame)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the frame's buffer was not given back within 10 s")
	}
	f, err := os.Open(filepath.Join(dir, "screen.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if cfg, err := png.DecodeConfig(f); err != nil || cfg.Width != 64 || cfg.Height != 36 {
		t.Errorf("screen.png: %dx%d (%v), want 64x36", cfg.Width, cfg.Height, err)
	}
}
