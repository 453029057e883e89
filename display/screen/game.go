// Package screen is the only package that imports Ebiten: it shows the
// deck's cards, the header strip and the ticker band, each painted ahead
// of time by display/paint on a worker goroutine, and in Draw only lays
// finished images over each other. While a card holds still and no
// ticker runs nothing is drawn, so a Raspberry Pi idles; a running ticker
// redraws its band alone.
//
// Importing this package needs an X display even to start (Ebiten opens
// GLFW in a package init); binaries and tests that link it import
// display/nox first, which fails clearly instead.
package screen

import (
	"context"
	"log/slog"
	"math"
	"sync/atomic"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// Options configure the screen.
type Options struct {
	Rotation        int  // 0, 90, 180 or 270: content is turned clockwise
	Fullscreen      bool // otherwise a resizable 1280×720 window
	Channel         string
	Screenshots     string // folder for screen.png; empty: none
	ScreenshotEvery time.Duration

	Initial   *feed.Snapshot               // shown at once, before any network
	Snapshots <-chan feed.Snapshot         // every snapshot to show
	Logos     scene.Logos                  // where the channel's logo is found; nil: none
	States    <-chan scene.Status          // connection changes, for the offline note and the clock
	OnShow    func(slide, revision string) // called when another card comes on screen

	// The physical screen; all optional. Lit says whether to show the
	// picture (true) or black, latest first (display/power.Switch.Lit);
	// nil: always the picture (power.go). ShiftEvery moves the whole
	// picture to the next offset of display/pixelshift this often; 0:
	// never (shift.go). Watchdog is told when the first frame is drawn
	// and ticked by every Update (display/watchdog.Pinger). Capture takes
	// pictures of the screen for other goroutines (capture.go).
	Lit        <-chan bool
	ShiftEvery time.Duration
	Watchdog   Watchdog
	Capture    *Capturer

	Now    func() time.Time
	Logger *slog.Logger
}

// game is the ebiten.Game: it hands snapshots and ticks to the three
// parts of the screen (cards, header and ticker, each of which asks the
// worker for its own pictures and takes them in), and in Draw lays their
// images over each other. All its fields belong to the game loop
// (Layout, Update and Draw run on one goroutine).
type game struct {
	ctx    context.Context
	opts   Options
	deck   *scene.Deck
	fonts  *scene.Fonts // only to leave out the comments no font can draw (scene.Fonts.Drawable)
	worker *worker
	shots  *shooter

	layoutW, layoutH int        // the outside size Layout was last given
	scale            float64    // the monitor's device scale factor
	outW, outH       int        // the size Layout last returned
	screenW, screenH int        // physical pixels the images were made for
	size             scene.Size // logical size, after rotation
	canvas           canvas     // where the logical images land on the physical screen

	cards  cards        // cards.go
	header header       // header.go
	ticker ticker       // ticker.go
	status scene.Status // the connection, for the offline note and the clock

	dirty   bool // the whole screen must be redrawn
	ticks   int
	shotDue bool
	stats   stats // since the last log line (stats.go)
	debug   bool  // the logger logs at debug level

	// The loop sleeps between frames while nothing moves (see settle);
	// wake reads sleeping from its own goroutine.
	sleeping atomic.Bool
	lastTick time.Time // the time the last counted tick stood for

	started    time.Time // when Run began
	firstDrawn bool      // a frame with a card and the header was drawn
	firstShown bool      // and logged

	power powerState // dark outside opening hours (power.go)
	fill  bool       // clear the screen before the next full redraw: the picture moved or comes back
	ready bool       // the watchdog was told that the screen is up
}

// newGame returns a game that shows opts.Initial, if there is one, once
// it has a size. Its worker is not running yet.
func newGame(ctx context.Context, opts Options) (*game, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	fonts, err := scene.NewFonts()
	if err != nil {
		return nil, err
	}
	w := newWorker()
	g := &game{
		ctx:     ctx,
		opts:    opts,
		deck:    scene.NewDeck(ebiten.DefaultTPS / debugSpeed()),
		fonts:   fonts,
		worker:  w,
		canvas:  canvas{shift: newShift(opts.ShiftEvery)},
		cards:   cards{asks: newAsks(w, kindCard)},
		header:  header{asks: newAsks(w, kindHeader)},
		ticker:  newTicker(w),
		dirty:   true,
		started: time.Now(),
		debug:   opts.Logger.Enabled(ctx, slog.LevelDebug),
	}
	if opts.Initial != nil {
		g.deck.SetSnapshot(fonts.Drawable(opts.Initial))
		g.snapshotChanged()
	}
	return g, nil
}

// Run opens the window and shows cards until ctx is done or the window
// is closed. It must be called from the main goroutine.
func Run(ctx context.Context, opts Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, err := newGame(ctx, opts)
	if err != nil {
		return err
	}
	g.report()
	werr := make(chan error, 1)
	go func() { werr <- g.worker.run(ctx, opts.Logos) }()
	go g.wake(ctx)
	g.prepaint()
	if opts.Screenshots != "" {
		g.shots = newShooter(opts.Screenshots, g.opts.Logger)
		go g.shots.run(ctx)
	}

	ebiten.SetWindowTitle("cxtv")
	ebiten.SetWindowSize(1280, 720)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetFullscreen(opts.Fullscreen)
	ebiten.SetCursorMode(ebiten.CursorModeHidden)
	// Keep the last frame and draw only what moves: a static card then
	// costs almost nothing, which matters on a Raspberry Pi.
	ebiten.SetScreenClearedEveryFrame(false)
	err = ebiten.RunGame(g)
	cancel()
	if werr := <-werr; werr != nil && err == nil {
		err = werr
	}
	return err
}

// Layout keeps the screen at physical resolution, so text is as sharp as
// the panel allows. Ebiten calls it on the game loop right before Update,
// which picks the size up.
//
// Ebiten calls it every frame; asking the monitor allocates, so the scale
// factor is asked again only when the outside size changes.
func (g *game) Layout(w, h int) (int, int) {
	if w != g.layoutW || h != g.layoutH || g.scale == 0 {
		g.layoutW, g.layoutH = w, h
		g.scale = ebiten.Monitor().DeviceScaleFactor()
	}
	g.outW, g.outH = int(math.Ceil(float64(w)*g.scale)), int(math.Ceil(float64(h)*g.scale))
	return g.outW, g.outH
}

func (g *game) Update() error {
	if g.ctx.Err() != nil {
		return ebiten.Termination
	}
	defer g.account(time.Now())
	if g.firstDrawn && !g.firstShown {
		// The frame Draw made last was presented before this Update.
		g.firstShown = true
		g.opts.Logger.Info("first frame on screen", "slide", g.deck.Current().Slide(),
			"after", time.Since(g.started).Round(time.Millisecond))
	}
	n := g.ticksDue(time.Now())
	before := g.ticks
	g.ticks += n
	if g.tend() {
		return nil // dark outside opening hours (power.go)
	}
	g.resize()
	g.receive()
	for range n {
		if g.deck.Tick() {
			g.report()
		}
	}
	now := g.now()
	if g.cards.want(g.deck, g.size, now) {
		g.dirty = true
		if g.debug {
			g.opts.Logger.Debug("card", "slide", g.deck.Current().Slide())
		}
	}
	if g.cards.advance() {
		g.dirty = true
	}
	if g.header.due(now.Unix() / 60) {
		g.header.ask(g.headerInfo(), g.size)
	}
	g.ticker.advance(g.deck.Snapshot(), g.size)
	if g.shots != nil && g.opts.ScreenshotEvery > 0 && crossed(before, g.ticks, int(g.opts.ScreenshotEvery.Seconds()*ebiten.DefaultTPS)) {
		g.shotDue = true
	}
	if crossed(before, g.ticks, statsEvery) {
		g.logStats()
	}
	g.settle()
	return nil
}

// resize reallocates the images when the window or the monitor changed
// and paints everything anew at the new size.
func (g *game) resize() {
	w, h := g.outW, g.outH
	if w == 0 || h == 0 {
		return
	}
	if g.screenW != 0 && w == g.screenW && h == g.screenH {
		return
	}
	g.screenW, g.screenH = w, h
	g.canvas.base = rotation(g.opts.Rotation, w, h)
	size := scene.Turned(w, h, g.opts.Rotation)
	if size == g.size {
		return
	}
	g.size = size
	g.cards.resize(size, g.deckTheme().Background)
	g.header.resize(size)
	g.ticker.resize(size)
	g.dirty = true
}

// deckTheme is the palette of the snapshot on screen, for the blank
// canvas before the first card is painted.
func (g *game) deckTheme() scene.Theme {
	t := scene.DefaultTheme()
	if s := g.deck.Snapshot(); s != nil {
		t = t.WithColors(s.Theme)
	}
	return t
}

// receive takes new snapshots, connection states and finished pictures,
// and hands each picture to the part of the screen that asked for it.
func (g *game) receive() {
	for {
		select {
		case s := <-g.opts.Snapshots:
			rev := g.revision()
			if g.deck.SetSnapshot(g.fonts.Drawable(&s)) || s.Revision != rev {
				// Another card, or the same card of new content: the
				// fleet view shows both.
				g.report()
			}
			g.snapshotChanged()
			continue
		case g.status = <-g.opts.States:
			g.header.stale = true
			continue
		case p := <-g.worker.results:
			var redraw bool
			switch p.kind {
			case kindHeader:
				redraw = g.header.take(p, g.size)
			case kindTicker:
				redraw = g.ticker.take(p, g.size)
			default:
				g.cards.take(p, g.size)
			}
			g.dirty = g.dirty || redraw
			continue
		default:
		}
		return
	}
}

// snapshotChanged notes what a new snapshot may change besides the
// cards: header colours and logo, and the ticker's items.
func (g *game) snapshotChanged() {
	s := g.deck.Snapshot()
	g.header.setTheme(s.Theme)
	g.ticker.changed(s.Revision)
}

// headerInfo is what the header shows now.
func (g *game) headerInfo() scene.HeaderInfo {
	return scene.HeaderAt(g.deck.Snapshot(), g.opts.Channel, g.opts.Now(), g.status)
}

// now is the time the screen shows (see scene.Clock): the local clock,
// or the server's when the local one is off; when neither is known, the
// snapshot's time, from which comment ages are counted.
func (g *game) now() time.Time {
	t, _ := g.status.Clock.At(g.opts.Now(), scene.Floor(g.deck.Snapshot()))
	return t
}

// busy reports whether a picture is on its way from the worker.
func (g *game) busy() bool {
	return g.cards.asks.busy() || g.header.asks.busy() || g.ticker.asks.busy()
}

// Draw lays the prepared images over each other: the card (and the one
// fading in), the ticker band, the header. When only the ticker moved it
// redraws the band alone; the rest of the last frame stays on screen.
func (g *game) Draw(screen *ebiten.Image) {
	if g.cards.cur == nil {
		return // before the first Update
	}
	defer g.account(time.Now())
	defer g.drawn(screen) // watchdog, fleet pictures (power.go)
	if g.darken(screen) {
		return
	}
	switch {
	case g.dirty:
		g.dirty = false
		g.cards.draw(&g.canvas, screen)
		g.ticker.draw(&g.canvas, screen, g.size)
		g.header.draw(&g.canvas, screen)
		g.stats.frames++
		g.firstDrawn = g.firstDrawn || (g.header.in && g.cards.onScreen())
	case g.ticker.moved:
		g.ticker.draw(&g.canvas, screen, g.size)
		g.stats.frames++
	}
	if g.shotDue && g.settled() {
		// A picture due mid-fade waits for the fade's end.
		g.shotDue = false
		g.shots.shoot(screen)
	}
}

// canvas puts the logical images on the physical screen: turned by the
// rotation and moved against burn-in.
type canvas struct {
	base  ebiten.GeoM
	shift shift                   // shift.go
	op    ebiten.DrawImageOptions // reused: Draw allocates nothing
}

// draw draws img at (x, y) of the logical canvas, turned onto the
// physical screen, with opacity alpha.
func (c *canvas) draw(screen, img *ebiten.Image, x, y int, alpha float32) {
	c.op.GeoM.Reset()
	c.op.GeoM.Translate(float64(x), float64(y))
	c.op.GeoM.Concat(c.base)
	c.op.GeoM.Translate(c.shift.dx, c.shift.dy)
	c.op.ColorScale.Reset()
	if alpha < 1 {
		c.op.ColorScale.ScaleAlpha(alpha)
	}
	screen.DrawImage(img, &c.op)
}

// rotation maps the logical canvas onto a physical screen of w×h.
func rotation(deg, w, h int) ebiten.GeoM {
	var m ebiten.GeoM
	fw, fh := float64(w), float64(h)
	switch deg {
	case 90:
		m.Rotate(math.Pi / 2)
		m.Translate(fw, 0)
	case 180:
		m.Rotate(math.Pi)
		m.Translate(fw, fh)
	case 270:
		m.Rotate(3 * math.Pi / 2)
		m.Translate(0, fh)
	}
	return m
}

// report tells the heartbeat which card is on screen, or that the screen
// is dark (see reportOff).
func (g *game) report() {
	if g.opts.OnShow == nil {
		return
	}
	slide := g.deck.Current().Slide()
	if g.power.dark {
		slide = "off"
	}
	g.opts.OnShow(slide, g.revision())
}

// revision is that of the snapshot on screen; "" before the first.
func (g *game) revision() string {
	if s := g.deck.Snapshot(); s != nil {
		return s.Revision
	}
	return ""
}
