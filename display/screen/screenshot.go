package screen

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"log/slog"
	"os"
	"path/filepath"
)

// shooter writes screenshots off the render goroutine: Draw only copies
// the pixels, PNG encoding and the disk happen here.
type shooter struct {
	dir    string
	shots  chan *image.RGBA
	logger *slog.Logger
}

func newShooter(dir string, logger *slog.Logger) *shooter {
	return &shooter{dir: dir, shots: make(chan *image.RGBA, 1), logger: logger}
}

// offer hands img over, dropping it when the previous one is still being
// written: a slow SD card must not pile up frames in memory.
func (s *shooter) offer(img *image.RGBA) {
	select {
	case s.shots <- img:
	default:
	}
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
