// Package still paints a snapshot's cards as images without a screen,
// exactly as the kiosk shows them: for `cxtv-display render`, the web
// player and the admins' preview.
package still

import (
	"image"
	"sync"
	"time"

	"github.com/cxtv/cxtv/display/paint"
	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// Renderer lays out and paints cards. Its mutex owns the fonts, layout
// and painter, which are for one goroutine at a time.
type Renderer struct {
	mu      sync.Mutex
	fonts   *scene.Fonts
	layout  *scene.Layout
	painter *paint.Painter
	logo    []byte // the logo of the card being painted
}

// New parses the embedded fonts and returns a renderer.
func New() (*Renderer, error) {
	fonts, err := scene.NewFonts()
	if err != nil {
		return nil, err
	}
	r := &Renderer{fonts: fonts, layout: scene.NewLayout(fonts, scene.DefaultTheme()), painter: paint.New(fonts)}
	r.layout.SetLogos(func(string) ([]byte, bool) { return r.logo, r.logo != nil })
	return r, nil
}

// Deck returns snap as the screen shows it (no comment in a script
// without a font) and its cards in playlist order.
func (r *Renderer) Deck(snap *feed.Snapshot) (*feed.Snapshot, []scene.Card) {
	r.mu.Lock()
	defer r.mu.Unlock()
	snap = r.fonts.Drawable(snap)
	return snap, scene.Cards(snap)
}

// Paint paints card c of snap, a snapshot Deck returned, at size with
// header h and logo (a PNG; nil: none), relative ages counted to now.
func (r *Renderer) Paint(c scene.Card, snap *feed.Snapshot, logo []byte, size scene.Size, h scene.HeaderInfo, now time.Time) *image.RGBA {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logo = logo
	return r.painter.Image(size, r.layout.Screen(c, snap, size, h, now))
}

// Live returns where the header's clock, date and offline note go, with
// logo (a PNG; nil: none) before the title.
func (r *Renderer) Live(h scene.HeaderInfo, logo []byte, size scene.Size) scene.LiveHeader {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logo = logo
	return r.layout.Live(h, size)
}

// Theme returns the colours snap is painted in.
func (r *Renderer) Theme(snap *feed.Snapshot) scene.Theme {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.layout.Theme(snap)
}

// TickerItems lays out the ticker band's items of snap, a snapshot Deck
// returned, for a screen of size; none when it shows no ticker.
func (r *Renderer) TickerItems(snap *feed.Snapshot, size scene.Size) []scene.TickerItem {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.layout.TickerItems(snap, size)
}

// PaintItem paints one ticker item into a picture of its own size.
func (r *Renderer) PaintItem(it scene.TickerItem) *image.RGBA {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.painter.Image(scene.Size{W: it.W, H: it.H}, it.Ops)
}
