// Package screen is the only package that imports Ebiten: a thin game that
// advances the deck and the ticker in Update, has display/paint prepare
// every card, the header strip and the ticker's items as images ahead of
// time, and in Draw only lays finished images over each other. While a
// card holds still and no ticker runs nothing is drawn, so a Raspberry Pi
// idles; a running ticker redraws its band alone.
//
// Importing this package needs an X display even to start (Ebiten opens
// GLFW in a package init); binaries and tests that link it import
// display/nox first, which fails clearly instead.
package screen

import (
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math"
	"sync/atomic"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// fadeTicks is the length of a cross-fade: 0.6 s at 60 ticks a second,
// long enough to look calm, short enough that a new comment is on screen
// well within a second. The new card is laid over the old one with
// rising opacity, so there is never a frame of black or white between.
const fadeTicks = 36

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

// game is the ebiten.Game. All its fields belong to the game loop
// (Layout, Update and Draw run on one goroutine).
type game struct {
	ctx    context.Context
	opts   Options
	deck   *scene.Deck
	worker *worker
	shots  *shooter

	layoutW, layoutH int        // the outside size Layout was last given
	scale            float64    // the monitor's device scale factor
	outW, outH       int        // the size Layout last returned
	screenW, screenH int        // physical pixels the images were made for
	size             scene.Size // logical size, after rotation
	base             ebiten.GeoM

	cur, next *ebiten.Image // card on screen, card fading in
	header    *ebiten.Image
	shownKey  string // key of the card in cur
	fadeKey   string // key of the card in next while fading
	fade      int    // ticks into the fade; 0: not fading
	pending   map[string]bool
	prepared  *picture     // a card painted ahead, not uploaded yet
	headerKey string       // what the header shows, to repaint on change
	headerMin int64        // the minute the header was last checked in
	headerOld bool         // check the header again on the next tick
	headerIn  bool         // the header image holds a painted header
	themeKey  string       // hash of the snapshot's theme, for headerKey
	status    scene.Status // the connection, for the offline note and the clock

	// The ticker band: its background, one image per item, and where the
	// items are. tickerRev is the snapshot the items were last asked for.
	ticker     *scene.Ticker
	band       *ebiten.Image
	tickerImgs map[string]*ebiten.Image
	tickerOn   bool
	tickerRev  string
	tickerWant bool // ask the worker for the items on the next tick

	dirty    bool // the whole screen must be redrawn
	bandMove bool // the ticker moved: redraw its band
	ticks    int
	shotDue  bool
	op       ebiten.DrawImageOptions // reused: Draw allocates nothing

	// Statistics since the last log line (see logStats).
	frames  int // drawn frames
	jobs    int // pictures asked of the worker
	cards   int // cards that came on screen
	mallocs uint64
	busy    time.Duration // spent in Update and Draw
	debug   bool          // the logger logs at debug level

	// The loop sleeps between frames while nothing moves (see settle);
	// wake reads sleeping from its own goroutine.
	sleeping atomic.Bool
	lastTick time.Time // the time the last counted tick stood for

	started    time.Time // when Run began
	firstDrawn bool      // a frame with a card and the header was drawn
	firstShown bool      // and logged

	power powerState // dark outside opening hours (power.go)
	shift shift      // against burn-in (shift.go)
	fill  bool       // clear the screen before the next full redraw: the picture moved or comes back
	ready bool       // the watchdog was told that the screen is up
}

// Run opens the window and shows cards until ctx is done or the window
// is closed. It must be called from the main goroutine.
func Run(ctx context.Context, opts Options) error {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g := &game{
		ctx:        ctx,
		opts:       opts,
		deck:       scene.NewDeck(ebiten.DefaultTPS / debugSpeed()),
		worker:     newWorker(),
		shift:      newShift(opts.ShiftEvery),
		pending:    map[string]bool{},
		tickerImgs: map[string]*ebiten.Image{},
		dirty:      true,
		started:    time.Now(),
		debug:      opts.Logger.Enabled(ctx, slog.LevelDebug),
	}
	if opts.Initial != nil {
		g.deck.SetSnapshot(opts.Initial)
		g.snapshotChanged()
	}
	g.report()
	werr := make(chan error, 1)
	go func() { werr <- g.worker.run(ctx, opts.Logos) }()
	go g.wake(ctx)
	g.prepaint()
	if opts.Screenshots != "" {
		g.shots = newShooter(opts.Screenshots, opts.Logger)
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
	err := ebiten.RunGame(g)
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
	g.want()
	g.advanceFade()
	g.refreshHeader()
	g.advanceTicker()
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
	g.base = rotation(g.opts.Rotation, w, h)
	size := scene.Turned(w, h, g.opts.Rotation)
	if size == g.size {
		return
	}
	g.size = size
	for _, img := range []*ebiten.Image{g.cur, g.next, g.header, g.band} {
		if img != nil {
			img.Deallocate()
		}
	}
	g.cur = ebiten.NewImage(size.W, size.H)
	g.next = ebiten.NewImage(size.W, size.H)
	g.header = ebiten.NewImage(size.W, scene.HeaderHeight(size))
	g.band = ebiten.NewImage(size.W, scene.TickerHeight(size))
	g.cur.Fill(g.deckTheme().Background)
	g.shownKey, g.fadeKey, g.fade, g.prepared, g.headerKey = "", "", 0, nil, ""
	g.headerOld = true
	g.dirty = true
	for k, img := range g.tickerImgs {
		img.Deallocate()
		delete(g.tickerImgs, k)
	}
	g.ticker = scene.NewTicker(size, ebiten.DefaultTPS)
	g.tickerOn, g.tickerRev, g.tickerWant = false, "", true
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

// receive takes new snapshots, connection states and finished pictures.
func (g *game) receive() {
	for {
		select {
		case s := <-g.opts.Snapshots:
			if g.deck.SetSnapshot(&s) {
				g.report()
			}
			g.snapshotChanged()
			continue
		case g.status = <-g.opts.States:
			g.headerOld = true
			continue
		case p := <-g.worker.results:
			g.accept(p)
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
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s", s.Theme.Background, s.Theme.Foreground, s.Theme.Accent, s.Theme.LogoHash)
	g.themeKey = fmt.Sprintf("%x", h.Sum64())
	g.headerOld = true
	if s.Revision != g.tickerRev || s.Revision == "" {
		g.tickerWant = true
	}
}

func (g *game) advanceFade() {
	if g.fade == 0 {
		return
	}
	g.dirty = true
	if g.fade++; g.fade > fadeTicks {
		g.cur, g.next = g.next, g.cur
		g.shownKey, g.fadeKey, g.fade = g.fadeKey, "", 0
	}
}

// refreshHeader repaints the header strip when the minute, the title, the
// theme or the connection state changed.
func (g *game) refreshHeader() {
	minute := g.now().Unix() / 60
	if minute == g.headerMin && !g.headerOld {
		return
	}
	g.headerMin, g.headerOld = minute, false
	info := scene.HeaderAt(g.deck.Snapshot(), g.opts.Channel, g.opts.Now(), g.status)
	key := info.Key() + "|" + g.themeKey
	if key == g.headerKey {
		return
	}
	if g.pending["header"] || !g.worker.submit(job{key: "header", header: &info, size: g.size}) {
		g.headerOld = true // ask again next tick
		return
	}
	g.jobs++
	g.pending["header"] = true
	g.headerKey = key
}

// now is the time the screen shows (see scene.Clock): the local clock,
// or the server's when the local one is off; when neither is known, the
// snapshot's time, from which comment ages are counted.
func (g *game) now() time.Time {
	t, _ := g.status.Clock.At(g.opts.Now(), scene.Floor(g.deck.Snapshot()))
	return t
}

// Draw lays the prepared images over each other: the card (and the one
// fading in), the ticker band, the header. When only the ticker moved it
// redraws the band alone; the rest of the last frame stays on screen.
func (g *game) Draw(screen *ebiten.Image) {
	if g.cur == nil {
		return // before the first Update
	}
	defer g.account(time.Now())
	defer g.drawn(screen) // watchdog, fleet pictures (power.go)
	if g.darken(screen) {
		return
	}
	switch {
	case g.dirty:
		g.dirty, g.bandMove = false, false
		g.draw(screen, g.cur, 0, 0, 1)
		if g.fade > 0 {
			g.draw(screen, g.next, 0, 0, float32(g.fade)/fadeTicks)
		}
		g.drawBand(screen)
		g.draw(screen, g.header, 0, 0, 1)
		g.frames++
		g.firstDrawn = g.firstDrawn || (g.headerIn && (g.shownKey != "" || g.fadeKey != ""))
	case g.bandMove:
		g.bandMove = false
		g.drawBand(screen)
		g.frames++
	}
	if g.shotDue {
		g.shotDue = false
		g.shots.shoot(screen)
	}
}

// draw draws img at (x, y) of the logical canvas, turned onto the
// physical screen, with opacity alpha.
func (g *game) draw(screen, img *ebiten.Image, x, y int, alpha float32) {
	g.op.GeoM.Reset()
	g.op.GeoM.Translate(float64(x), float64(y))
	g.op.GeoM.Concat(g.base)
	g.op.GeoM.Translate(g.shift.dx, g.shift.dy) // against burn-in
	g.op.ColorScale.Reset()
	if alpha < 1 {
		g.op.ColorScale.ScaleAlpha(alpha)
	}
	screen.DrawImage(img, &g.op)
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

// report tells the heartbeat which card is on screen.
func (g *game) report() {
	if g.opts.OnShow == nil {
		return
	}
	rev := ""
	if s := g.deck.Snapshot(); s != nil {
		rev = s.Revision
	}
	g.opts.OnShow(g.deck.Current().Slide(), rev)
}
