package screen

import (
	"context"
	"image"
	"time"

	"github.com/cxtv/cxtv/display/paint"
	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// kind says which part of the screen a job is for, and so who takes its
// picture in: cards, header or ticker.
type kind uint8

const (
	kindCard   kind = iota // a card
	kindHeader             // the header strip
	kindTicker             // the ticker band and its items
)

// job asks the painting goroutine for pictures: a card, the header strip,
// or the ticker band and its items.
type job struct {
	kind   kind
	key    string // what the picture shows: the card's key; "header", "ticker"
	card   scene.Card
	snap   *feed.Snapshot // read only: snapshots are never changed once delivered
	header *scene.HeaderInfo
	have   map[string]bool // ticker items the game already holds: not painted again
	size   scene.Size      // the logical screen size
	now    time.Time
}

// picture is a finished job.
type picture struct {
	kind kind
	key  string
	size scene.Size
	img  *image.RGBA
	// A ticker job's result: the band's background and its items in
	// order (an item the game already held comes without an image).
	items []tickerPicture
}

type tickerPicture struct {
	item scene.TickerItem
	img  *image.RGBA
}

// worker lays out and paints off the game loop, so that a long quote or a
// 4K canvas never stalls a frame. It owns its own fonts, layout and
// painter.
type worker struct {
	jobs    chan job
	results chan picture
}

func newWorker() *worker {
	return &worker{jobs: make(chan job, 4), results: make(chan picture, 4)}
}

// run paints jobs until ctx is done, with the channel's logo from logos.
func (w *worker) run(ctx context.Context, logos scene.Logos) error {
	fonts, err := scene.NewFonts()
	if err != nil {
		return err
	}
	layout := scene.NewLayout(fonts, scene.DefaultTheme())
	layout.SetLogos(logos)
	painter := paint.New(fonts)
	for {
		var j job
		select {
		case <-ctx.Done():
			return nil
		case j = <-w.jobs:
		}
		p := picture{kind: j.kind, key: j.key, size: j.size}
		switch j.kind {
		case kindHeader:
			hs := scene.Size{W: j.size.W, H: scene.HeaderHeight(j.size)}
			p.img = painter.Image(hs, layout.Header(*j.header, j.size))
		case kindTicker:
			if scene.HasTicker(j.snap) {
				bs := scene.Size{W: j.size.W, H: scene.TickerHeight(j.size)}
				p.img = painter.Image(bs, layout.TickerBand(j.snap, j.size))
				for _, it := range layout.TickerItems(j.snap, j.size) {
					tp := tickerPicture{item: it}
					if !j.have[it.Key] {
						tp.img = painter.Image(scene.Size{W: it.W, H: it.H}, it.Ops)
					}
					tp.item.Ops = nil
					p.items = append(p.items, tp)
				}
			}
		default:
			p.img = painter.Image(j.size, layout.Card(j.card, j.snap, j.size, j.now).Ops)
		}
		select {
		case <-ctx.Done():
			return nil
		case w.results <- p:
		}
	}
}

// submit hands j to the worker without blocking the game loop; it
// reports false when the queue is full, and the caller asks again on a
// later tick.
func (w *worker) submit(j job) bool {
	select {
	case w.jobs <- j:
		return true
	default:
		return false
	}
}

// asks is the game loop's side of the protocol with the worker, for one
// kind of picture: ask for a picture unless one of the same key is on
// its way, have it prepared off the game loop, and, when it comes, keep
// it only if it was made for the screen's size now. cards, header and
// ticker each hold one; it belongs to the game loop.
type asks struct {
	worker  *worker
	kind    kind
	pending map[string]bool // keys asked for and not come yet
	sent    int             // jobs handed over since the last stats line
}

func newAsks(w *worker, k kind) asks {
	return asks{worker: w, kind: k, pending: map[string]bool{}}
}

// ask hands j to the worker. It reports false, and the caller asks again
// on a later tick, when a picture of j's key is on its way already, the
// screen has no size yet, or the worker's queue is full.
func (a *asks) ask(j job) bool {
	if a.pending[j.key] || j.size.W == 0 {
		return false
	}
	j.kind = a.kind
	if !a.worker.submit(j) {
		return false
	}
	a.pending[j.key] = true
	a.sent++
	return true
}

// came notes that p arrived and reports whether it is of use: painted
// for the screen's size, size.
func (a *asks) came(p picture, size scene.Size) bool {
	delete(a.pending, p.key)
	return p.size == size
}

// busy reports whether a picture is on its way.
func (a *asks) busy() bool { return len(a.pending) > 0 }
