// One way to read the screen: the fleet pictures (Capturer) and the
// screenshot files (shooter) both take the finished frame through
// spareFrames.read, into a buffer handed back once it is used, so that
// the render loop allocates a frame only when the screen's size changes.

package screen

import "image"

// pixels is what a read needs of the screen: *ebiten.Image has it.
type pixels interface {
	Bounds() image.Rectangle
	ReadPixels(pix []byte)
}

// spareFrames hands a frame buffer back from the goroutine that used it
// to the game loop, for the next read. Whoever took a buffer out owns it
// until it gives it back; one slot.
type spareFrames chan *image.RGBA

func newSpareFrames() spareFrames { return make(spareFrames, 1) }

// read copies the pixels of screen, a finished frame, into the spare
// buffer, or into a new one when there is none of the screen's size, and
// returns it. Only the game loop calls it, in Draw.
func (s spareFrames) read(screen pixels) *image.RGBA {
	size := screen.Bounds().Size()
	var buf *image.RGBA
	select {
	case buf = <-s:
	default:
	}
	if buf == nil || buf.Rect.Size() != size {
		buf = image.NewRGBA(image.Rectangle{Max: size})
	}
	screen.ReadPixels(buf.Pix)
	return buf
}

// give hands buf back for a later read; with the slot taken it is left
// to the garbage collector.
func (s spareFrames) give(buf *image.RGBA) {
	select {
	case s <- buf:
	default:
	}
}
