package screen

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
	"golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
)

// Fleet screenshots: small, because the fleet page shows many, and an
// upload must stay far below the server's 512 KiB.
const (
	captureSide    = 640 // the longer side of a fleet screenshot, in pixels
	captureQuality = 70  // JPEG quality
)

// Capturer takes pictures of the screen for other goroutines (the fleet
// upload). Grab asks the game loop for the screen's pixels, which Draw
// reads into one reused buffer (spareFrames) after the frame is complete;
// the caller's goroutine then turns, scales and encodes them, so the
// render loop pays only for the read.
//
// The buffer is handed over through channels and has one owner at a
// time: the game loop while it reads, then Grab until it gives it back.
type Capturer struct {
	rotation int

	asks   chan struct{}    // Grab → Draw: read the screen; one slot
	frames chan *image.RGBA // Draw → Grab: the pixels
	spare  spareFrames      // Grab → Draw: the buffer, for reuse

	mu    sync.Mutex   // one Grab at a time; guards small and out
	small *image.RGBA  // the scaled picture, reused
	out   bytes.Buffer // the JPEG, reused
}

// NewCapturer returns a Capturer for a screen turned by rotation degrees
// (Options.Rotation): its pictures show the content upright, as people
// see it.
func NewCapturer(rotation int) *Capturer {
	return &Capturer{
		rotation: rotation,
		asks:     make(chan struct{}, 1),
		frames:   make(chan *image.RGBA, 1),
		spare:    newSpareFrames(),
	}
}

// Grab returns a JPEG of the screen, at most captureSide pixels on its
// longer side. It waits for the next frame the game loop draws, or ctx.
func (c *Capturer) Grab(ctx context.Context) ([]byte, string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	frame, err := c.frame(ctx)
	if err != nil {
		return nil, "", err
	}
	c.scale(frame)
	c.spare.give(frame)
	c.out.Reset()
	if err := jpeg.Encode(&c.out, c.small, &jpeg.Options{Quality: captureQuality}); err != nil {
		return nil, "", fmt.Errorf("encode screenshot: %w", err)
	}
	return bytes.Clone(c.out.Bytes()), "image/jpeg", nil
}

// frame asks the game loop for the screen and waits for it.
func (c *Capturer) frame(ctx context.Context) (*image.RGBA, error) {
	// A frame for a Grab that gave up is stale: recycle it.
	select {
	case old := <-c.frames:
		c.spare.give(old)
	default:
	}
	select {
	case c.asks <- struct{}{}:
	default: // asked already by a Grab that gave up; still wanted
	}
	// The loop may be asleep between frames.
	ebiten.ScheduleFrame()
	select {
	case f := <-c.frames:
		return f, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("screenshot: no frame drawn: %w", ctx.Err())
	}
}

// capture reads the screen when a picture was asked for and the frame is
// settled (no cross-fade): an ask that comes mid-fade waits for the first
// frame after it. Draw calls it after the frame is complete; when nobody
// asked it costs a channel poll.
func (c *Capturer) capture(screen *ebiten.Image, settled bool) {
	if !c.due(settled) {
		return
	}
	buf := c.spare.read(screen)
	select {
	case c.frames <- buf:
	default: // cannot happen with one ask at a time; drop rather than block
	}
}

// due reports whether to read this frame: a picture was asked for and
// the frame is settled. It takes the ask only then, so that one asked
// while a fade runs stays until the fade has ended.
func (c *Capturer) due(settled bool) bool {
	if c == nil || !settled {
		return false
	}
	select {
	case <-c.asks:
		return true
	default:
		return false
	}
}

// scale turns the physical frame upright and scales it to fit a square
// of captureSide, into c.small.
func (c *Capturer) scale(frame *image.RGBA) {
	pw, ph := frame.Rect.Dx(), frame.Rect.Dy()
	lw, lh := pw, ph // the logical (upright) size
	if c.rotation == 90 || c.rotation == 270 {
		lw, lh = ph, pw
	}
	s := min(1, float64(captureSide)/float64(max(lw, lh)))
	ow, oh := max(1, int(float64(lw)*s+0.5)), max(1, int(float64(lh)*s+0.5))
	if c.small == nil || c.small.Rect.Dx() != ow || c.small.Rect.Dy() != oh {
		c.small = image.NewRGBA(image.Rect(0, 0, ow, oh))
	}
	sx, sy := float64(ow)/float64(lw), float64(oh)/float64(lh)
	// Source (physical) to destination (upright, scaled): the inverse of
	// rotation() followed by the scale.
	var m f64.Aff3
	W, H := float64(pw), float64(ph)
	switch c.rotation {
	case 90: // physical (W−ly, lx)
		m = f64.Aff3{0, sx, 0, -sy, 0, sy * W}
	case 180: // physical (W−lx, H−ly)
		m = f64.Aff3{-sx, 0, sx * W, 0, -sy, sy * H}
	case 270: // physical (ly, H−lx)
		m = f64.Aff3{0, -sx, sx * H, sy, 0, 0}
	default:
		m = f64.Aff3{sx, 0, 0, 0, sy, 0}
	}
	draw.BiLinear.Transform(c.small, m, frame, frame.Rect, draw.Src, nil)
}
