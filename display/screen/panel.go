package screen

import (
	"image/color"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/cxtv/cxtv/display/panel"
)

// PanelOptions are what the screen does besides showing cards: black
// outside opening hours, the picture moved against burn-in, the systemd
// watchdog fed, pictures for the fleet view. display/panel decides when;
// this file only draws it. All fields are optional.
type PanelOptions struct {
	// Lit says whether to show the picture (true) or black, latest first
	// (display/panel.Power.Lit). Nil: always the picture.
	Lit <-chan bool
	// ShiftEvery moves the whole picture to the next offset of
	// panel.Shift this often; 0: never.
	ShiftEvery time.Duration
	// Watchdog is told when the first frame is drawn and ticked by every
	// Update (display/watchdog.Pinger).
	Watchdog Watchdog
	// Capture takes pictures of the screen for other goroutines.
	Capture *Capturer
}

// Watchdog is fed by the render loop: a loop that hangs stops feeding it.
type Watchdog interface {
	Ready() // the first frame is drawn
	Tick()  // called every Update; cheap
}

// panelState belongs to the game loop, like the rest of game.
type panelState struct {
	dark   bool    // outside opening hours: the screen is black
	blank  bool    // fill the screen black in the next Draw
	fill   bool    // clear the screen before the next full redraw: the picture moved
	step   int     // pixel-shift step on screen
	size   [2]int  // the physical screen size the offset was made for
	dx, dy float64 // the picture's offset in physical pixels
	ready  bool    // the watchdog was told
	offRev string  // the revision last reported while dark
}

// tend runs at the start of every Update: it feeds the watchdog, follows
// the panel's power state and moves the picture when due. It reports
// whether the screen is dark, in which case Update has nothing else to
// do: no cards advance and nothing is painted until it is lit again.
func (g *game) tend() bool {
	p := &g.panel
	if w := g.opts.Panel.Watchdog; w != nil {
		w.Tick()
	}
	select {
	case lit := <-g.opts.Panel.Lit:
		g.setLit(lit)
	default:
	}
	if p.dark {
		// Sized images let Draw blank the screen even when the night
		// began before the first frame; new snapshots are taken (and
		// reported) but not painted.
		g.resize()
		g.receive()
		g.reportOff()
		g.sleep()
		return true
	}
	g.shift()
	return false
}

// setLit switches between the picture and black.
func (g *game) setLit(lit bool) {
	p := &g.panel
	if lit != p.dark {
		return // no change
	}
	p.dark = !lit
	if p.dark {
		p.blank, p.offRev = true, "\x00" // report at once
		return
	}
	p.fill, g.dirty, g.headerOld = true, true, true
	g.report()
}

// reportOff tells the heartbeat that the screen is dark, with the
// revision it would show, whenever that changes: the fleet view says why
// its picture is black. It overrides what receive reported.
func (g *game) reportOff() {
	rev := ""
	if s := g.deck.Snapshot(); s != nil {
		rev = s.Revision
	}
	if rev == g.panel.offRev || g.opts.OnShow == nil {
		return
	}
	g.panel.offRev = rev
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

// shift moves the picture to the offset of the current step; a move, or
// a new screen size with the picture off centre, redraws the whole screen.
func (g *game) shift() {
	p := &g.panel
	every := int(g.opts.Panel.ShiftEvery.Seconds() * ebiten.DefaultTPS)
	size := [2]int{g.screenW, g.screenH}
	if every <= 0 || size[0] == 0 || size[1] == 0 {
		return
	}
	step := g.ticks / every
	if step == p.step && size == p.size {
		return
	}
	resized := size != p.size
	p.step, p.size = step, size
	x, y := panel.Shift(step, min(size[0], size[1]))
	dx, dy := float64(x), float64(y)
	if dx == p.dx && dy == p.dy && (!resized || dx == 0 && dy == 0) {
		return
	}
	p.dx, p.dy = dx, dy
	p.fill, g.dirty = true, true
}

// darken draws black while the screen is dark, once, and reports whether
// it is; before a full redraw after a move it clears what the picture
// left uncovered.
func (g *game) darken(screen *ebiten.Image) bool {
	p := &g.panel
	switch {
	case p.dark:
		if p.blank {
			screen.Fill(color.Black)
			p.blank = false
		}
		return true
	case p.fill && g.dirty:
		screen.Fill(g.deckTheme().Background)
		p.fill = false
	}
	return false
}

// drawn runs after every Draw: the first one tells the watchdog that the
// screen is up, and a picture asked for is read from the finished frame.
func (g *game) drawn(screen *ebiten.Image) {
	if !g.panel.ready {
		g.panel.ready = true
		if w := g.opts.Panel.Watchdog; w != nil {
			w.Ready()
		}
	}
	g.opts.Panel.Capture.capture(screen)
}
