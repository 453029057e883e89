// The ticker band: its prepared item images, its scrolling, its drawing.

package screen

import (
	"github.com/cxtv/cxtv/display/scene"
	"github.com/hajimehoshi/ebiten/v2"
)

// acceptTicker uploads the band and the items it does not hold yet, and
// hands the list to the ticker, which keeps what is on the band moving.
func (g *game) acceptTicker(p picture) {
	was := g.tickerOn
	g.tickerOn = p.img != nil
	if !g.tickerOn {
		g.ticker.SetItems(nil)
		g.freeTickerImages()
		g.dirty = g.dirty || was
		return
	}
	g.band.WritePixels(p.img.Pix)
	items := make([]scene.TickerItem, 0, len(p.items))
	for _, tp := range p.items {
		if tp.img != nil && g.tickerImgs[tp.item.Key] == nil {
			img := ebiten.NewImage(tp.item.W, tp.item.H)
			img.WritePixels(tp.img.Pix)
			g.tickerImgs[tp.item.Key] = img
		}
		if g.tickerImgs[tp.item.Key] != nil {
			items = append(items, tp.item)
		} else {
			// Held when asked for, freed since: ask again, painted this time.
			g.tickerWant = true
		}
	}
	g.ticker.SetItems(items)
	g.freeTickerImages()
	g.dirty = true
}

// freeTickerImages drops the images of items that left the band and are
// not in the list any more.
func (g *game) freeTickerImages() {
	for k, img := range g.tickerImgs {
		if !g.ticker.Uses(k) {
			img.Deallocate()
			delete(g.tickerImgs, k)
		}
	}
}

// advanceTicker moves the band, and asks for its items after a new
// snapshot or a resize.
func (g *game) advanceTicker() {
	if g.tickerWant && g.size.W > 0 && !g.pending["ticker"] {
		have := make(map[string]bool, len(g.tickerImgs))
		for k := range g.tickerImgs {
			have[k] = true
		}
		snap := g.deck.Snapshot()
		if g.worker.submit(job{key: "ticker", ticker: true, snap: snap, have: have, size: g.size}) {
			g.jobs++
			g.pending["ticker"] = true
			g.tickerWant = false
			if snap != nil {
				g.tickerRev = snap.Revision
			}
		}
	}
	if !g.tickerOn {
		return
	}
	if g.ticker.Tick() {
		g.freeTickerImages()
	}
	g.bandMove = true
}

// drawBand draws the ticker band and the items on it.
func (g *game) drawBand(screen *ebiten.Image) {
	if !g.tickerOn {
		return
	}
	y := g.size.H - scene.TickerHeight(g.size)
	g.draw(screen, g.band, 0, y, 1)
	for _, p := range g.ticker.Placed() {
		if p.X >= g.size.W {
			break
		}
		if img := g.tickerImgs[p.Key]; img != nil {
			g.draw(screen, img, p.X, y, 1)
		}
	}
}
