// The cards: what the game asks the painting worker for, how it takes
// them in, and the cross-fade from one to the next.

package screen

import (
	"image/color"
	"math"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/cxtv/cxtv/display/scene"
)

// cards shows the deck's cards: it asks the worker for the current card
// and the one after it, uploads a painted card when it is due and fades
// it in over the one on screen (scene.Fade). It belongs to the game loop.
type cards struct {
	asks      asks
	cur, next *ebiten.Image // card on screen, card fading in
	shownKey  string        // key of the card in cur
	fadeKey   string        // key of the card in next while fading
	fade      scene.Fade    // from cur to next
	prepared  *picture      // a card painted ahead, not uploaded yet
	shown     int           // cards that came on screen since the last stats line
}

// resize makes new images for a screen of size, blank in bg, and forgets
// what was on screen: the cards are painted anew.
func (c *cards) resize(size scene.Size, bg color.RGBA) {
	for _, img := range []*ebiten.Image{c.cur, c.next} {
		if img != nil {
			img.Deallocate()
		}
	}
	c.cur = ebiten.NewImage(size.W, size.H)
	c.next = ebiten.NewImage(size.W, size.H)
	c.cur.Fill(bg)
	c.shownKey, c.fadeKey, c.fade, c.prepared = "", "", scene.Fade{}, nil
}

// take keeps a painted card until it is due.
func (c *cards) take(p picture, size scene.Size) {
	if c.asks.came(p, size) {
		c.prepared = &p
	}
}

// want makes sure the deck's current card is on screen or on its way, and
// that the next one is painted before it is due; cards are painted for
// size at now. It reports whether a card came on screen: it begins to
// fade in.
func (c *cards) want(deck *scene.Deck, size scene.Size, now time.Time) bool {
	cur := deck.Current()
	key := cur.Key()
	switch {
	case key == c.shownKey && !c.fade.Running(), key == c.fadeKey && c.fade.Running():
		// On screen or fading in: prepare the one after it.
		if up := deck.Upcoming(); up.Key() != key && (c.prepared == nil || c.prepared.key != up.Key()) {
			c.ask(up, deck, size, now)
		}
		return false
	case c.prepared != nil && c.prepared.key == key:
		if c.fade.Running() {
			// A new card during a fade: settle the fade's target first.
			c.cur, c.next = c.next, c.cur
			c.shownKey = c.fadeKey
		}
		c.next.WritePixels(c.prepared.img.Pix)
		c.prepared = nil
		c.fadeKey = key
		c.fade.Start(c.shownKey == "") // nothing on screen yet (start, resize): no fade from blank
		c.shown++
		return true
	default:
		c.ask(cur, deck, size, now)
		return false
	}
}

// ask asks the worker for card of the deck's snapshot.
func (c *cards) ask(card scene.Card, deck *scene.Deck, size scene.Size, now time.Time) {
	c.asks.ask(job{key: card.Key(), card: card, snap: deck.Snapshot(), size: size, now: now})
}

// advance moves the fade on by a tick and reports whether it runs: the
// screen must be redrawn.
func (c *cards) advance() bool {
	running, done := c.fade.Advance()
	if done {
		c.cur, c.next = c.next, c.cur
		c.shownKey, c.fadeKey = c.fadeKey, ""
	}
	return running
}

// still reports whether the card on screen holds, with nothing on its way
// and the next card, upcoming, painted (or the same).
func (c *cards) still(upcoming string) bool {
	return !c.fade.Running() && !c.asks.busy() && c.shownKey != "" && (c.prepared != nil || upcoming == c.shownKey)
}

// onScreen reports whether a card is on screen or fading in.
func (c *cards) onScreen() bool { return c.shownKey != "" || c.fadeKey != "" }

// settled reports whether the screen shows one card as it holds, not two
// in a cross-fade: what a picture of the screen must show.
func (c *cards) settled() bool { return c.fade.Settled(c.shownKey != "") }

// draw draws the card on screen and the one fading in over it.
func (c *cards) draw(cv *canvas, screen *ebiten.Image) {
	cv.draw(screen, c.cur, 0, 0, 1)
	if c.fade.Running() {
		cv.draw(screen, c.next, 0, 0, c.fade.Alpha())
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
	g.cards.ask(g.deck.Current(), g.deck, size, g.now())
	g.header.prepaint(g.headerInfo(), size)
}
