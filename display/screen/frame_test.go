package screen

import (
	// First: skips these tests cleanly without an X display.
	_ "github.com/cxtv/cxtv/display/nox"

	"image"
	"testing"
)

// fakeScreen stands for the finished frame: ReadPixels cannot be called
// on an ebiten.Image outside a running game.
type fakeScreen struct {
	w, h int
	v    byte
}

func (f fakeScreen) Bounds() image.Rectangle { return image.Rect(0, 0, f.w, f.h) }

func (f fakeScreen) ReadPixels(pix []byte) {
	for i := range pix {
		pix[i] = f.v
	}
}

// A frame read goes into the buffer given back while the screen keeps
// its size; a new size gets a new buffer.
func TestSpareFramesReuse(t *testing.T) {
	t.Parallel()
	spare := newSpareFrames()
	first := spare.read(fakeScreen{32, 18, 0x40})
	if got := first.Rect; got != image.Rect(0, 0, 32, 18) {
		t.Fatalf("read: %v, want 32x18", got)
	}
	if got := first.Pix[len(first.Pix)-1]; got != 0x40 {
		t.Errorf("read: last byte %#x, want the screen's 0x40", got)
	}
	spare.give(first)
	again := spare.read(fakeScreen{32, 18, 0x80})
	if again != first || again.Pix[0] != 0x80 {
		t.Errorf("read after give: reused %v, first byte %#x; want the buffer given back, read anew", again == first, again.Pix[0])
	}
	spare.give(first)
	if got := spare.read(fakeScreen{40, 20, 0}); got == first || got.Rect != image.Rect(0, 0, 40, 20) {
		t.Errorf("read of a 40x20 screen: %v (reused %v), want a new 40x20 buffer", got.Rect, got == first)
	}
	// Given back twice, the second waits for the garbage collector.
	spare.give(first)
	spare.give(first)
	if n := len(spare); n != 1 {
		t.Errorf("after two gives %d spare buffers, want 1", n)
	}
}
