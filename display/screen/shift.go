// Against burn-in: the whole picture moves to the next offset of
// display/pixelshift every Options.ShiftEvery.

package screen

import (
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/cxtv/cxtv/display/pixelshift"
)

// shift is the picture's offset against burn-in. It belongs to the game
// loop.
type shift struct {
	every  int     // ticks between steps; 0: never
	step   int     // the step on screen
	size   [2]int  // the physical screen size the offset was made for
	dx, dy float64 // the picture's offset in physical pixels
}

func newShift(every time.Duration) shift {
	return shift{every: int(every.Seconds() * ebiten.DefaultTPS)}
}

// update moves the picture to the offset of the step due at ticks on a
// screen of w×h physical pixels. It reports whether the picture moved,
// or the screen changed size with the picture off centre: then the whole
// screen must be cleared and redrawn.
func (s *shift) update(ticks, w, h int) bool {
	size := [2]int{w, h}
	if s.every <= 0 || w == 0 || h == 0 {
		return false
	}
	step := ticks / s.every
	if step == s.step && size == s.size {
		return false
	}
	resized := size != s.size
	s.step, s.size = step, size
	x, y := pixelshift.Offset(step, min(w, h))
	dx, dy := float64(x), float64(y)
	if dx == s.dx && dy == s.dy && (!resized || dx == 0 && dy == 0) {
		return false
	}
	s.dx, s.dy = dx, dy
	return true
}
