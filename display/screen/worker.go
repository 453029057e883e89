package screen

import (
	"context"
	"image"
	"time"

	"github.com/cxtv/cxtv/display/paint"
	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// job asks the painting goroutine for pictures: a card, the header strip
// when header is set, or the ticker band and its items when ticker is set.
type job struct {
	key    string // card key, "header" or "ticker"
	card   scene.Card
	snap   *feed.Snapshot // read only: snapshots are never changed once delivered
	header *scene.HeaderInfo
	ticker bool
	have   map[string]bool // ticker items the game already holds: not painted again
	size   scene.Size      // the logical screen size
	now    time.Time
}

// picture is a finished job.
type picture struct {
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
		p := picture{key: j.key, size: j.size}
		switch {
		case j.header != nil:
			hs := scene.Size{W: j.size.W, H: scene.HeaderHeight(j.size)}
			p.img = painter.Image(hs, layout.Header(*j.header, j.size))
		case j.ticker:
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
