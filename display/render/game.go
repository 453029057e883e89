// Package render is the only package that imports Ebiten: a thin game that
// advances the deck and the ticker in Update, has display/paint prepare
// every card, the header strip and the ticker's items as images ahead of
// time, and in Draw only lays finished images over each other. While a
// card holds still and no ticker runs nothing is drawn, so a Raspberry Pi
// idles; a running ticker redraws its band alone.
//
// Importing this package needs an X display even to start (Ebiten opens
// GLFW in a package init); binaries and tests that link it import
// display/nox first, which fails clearly instead.
package render

import (
	"context"
	"fmt"
	"hash/fnv"
	"image"
	"log/slog"
	"math"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/cxtv/cxtv/display/client"
	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// fadeTicks is the length of a cross-fade: 0.6 s at 60 ticks a second,
// long enough to look calm, short enough that a new comment is on screen
// well within a second. The new card is laid over the old one with
// rising opacity, so there is never a frame of black or white between.
const fadeTicks = 36

// statsEvery is how often the game logs its frame statistics at debug
// level: drawn frames and allocations per frame.
const statsEvery = 10 * ebiten.DefaultTPS

// Options configure the screen.
type Options struct {
	Rotation        int  // 0, 90, 180 or 270: content is turned clockwise
	Fullscreen      bool // otherwise a resizable 1280×720 window
	Channel         string
	Screenshots     string // folder for screen.png; empty: none
	ScreenshotEvery time.Duration

	Initial   *feed.Snapshot               // shown at once, before any network
	Snapshots <-chan feed.Snapshot         // every snapshot to show
	States    <-chan client.State          // connection changes, for the offline note
	OnShow    func(slide, revision string) // called when another card comes on screen

	Panel PanelOptions // opening hours, pixel shift, watchdog, fleet pictures (panel.go)

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

	panel panelState // see panel.go
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
	go func() { werr <- g.worker.run(ctx) }()
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
		return nil // dark outside opening hours (panel.go)
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

// crossed reports whether a multiple of every lies in (before, after].
func crossed(before, after, every int) bool {
	every = max(every, 1)
	return after/every != before/every
}

// ticksDue is how many ticks this Update stands for: one while the loop
// runs at its fixed rate, and while it sleeps (see settle) as many as
// have passed since the last, so that cards keep their time.
func (g *game) ticksDue(now time.Time) int {
	if !g.sleeping.Load() || g.lastTick.IsZero() {
		g.lastTick = now
		return 1
	}
	const tick = time.Second / ebiten.DefaultTPS
	n := int(now.Sub(g.lastTick) / tick)
	g.lastTick = g.lastTick.Add(time.Duration(n) * tick)
	// After a stall (a suspended machine) start afresh rather than
	// racing through the cards missed.
	return min(n, ebiten.DefaultTPS)
}

// settle lets the loop sleep while nothing on screen moves: no fade, no
// ticker, no picture on its way, nothing left to draw. Ebiten then runs a
// frame only when asked (ebiten.ScheduleFrame), which wake does a few
// times a second; a static card costs a fraction of a 60 Hz loop. Any
// change (a card due, a snapshot, the minute) wakes it to full rate.
func (g *game) settle() {
	idle := g.fade == 0 && !g.tickerOn && len(g.pending) == 0 && !g.dirty && !g.bandMove &&
		!g.headerOld && !g.tickerWant && !g.shotDue && g.shownKey != "" && g.firstShown &&
		(g.prepared != nil || g.deck.Upcoming().Key() == g.shownKey)
	if idle == g.sleeping.Load() {
		return
	}
	g.sleeping.Store(idle)
	if idle {
		//lint:ignore SA1019 the one mode that runs frames only on demand; SetScreenClearedEveryFrame(false), its suggested replacement, is on already and still runs the loop at 60 Hz.
		ebiten.SetFPSMode(ebiten.FPSModeVsyncOffMinimum)
		return
	}
	//lint:ignore SA1019 see above
	ebiten.SetFPSMode(ebiten.FPSModeVsyncOn)
}

// wakeEvery is how often a sleeping loop wakes to take snapshots and
// connection changes and to advance the cards: a card or a new comment
// comes at most this late. Each wake costs thread switches in Ebiten's
// loop; at 4 a second a still card took 1–3 % of a core under Xvfb, at 10
// about 3–4.5 %, at 60 (never sleeping) about 8 %.
const wakeEvery = time.Second / 4

// wake schedules a frame every wakeEvery while the loop sleeps, and one
// when ctx is done, so that Update can end the game.
func (g *game) wake(ctx context.Context) {
	t := time.NewTicker(wakeEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			ebiten.ScheduleFrame()
			return
		case <-t.C:
			if g.sleeping.Load() {
				ebiten.ScheduleFrame()
			}
		}
	}
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
		case st := <-g.opts.States:
			g.status = scene.Status{Known: true, Online: st.Online, Reached: st.Reached, Since: st.Since,
				Clock: scene.Clock{Server: st.ServerTime, Local: st.LocalTime}}
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
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s", s.Theme.Background, s.Theme.Foreground, s.Theme.Accent, s.Theme.Logo)
	g.themeKey = fmt.Sprintf("%x", h.Sum64())
	g.headerOld = true
	if s.Revision != g.tickerRev || s.Revision == "" {
		g.tickerWant = true
	}
}

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

// Draw lays the prepared images over each other: the card (and the one
// fading in), the ticker band, the header. When only the ticker moved it
// redraws the band alone; the rest of the last frame stays on screen.
func (g *game) Draw(screen *ebiten.Image) {
	if g.cur == nil {
		return // before the first Update
	}
	defer g.account(time.Now())
	defer g.drawn(screen) // watchdog, fleet pictures (panel.go)
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
		b := screen.Bounds()
		img := image.NewRGBA(b)
		screen.ReadPixels(img.Pix)
		g.shots.offer(img)
	}
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

// draw draws img at (x, y) of the logical canvas, turned onto the
// physical screen, with opacity alpha.
func (g *game) draw(screen, img *ebiten.Image, x, y int, alpha float32) {
	g.op.GeoM.Reset()
	g.op.GeoM.Translate(float64(x), float64(y))
	g.op.GeoM.Concat(g.base)
	g.op.GeoM.Translate(g.panel.dx, g.panel.dy) // against burn-in
	g.op.ColorScale.Reset()
	if alpha < 1 {
		g.op.ColorScale.ScaleAlpha(alpha)
	}
	screen.DrawImage(img, &g.op)
}

// logStats logs, at debug level, what the last statsEvery ticks cost:
// frames drawn, heap allocations of the whole process per drawn frame
// (near zero while nothing is painted: jobs=0), and the time spent in
// Update and Draw per tick. Reading them stops the world briefly, so only
// a debug log pays for it.
func (g *game) logStats() {
	if !g.opts.Logger.Enabled(g.ctx, slog.LevelDebug) {
		return
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if g.mallocs != 0 {
		all := float64(ms.Mallocs - g.mallocs)
		perFrame := 0.0
		if g.frames > 0 {
			perFrame = all / float64(g.frames)
		}
		round := func(f float64) float64 { return math.Round(f*100) / 100 }
		g.opts.Logger.Debug("frames", "ticks", statsEvery, "drawn", g.frames, "jobs", g.jobs, "cards", g.cards,
			"allocs_per_frame", round(perFrame), "allocs_per_tick", round(all/statsEvery),
			"busy_per_tick", g.busy/statsEvery, "heap_mb", ms.HeapInuse>>20, "go_sys_mb", ms.Sys>>20,
			"fps", math.Round(ebiten.ActualFPS()), "tps", math.Round(ebiten.ActualTPS()), "ticker", g.tickerOn)
	}
	g.mallocs, g.frames, g.jobs, g.cards, g.busy = ms.Mallocs, 0, 0, 0, 0
}

// account adds the time since start to what Update and Draw cost.
func (g *game) account(start time.Time) { g.busy += time.Since(start) }

// debugSpeed is CXTV_DEBUG_SPEED, 1 to 60: cards hold that many times
// shorter than their snapshot says. Benchmarks use it to show a thousand
// cards in minutes; screens never set it.
func debugSpeed() int {
	n, err := strconv.Atoi(os.Getenv("CXTV_DEBUG_SPEED"))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, ebiten.DefaultTPS)
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
