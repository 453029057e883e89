// Card pictures: what the game asks the painting worker for, and how it
// takes them in.

package screen

import (
	"math"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/hajimehoshi/ebiten/v2"
)

func (g *game) accept(p picture) {
	delete(g.pending, p.key)
	if p.size != g.size {
		return // painted for a size the screen no longer has
	}
	switch p.key {
	case "header":
		g.header.WritePixels(p.img.Pix)
		g.headerIn, g.dirty = true, true
	case "ticker":
		g.acceptTicker(p)
	default:
		g.prepared = &p
	}
}

// want makes sure the current card is on screen or on its way, and that
// the next one is painted before it is due.
func (g *game) want() {
	cur := g.deck.Current()
	key := cur.Key()
	switch {
	case key == g.shownKey && g.fade == 0, key == g.fadeKey && g.fade > 0:
		// On screen or fading in: prepare the one after it.
		if up := g.deck.Upcoming(); up.Key() != key && (g.prepared == nil || g.prepared.key != up.Key()) {
			g.request(up)
		}
	case g.prepared != nil && g.prepared.key == key:
		if g.fade > 0 {
			// A new card during a fade: settle the fade's target first.
			g.cur, g.next = g.next, g.cur
			g.shownKey = g.fadeKey
		}
		g.next.WritePixels(g.prepared.img.Pix)
		g.prepared = nil
		g.fadeKey, g.fade, g.dirty = key, 1, true
		g.cards++
		if g.debug {
			g.opts.Logger.Debug("card", "slide", cur.Slide())
		}
		if g.shownKey == "" {
			// Nothing on screen yet (start, resize): no fade from blank.
			g.fade = fadeTicks
		}
	default:
		g.request(cur)
	}
}

func (g *game) request(c scene.Card) { g.requestAt(c, g.size) }

func (g *game) requestAt(c scene.Card, size scene.Size) {
	key := c.Key()
	if g.pending[key] || size.W == 0 {
		return
	}
	if g.worker.submit(job{key: key, card: c, snap: g.deck.Snapshot(), size: size, now: g.now()}) {
		g.jobs++
		g.pending[key] = true
	}
}

// prepaint asks for the first card and the header at the size of the
// monitor before the window is open, so that they are painted while it
// opens (a good part of the way to the first frame, more so on a
// Raspberry Pi). Pictures of a size the window does not get are dropped.
func (g *game) prepaint() {
	m := ebiten.Monitor()
	if !g.opts.Fullscreen || m == nil {
		return
	}
	w, h := m.Size()
	s := m.DeviceScaleFactor()
	size := scene.Turned(int(math.Ceil(float64(w)*s)), int(math.Ceil(float64(h)*s)), g.opts.Rotation)
	g.requestAt(g.deck.Current(), size)
	info := scene.HeaderAt(g.deck.Snapshot(), g.opts.Channel, g.opts.Now(), g.status)
	if g.worker.submit(job{key: "header", header: &info, size: size}) {
		g.pending["header"] = true
	}
}
