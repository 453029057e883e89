package screen

import (
	// First: skips these tests cleanly without an X display.
	_ "github.com/cxtv/cxtv/display/nox"

	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
	"time"
)

// A physical frame of 1920×1080 whose logical top-left corner (where the
// header starts) is red, the rest blue: wherever rotation put that corner,
// the fleet picture shows it top left, at most 640 pixels on a side.
func TestCaptureUpright(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rotation   int
		corner     image.Point // the logical top-left on the physical screen
		wantW, wan int
	}{
		{0, image.Pt(0, 0), 640, 360},
		{90, image.Pt(1919, 0), 360, 640},
		{180, image.Pt(1919, 1079), 640, 360},
		{270, image.Pt(0, 1079), 360, 640},
	}
	red, blue := color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}
	for _, tt := range tests {
		frame := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
		for y := range 1080 {
			for x := range 1920 {
				c := blue
				if abs(x-tt.corner.X) < 300 && abs(y-tt.corner.Y) < 300 {
					c = red
				}
				frame.SetRGBA(x, y, c)
			}
		}
		c := NewCapturer(tt.rotation)
		c.scale(frame)
		if got := c.small.Rect.Size(); got != image.Pt(tt.wantW, tt.wan) {
			t.Errorf("rotation %d: picture %v, want %dx%d", tt.rotation, got, tt.wantW, tt.wan)
			continue
		}
		if got := c.small.RGBAAt(10, 10); got.R < 200 || got.B > 50 {
			t.Errorf("rotation %d: top left is %v, want red", tt.rotation, got)
		}
		if got := c.small.RGBAAt(tt.wantW-10, tt.wan-10); got.B < 200 || got.R > 50 {
			t.Errorf("rotation %d: bottom right is %v, want blue", tt.rotation, got)
		}
	}
}

func abs(n int) int { return max(n, -n) }

// Grab gets its pixels from the game loop through the channels: here the
// test plays the loop's part. The JPEG is small and decodes.
func TestGrabHandOver(t *testing.T) {
	t.Parallel()
	c := NewCapturer(0)
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-c.asks
		frame := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
		for i := range frame.Pix {
			frame.Pix[i] = 0x80
		}
		c.frames <- frame
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	data, ct, err := c.Grab(ctx)
	<-done
	if err != nil || ct != "image/jpeg" {
		t.Fatalf("Grab = %v, %q; want a JPEG", err, ct)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width != 640 || cfg.Height != 360 || len(data) > 64<<10 {
		t.Errorf("JPEG %dx%d of %d bytes (%v), want 640x360 well under 64 KiB", cfg.Width, cfg.Height, len(data), err)
	}
	// The frame's buffer came back for reuse.
	select {
	case buf := <-c.spare:
		if buf.Rect.Dx() != 1920 {
			t.Errorf("spare buffer %v, want the 1920x1080 frame", buf.Rect)
		}
	default:
		t.Error("the frame buffer was not given back")
	}
	// Nobody drawing: Grab gives up with ctx.
	ctx, cancel = context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, _, err := c.Grab(ctx); err == nil {
		t.Error("Grab without a game loop = nil error, want a timeout")
	}
}
