// Package render is the only package that imports Ebiten: a thin game that
// advances the deck in Update, has display/paint prepare each card as an
// image ahead of time, and in Draw only cross-fades finished images and
// lays the header strip on top. While a card holds still nothing is drawn,
// so a Raspberry Pi idles.
//
// Importing this package needs an X display even to start (Ebiten opens
// GLFW in a package init); binaries and tests that link it import
// display/nox first, which fails clearly instead.
package render

import (
	"context"
	"image"
	"log/slog"
	"math"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/cxtv/cxtv/display/client"
	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// fadeTicks is the length of a cross-fade: 0.6 s at 60 ticks a second,
// long enough to look calm, short enough that a new comment is on screen
// well within a second.
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
	States    <-chan client.State          // connection changes, for the offline note
	OnShow    func(slide, revision string) // called when another card comes on screen

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

	outW, outH       int        // the size Layout last returned
	screenW, screenH int        // physical pixels the images were made for
	size             scene.Size // logical size, after rotation

	cur, next *ebiten.Image // card on screen, card fading in
	header    *ebiten.Image
	shownKey  string // key of the card in cur
	fadeKey   string // key of the card in next while fading
	fade      int    // ticks into the fade; 0: not fading
	pending   map[string]bool
	prepared  *picture // a card painted ahead, not uploaded yet
	headerKey string   // what the header shows, to repaint on change
	headerMin int64    // the minute the header was last checked in
	headerOld bool     // check the header again on the next tick
	online    *bool
	offlineAt time.Time
	dirty     bool // the screen must be redrawn
	ticks     int
	shotDue   bool
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
		ctx:     ctx,
		opts:    opts,
		deck:    scene.NewDeck(ebiten.DefaultTPS),
		worker:  newWorker(),
		pending: map[string]bool{},
		dirty:   true,
	}
	if opts.Initial != nil {
		g.deck.SetSnapshot(opts.Initial)
	}
	g.report()
	werr := make(chan error, 1)
	go func() { werr <- g.worker.run(ctx) }()
	if opts.Screenshots != "" {
		g.shots = newShooter(opts.Screenshots, opts.Logger)
		go g.shots.run(ctx)
	}

	ebiten.SetWindowTitle("cxtv")
	ebiten.SetWindowSize(1280, 720)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetFullscreen(opts.Fullscreen)
	ebiten.SetCursorMode(ebiten.CursorModeHidden)
	// Keep the last frame and draw only when something moves: a static
	// card then costs almost nothing, which matters on a Raspberry Pi.
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
func (g *game) Layout(w, h int) (int, int) {
	s := ebiten.Monitor().DeviceScaleFactor()
	g.outW, g.outH = int(math.Ceil(float64(w)*s)), int(math.Ceil(float64(h)*s))
	return g.outW, g.outH
}

func (g *game) Update() error {
	if g.ctx.Err() != nil {
		return ebiten.Termination
	}
	g.ticks++
	g.resize()
	g.receive()
	if g.deck.Tick() {
		g.report()
	}
	g.want()
	g.advanceFade()
	g.refreshHeader()
	if g.shots != nil && g.opts.ScreenshotEvery > 0 && g.ticks%max(int(g.opts.ScreenshotEvery.Seconds()*ebiten.DefaultTPS), 1) == 0 {
		g.shotDue = true
	}
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
	size := scene.Size{W: w, H: h}
	if g.opts.Rotation == 90 || g.opts.Rotation == 270 {
		size = scene.Size{W: h, H: w}
	}
	if size == g.size {
		return
	}
	g.size = size
	for _, img := range []*ebiten.Image{g.cur, g.next, g.header} {
		if img != nil {
			img.Deallocate()
		}
	}
	g.cur = ebiten.NewImage(size.W, size.H)
	g.next = ebiten.NewImage(size.W, size.H)
	g.header = ebiten.NewImage(size.W, scene.HeaderHeight(size))
	g.cur.Fill(scene.DefaultTheme().Background)
	g.shownKey, g.fadeKey, g.fade, g.prepared, g.headerKey = "", "", 0, nil, ""
	g.headerOld = true
	g.dirty = true
}

// receive takes new snapshots, connection states and finished pictures.
func (g *game) receive() {
	for {
		select {
		case s := <-g.opts.Snapshots:
			if g.deck.SetSnapshot(&s) {
				g.report()
			}
			g.headerOld = true
			continue
		case st := <-g.opts.States:
			on := st.Online
			g.online, g.offlineAt = &on, st.Since
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

func (g *game) accept(p picture) {
	delete(g.pending, p.key)
	if p.size != g.size {
		return // painted for a size the screen no longer has
	}
	if p.key == "header" {
		g.header.WritePixels(p.img.Pix)
		g.dirty = true
		return
	}
	g.prepared = &p
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
		if g.shownKey == "" {
			// Nothing on screen yet (start, resize): no fade from blank.
			g.fade = fadeTicks
		}
	default:
		g.request(cur)
	}
}

func (g *game) request(c scene.Card) {
	key := c.Key()
	if g.pending[key] {
		return
	}
	if g.worker.submit(job{key: key, card: c, snap: g.deck.Snapshot(), size: g.size, now: g.opts.Now()}) {
		g.pending[key] = true
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

// refreshHeader repaints the header strip when the minute, the title or
// the connection state changed.
func (g *game) refreshHeader() {
	now := g.opts.Now()
	minute := now.Unix() / 60
	if minute == g.headerMin && !g.headerOld {
		return
	}
	g.headerMin, g.headerOld = minute, false
	info := scene.HeaderInfo{Title: g.opts.Channel, Lang: scene.German, Now: now}
	if s := g.deck.Snapshot(); s != nil {
		info.Title, info.Lang = s.Title, scene.LangOf(s.Language)
	}
	if g.online != nil && !*g.online {
		info.Offline, info.OfflineSince = true, g.offlineAt
	}
	key := info.Title + "|" + string(info.Lang) + "|" + info.Now.Format("200601021504") + "|" + info.Lang.Offline(info.OfflineSince, info.Now)
	if !info.Offline {
		key += "|online"
	}
	if key == g.headerKey {
		return
	}
	if g.pending["header"] || !g.worker.submit(job{key: "header", header: &info, size: g.size}) {
		g.headerOld = true // ask again next tick
		return
	}
	g.pending["header"] = true
	g.headerKey = key
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

func (g *game) Draw(screen *ebiten.Image) {
	if g.cur == nil {
		return // before the first Update
	}
	if g.dirty {
		g.dirty = false
		base := g.rotation()
		op := &ebiten.DrawImageOptions{}
		op.GeoM = base
		screen.DrawImage(g.cur, op)
		if g.fade > 0 {
			op := &ebiten.DrawImageOptions{}
			op.GeoM = base
			op.ColorScale.ScaleAlpha(float32(g.fade) / fadeTicks)
			screen.DrawImage(g.next, op)
		}
		op = &ebiten.DrawImageOptions{}
		op.GeoM = base
		screen.DrawImage(g.header, op)
	}
	if g.shotDue {
		g.shotDue = false
		b := screen.Bounds()
		img := image.NewRGBA(b)
		screen.ReadPixels(img.Pix)
		g.shots.offer(img)
	}
}

// rotation maps the logical canvas onto the physical screen.
func (g *game) rotation() ebiten.GeoM {
	var m ebiten.GeoM
	w, h := float64(g.screenW), float64(g.screenH)
	switch g.opts.Rotation {
	case 90:
		m.Rotate(math.Pi / 2)
		m.Translate(w, 0)
	case 180:
		m.Rotate(math.Pi)
		m.Translate(w, h)
	case 270:
		m.Rotate(3 * math.Pi / 2)
		m.Translate(0, h)
	}
	return m
}
