package render

import (
	"context"
	"image"
	"time"

	"github.com/cxtv/cxtv/display/paint"
	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// job asks the painting goroutine for one image: a card, or the header
// strip when header is set.
type job struct {
	key    string // card key, or "header"
	card   scene.Card
	snap   *feed.Snapshot // read only: snapshots are never changed once delivered
	header *scene.HeaderInfo
	size   scene.Size // the logical screen size
	now    time.Time
}

// picture is a finished job.
type picture struct {
	key  string
	size scene.Size
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

// run paints jobs until ctx is done.
func (w *worker) run(ctx context.Context) error {
	fonts, err := scene.NewFonts()
	if err != nil {
		return err
	}
	layout := scene.NewLayout(fonts, scene.DefaultTheme())
	painter := paint.New(fonts)
	for {
		var j job
		select {
		case <-ctx.Done():
			return nil
		case j = <-w.jobs:
		}
		var p picture
		if j.header != nil {
			hs := scene.Size{W: j.size.W, H: scene.HeaderHeight(j.size)}
			p = picture{key: j.key, size: j.size, img: painter.Image(hs, layout.Header(*j.header, j.size))}
		} else {
			ops := layout.Card(j.card, j.snap, j.size, j.now).Ops
			p = picture{key: j.key, size: j.size, img: painter.Image(j.size, ops)}
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
