package screen

import (
	// First: skips these tests cleanly without an X display.
	_ "github.com/cxtv/cxtv/display/nox"

	"testing"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// The protocol each part of the screen runs with the worker: one picture
// of a key on its way at a time, asked again when the queue was full, and
// kept only when it was painted for the screen's size now.
func TestAsks(t *testing.T) {
	t.Parallel()
	w := newWorker()
	a := newAsks(w, kindHeader)
	size := scene.Size{W: 1920, H: 1080}
	if a.ask(job{key: "header"}) {
		t.Error("ask before the screen has a size = true, want false")
	}
	if !a.ask(job{key: "header", size: size}) || !a.busy() {
		t.Fatal("first ask = false or not busy, want it on its way")
	}
	if a.ask(job{key: "header", size: size}) {
		t.Error("ask while the same key is on its way = true, want false")
	}
	j := <-w.jobs
	if j.kind != kindHeader || j.key != "header" {
		t.Errorf("the worker got %v %q, want the header", j.kind, j.key)
	}
	if a.came(picture{key: "header", size: scene.Size{W: 1280, H: 720}}, size) {
		t.Error("came with a picture of another size = true, want it dropped")
	}
	if a.busy() {
		t.Error("busy after the picture came, want not")
	}
	// A full queue: not asked, not pending; asked again later.
	for i := range cap(w.jobs) {
		if !a.ask(job{key: string(rune('a' + i)), size: size}) {
			t.Fatalf("ask %d into an empty queue = false", i)
		}
	}
	if a.ask(job{key: "header", size: size}) || a.pending["header"] {
		t.Error("ask into a full queue = true or pending, want neither")
	}
	if a.sent != 1+cap(w.jobs) {
		t.Errorf("sent = %d, want %d", a.sent, 1+cap(w.jobs))
	}
}

// The header is checked when the minute turns or something it shows may
// have changed, and asked for only when what it shows did change.
func TestHeaderAsksOnChange(t *testing.T) {
	t.Parallel()
	w := newWorker()
	h := header{asks: newAsks(w, kindHeader), stale: true}
	size := scene.Size{W: 1920, H: 1080}
	info := scene.HeaderInfo{Title: "canteen", Lang: scene.German}
	if !h.due(100) {
		t.Fatal("due at first = false")
	}
	h.ask(info, size)
	if h.due(100) {
		t.Error("due again in the same minute = true")
	}
	<-w.jobs
	h.asks.came(picture{key: "header", size: size}, size)
	// The minute turned but the strip shows no clock: nothing to paint.
	if !h.due(101) {
		t.Error("due when the minute turned = false")
	}
	h.ask(info, size)
	if h.asks.busy() {
		t.Error("asked for an unchanged strip")
	}
	// While a strip is on its way a change is asked for on a later tick.
	info.Offline = true
	h.setTheme(feed.Theme{Accent: "#ff8800"})
	if !h.due(101) {
		t.Error("due after a new theme = false")
	}
	h.ask(info, size)
	if !h.asks.busy() {
		t.Fatal("a changed strip was not asked for")
	}
	info.Title = "other"
	h.ask(info, size)
	if !h.stale {
		t.Error("a change while a strip is on its way: not asked again next tick")
	}
}
