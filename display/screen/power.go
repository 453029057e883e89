// Opening hours on screen: black while display/power says dark, and the
// loop asleep meanwhile, but the watchdog still fed.

package screen

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
)

// Watchdog is fed by the render loop: a loop that hangs stops feeding it.
type Watchdog interface {
	Ready() // the first frame is drawn
	Tick()  // called every Update; cheap
}

// powerState belongs to the game loop, like the rest of game.
type powerState struct {
	dark   bool   // outside opening hours: the screen is black
	blank  bool   // fill the screen black in the next Draw
	offRev string // the revision last reported while dark
}

// tend runs at the start of every Update: it feeds the watchdog, follows
// the power state and moves the picture when due. It reports whether the
// screen is dark, in which case Update has nothing else to do: no cards
// advance and nothing is painted until it is lit again.
func (g *game) tend() bool {
	if w := g.opts.Watchdog; w != nil {
		w.Tick()
	}
	select {
	case lit := <-g.opts.Lit:
		g.setLit(lit)
	default:
	}
	if g.power.dark {
		// Sized images let Draw blank the screen even when the night
		// began before the first frame; new snapshots are taken (and
		// reported) but not painted.
		g.resize()
		g.receive()
		g.reportOff()
		g.sleep()
		return true
	}
	if g.canvas.shift.update(g.ticks, g.screenW, g.screenH) {
		g.fill, g.dirty = true, true
	}
	return false
}

// setLit switches between the picture and black.
func (g *game) setLit(lit bool) {
	p := &g.power
	if lit != p.dark {
		return // no change
	}
	p.dark = !lit
	if p.dark {
		p.blank, p.offRev = true, "\x00" // report at once
		return
	}
	g.fill, g.dirty, g.header.stale = true, true, true
	g.report()
}

// reportOff tells the heartbeat that the screen is dark, with the
// revision it would show, whenever that changes: the fleet view says why
// its picture is black. It overrides what receive reported.
func (g *game) reportOff() {
	rev := g.revision()
	if rev == g.power.offRev || g.opts.OnShow == nil {
		return
	}
	g.power.offRev = rev
	g.opts.OnShow("off", rev)
}

// sleep lets the loop run frames only on demand while the screen is
// dark, as settle does while a card holds still: wake keeps Update coming
// a few times a second, for the watchdog and to notice the morning.
func (g *game) sleep() {
	if g.sleeping.Load() {
		return
	}
	g.sleeping.Store(true)
	//lint:ignore SA1019 see settle
	ebiten.SetFPSMode(ebiten.FPSModeVsyncOffMinimum)
}

// darken draws black while the screen is dark, once, and reports whether
// it is; before a full redraw after a move or the morning it clears what
// the picture left uncovered.
func (g *game) darken(screen *ebiten.Image) bool {
	p := &g.power
	switch {
	case p.dark:
		if p.blank {
			screen.Fill(color.Black)
			p.blank = false
		}
		return true
	case g.fill && g.dirty:
		screen.Fill(g.deckTheme().Background)
		g.fill = false
	}
	return false
}

// drawn runs after every Draw: the first one tells the watchdog that the
// screen is up, and a picture asked for is read from the finished frame
// once it is settled (see settled).
func (g *game) drawn(screen *ebiten.Image) {
	if !g.ready {
		g.ready = true
		if w := g.opts.Watchdog; w != nil {
			w.Ready()
		}
	}
	g.opts.Capture.capture(screen, g.settled())
}

// settled reports whether the frame on screen is one to take a picture
// of: one card, not two in a cross-fade; or black while dark, where no
// card moves (a fade cut short by the night stays where it was).
func (g *game) settled() bool { return g.power.dark || g.cards.settled() }
