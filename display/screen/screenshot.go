package screen

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/hajimehoshi/ebiten/v2"
)

// shooter writes screenshots off the render goroutine: Draw only copies
// the pixels, into a buffer that run hands back once it is written; PNG
// encoding and the disk happen in run.
type shooter struct {
	dir    string
	shots  chan *image.RGBA // Draw → run: one frame queued behind the one being written
	spare  spareFrames      // run → Draw: a written frame's buffer, for reuse
	logger *slog.Logger
}

func newShooter(dir string, logger *slog.Logger) *shooter {
	return &shooter{dir: dir, shots: make(chan *image.RGBA, 1), spare: newSpareFrames(), logger: logger}
}

// shoot reads the finished frame and hands it to run, unless a frame is
// still queued behind the one being written: a slow SD card must not pile
// up frames in memory. Only the game loop sends on shots, so a queue found
// with room still has room after the read.
func (s *shooter) shoot(screen *ebiten.Image) {
	if len(s.shots) == cap(s.shots) {
		return
	}
	s.shots <- s.spare.read(screen)
}

func (s *shooter) run(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case img := <-s.shots:
			if err := s.write(img); err != nil {
				s.logger.Warn("screenshot failed", "err", err)
			}
			s.spare.give(img)
		}
	}
}

// write saves img as dir/screen.png through a temporary file and a
// rename, so a reader never sees half a PNG.
func (s *shooter) write(img *image.RGBA) error {
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(s.dir, ".screen-*.png")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(tmp, img); err != nil {
		tmp.Close()
		return fmt.Errorf("encode screenshot: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(s.dir, "screen.png"))
}
