// The header strip: painted anew when what it shows changes, at most
// once a minute for the clock.

package screen

import (
	"fmt"
	"hash/fnv"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// header keeps the header strip painted: it asks the worker for a new
// strip when the minute, the title, the theme or the connection changed.
// It belongs to the game loop.
type header struct {
	asks     asks
	img      *ebiten.Image
	key      string // what the strip shows or is being painted with
	minute   int64  // the minute the strip was last checked in
	stale    bool   // check the strip again on the next tick
	in       bool   // img holds a painted strip
	themeKey string // hash of the snapshot's theme, for key
}

// resize makes a new image for a screen of size; the strip is painted
// anew.
func (h *header) resize(size scene.Size) {
	if h.img != nil {
		h.img.Deallocate()
	}
	h.img = ebiten.NewImage(size.W, scene.HeaderHeight(size))
	h.key, h.stale = "", true
}

// setTheme notes the snapshot's colours and logo.
func (h *header) setTheme(t feed.Theme) {
	f := fnv.New64a()
	fmt.Fprintf(f, "%s\x00%s\x00%s\x00%s", t.Background, t.Foreground, t.Accent, t.LogoHash)
	h.themeKey = fmt.Sprintf("%x", f.Sum64())
	h.stale = true
}

// due reports whether the strip must be checked: the minute turned, or
// something it shows may have changed.
func (h *header) due(minute int64) bool {
	if minute == h.minute && !h.stale {
		return false
	}
	h.minute, h.stale = minute, false
	return true
}

// ask asks the worker for a strip showing info on a screen of size,
// unless the strip shows it already; when it cannot ask now it asks again
// on the next tick.
func (h *header) ask(info scene.HeaderInfo, size scene.Size) {
	key := info.Key() + "|" + h.themeKey
	if key == h.key {
		return
	}
	if !h.asks.ask(job{key: "header", header: &info, size: size}) {
		h.stale = true
		return
	}
	h.key = key
}

// prepaint asks for a strip at size, a guess at the window's size before
// it is open; the strip is checked again once the window has its size.
func (h *header) prepaint(info scene.HeaderInfo, size scene.Size) {
	h.asks.ask(job{key: "header", header: &info, size: size})
}

// take uploads a painted strip and reports whether it is of use: the
// screen must be redrawn.
func (h *header) take(p picture, size scene.Size) bool {
	if !h.asks.came(p, size) {
		return false
	}
	h.img.WritePixels(p.img.Pix)
	h.in = true
	return true
}

// still reports whether nothing about the strip is to be done.
func (h *header) still() bool { return !h.stale && !h.asks.busy() }

func (h *header) draw(cv *canvas, screen *ebiten.Image) {
	cv.draw(screen, h.img, 0, 0, 1)
}
