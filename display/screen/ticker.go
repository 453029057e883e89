// The ticker band: its prepared item images, its scrolling, its drawing.

package screen

import (
	"github.com/hajimehoshi/ebiten/v2"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// ticker runs the ticker band: it asks the worker for the band and its
// items after a new snapshot or a resize, uploads them, and moves the
// items along. It belongs to the game loop.
type ticker struct {
	asks   asks
	scroll *scene.Ticker            // where the items are
	band   *ebiten.Image            // the band's background
	imgs   map[string]*ebiten.Image // one per item, by key
	on     bool                     // the band is shown
	rev    string                   // the snapshot the items were last asked for
	want   bool                     // ask the worker for the items on the next tick
	moved  bool                     // the items moved: redraw the band
}

func newTicker(w *worker) ticker {
	return ticker{asks: newAsks(w, kindTicker), imgs: map[string]*ebiten.Image{}}
}

// resize makes a new band for a screen of size; its items are asked for
// anew.
func (t *ticker) resize(size scene.Size) {
	if t.band != nil {
		t.band.Deallocate()
	}
	t.band = ebiten.NewImage(size.W, scene.TickerHeight(size))
	for k, img := range t.imgs {
		img.Deallocate()
		delete(t.imgs, k)
	}
	t.scroll = scene.NewTicker(size, ebiten.DefaultTPS)
	t.on, t.rev, t.want = false, "", true
}

// changed notes a new snapshot of revision rev: its items are asked for
// unless they were for that revision.
func (t *ticker) changed(rev string) {
	if rev != t.rev || rev == "" {
		t.want = true
	}
}

// take uploads the band and the items it does not hold yet, and hands the
// list to the scroller, which keeps what is on the band moving. It
// reports whether the screen must be redrawn.
func (t *ticker) take(p picture, size scene.Size) bool {
	if !t.asks.came(p, size) {
		return false
	}
	was := t.on
	t.on = p.img != nil
	if !t.on {
		t.scroll.SetItems(nil)
		t.free()
		return was
	}
	t.band.WritePixels(p.img.Pix)
	items := make([]scene.TickerItem, 0, len(p.items))
	for _, tp := range p.items {
		if tp.img != nil && t.imgs[tp.item.Key] == nil {
			img := ebiten.NewImage(tp.item.W, tp.item.H)
			img.WritePixels(tp.img.Pix)
			t.imgs[tp.item.Key] = img
		}
		if t.imgs[tp.item.Key] != nil {
			items = append(items, tp.item)
		} else {
			// Held when asked for, freed since: ask again, painted this time.
			t.want = true
		}
	}
	t.scroll.SetItems(items)
	t.free()
	return true
}

// free drops the images of items that left the band and are not in the
// list any more.
func (t *ticker) free() {
	for k, img := range t.imgs {
		if !t.scroll.Uses(k) {
			img.Deallocate()
			delete(t.imgs, k)
		}
	}
}

// advance asks for the items of snap on a screen of size when they are
// wanted, and moves the band by a tick.
func (t *ticker) advance(snap *feed.Snapshot, size scene.Size) {
	if t.want && size.W > 0 && !t.asks.busy() {
		have := make(map[string]bool, len(t.imgs))
		for k := range t.imgs {
			have[k] = true
		}
		if t.asks.ask(job{key: "ticker", snap: snap, have: have, size: size}) {
			t.want = false
			if snap != nil {
				t.rev = snap.Revision
			}
		}
	}
	if !t.on {
		return
	}
	if t.scroll.Tick() {
		t.free()
	}
	t.moved = true
}

// still reports whether the band is not shown and nothing about it is to
// be done.
func (t *ticker) still() bool { return !t.on && !t.moved && !t.want && !t.asks.busy() }

// draw draws the band and the items on it, at the bottom of a screen of
// size.
func (t *ticker) draw(cv *canvas, screen *ebiten.Image, size scene.Size) {
	t.moved = false
	if !t.on {
		return
	}
	y := size.H - scene.TickerHeight(size)
	cv.draw(screen, t.band, 0, y, 1)
	for _, p := range t.scroll.Placed() {
		if p.X >= size.W {
			break
		}
		if img := t.imgs[p.Key]; img != nil {
			cv.draw(screen, img, p.X, y, 1)
		}
	}
}
