package scene_test

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/display/scene"
)

func items(prefix string, widths ...int) []scene.TickerItem {
	var out []scene.TickerItem
	for i, w := range widths {
		out = append(out, scene.TickerItem{Key: fmt.Sprintf("%s%d", prefix, i), W: w})
	}
	return out
}

// positions returns key@x of every item on the band.
func positions(t *scene.Ticker) map[string]int {
	out := map[string]int{}
	for _, p := range t.Placed() {
		out[p.Key] = p.X
	}
	return out
}

func TestTickerFillsAndMoves(t *testing.T) {
	size := scene.Size{W: 1920, H: 1080}
	tk := scene.NewTicker(size, 60)
	if tk.Speed() != 2 {
		t.Fatalf("speed at 1080p = %d px a tick, want 2", tk.Speed())
	}
	tk.SetItems(items("a", 800, 900, 700))
	pl := tk.Placed()
	if len(pl) != 3 || pl[0].X != 64 || pl[1].X != 864 || pl[2].X != 1764 {
		t.Fatalf("band after start: %+v, want a0@64 a1@864 a2@1764", pl)
	}
	for range 100 {
		tk.Tick()
	}
	if got := positions(tk); got["a0"] != 64-200 || got["a2"] != 1764-200 {
		t.Errorf("after 100 ticks: %v", got)
	}
	// Once a0 has left, it comes round again after a2.
	for range 1000 {
		tk.Tick()
	}
	pl = tk.Placed()
	for i := 1; i < len(pl); i++ {
		if pl[i].X != pl[i-1].X+pl[i-1].W {
			t.Errorf("gap or overlap between %+v and %+v", pl[i-1], pl[i])
		}
	}
	if last := pl[len(pl)-1]; last.X+last.W < size.W {
		t.Errorf("band not filled to the right edge: %+v", pl)
	}
	if pl[0].X+pl[0].W <= 0 {
		t.Errorf("an item that left is still on the band: %+v", pl[0])
	}
}

func TestTickerSpeedScales(t *testing.T) {
	for _, tt := range []struct {
		size scene.Size
		want int
	}{
		{scene.Size{W: 1280, H: 720}, 1},
		{scene.Size{W: 1920, H: 1080}, 2},
		{scene.Size{W: 1080, H: 1920}, 2},
		{scene.Size{W: 3840, H: 2160}, 4},
	} {
		if got := scene.NewTicker(tt.size, 60).Speed(); got != tt.want {
			t.Errorf("speed at %v = %d, want %d", tt.size, got, tt.want)
		}
	}
}

// A new snapshot must not make the band jump: what is on it keeps moving
// from where it is, and the new list follows.
func TestTickerContinuesAcrossNewItems(t *testing.T) {
	tk := scene.NewTicker(scene.Size{W: 1920, H: 1080}, 60)
	tk.SetItems(items("old", 700, 700, 700))
	for range 123 {
		tk.Tick()
	}
	before := positions(tk)
	tk.SetItems(items("new", 500, 600))
	after := positions(tk)
	for k, x := range before {
		if after[k] != x {
			t.Errorf("%s moved from %d to %d when the list changed", k, x, after[k])
		}
	}
	for range 2000 {
		tk.Tick()
	}
	if got := positions(tk); len(got) == 0 {
		t.Fatal("band empty")
	}
	for k := range positions(tk) {
		if k[:3] == "old" {
			t.Errorf("old item %s still cycling after the list changed", k)
		}
	}
	// The same list again (a snapshot that changed something else) keeps
	// the band's place in the cycle.
	next := tk.Placed()
	snapshot := append([]scene.Placed(nil), next...)
	tk.SetItems(items("new", 500, 600))
	for i, p := range tk.Placed() {
		if p != snapshot[i] {
			t.Errorf("unchanged list moved the band: %+v, was %+v", p, snapshot[i])
		}
	}
}

func TestTickerEmptyListClears(t *testing.T) {
	tk := scene.NewTicker(scene.Size{W: 1280, H: 720}, 60)
	tk.SetItems(items("a", 400))
	tk.SetItems(nil)
	if n := len(tk.Placed()); n != 0 {
		t.Errorf("band holds %d items after an empty list", n)
	}
	tk.Tick()
	if tk.Uses("a0") {
		t.Error("a0 still in use")
	}
}

func TestTickerTickAllocatesNothing(t *testing.T) {
	tk := scene.NewTicker(scene.Size{W: 1920, H: 1080}, 60)
	tk.SetItems(items("a", 300, 500, 700, 400))
	for range 5000 { // fill the band's slice to its working size
		tk.Tick()
	}
	if allocs := testing.AllocsPerRun(5000, func() { tk.Tick() }); allocs != 0 {
		t.Errorf("Tick: %.2f allocations, want 0", allocs)
	}
}

func TestTickerItems(t *testing.T) {
	l := newLayout(t)
	s := loadSnapshot(t, "snapshot.json")
	size := scene.Size{W: 1920, H: 1080}
	its := l.TickerItems(s, size)
	if len(its) != 10 {
		t.Fatalf("%d ticker items, want one per comment with text (10)", len(its))
	}
	for _, it := range its {
		if it.H != scene.TickerHeight(size) || it.W <= 0 || it.W > 4000 {
			t.Errorf("item %s is %dx%d", it.Key, it.W, it.H)
		}
		for _, tx := range scene.Texts(it.Ops) {
			if tx.Box.X+tx.Box.W > float64(it.W)+0.5 || tx.Box.Y < -0.5 || tx.Box.Y+tx.Box.H > float64(it.H)+0.5 {
				t.Errorf("item %s: text %q at %+v leaves its %dx%d", it.Key, tx.S, tx.Box, it.W, it.H)
			}
		}
	}
	off := *s
	off.Ticker = false
	if scene.HasTicker(&off) || l.TickerItems(&off, size) != nil {
		t.Error("ticker off: items laid out")
	}
}

// The dot before a ticker item has the colour of the score's group, for
// stars as the channel selection groups them.
func TestTickerDotColours(t *testing.T) {
	l := newLayout(t)
	th := scene.DefaultTheme()
	s := loadSnapshot(t, "snapshot.json")
	want := map[string]color.RGBA{"s-101": th.Promoter, "r-55": th.Promoter, "s-100": th.Detractor, "s-099": th.Passive, "r-53": th.Detractor}
	for _, it := range l.TickerItems(s, scene.Size{W: 1920, H: 1080}) {
		id := strings.Split(it.Key, "/")[1]
		w, ok := want[id]
		if !ok {
			continue
		}
		if got := it.Ops[0].(scene.RoundRect).Color; got != w {
			t.Errorf("%s: dot %v, want %v", id, got, w)
		}
	}
}

// On a 4K screen a long comment is wider than a texture may be: it comes
// in chunks that run edge to edge, not shortened.
func TestTickerChunksWideItems(t *testing.T) {
	l := newLayout(t)
	s := loadSnapshot(t, "snapshot.json")
	size := scene.Size{W: 3840, H: 2160}
	its := l.TickerItems(s, size)
	var chunks []scene.TickerItem
	for _, it := range its {
		if it.W > 4000 {
			t.Errorf("item %s is %d px wide, more than a texture may be", it.Key, it.W)
		}
		if strings.HasPrefix(it.Key, "ticker/s-097/") {
			chunks = append(chunks, it)
		}
	}
	// The long comment is shortened to two screen widths, 7680 px: two
	// chunks of about equal width.
	if len(chunks) != 2 || chunks[0].W-chunks[1].W > 1 {
		t.Fatalf("s-097 at 4K in %d chunks (%+v), want 2 of about equal width", len(chunks), chunks)
	}
	var texts []string
	for _, tx := range scene.Texts(chunks[1].Ops) {
		if tx.Box.X+tx.Box.W > 0 && tx.Box.X < float64(chunks[1].W) {
			texts = append(texts, tx.S)
		}
	}
	if got := strings.Join(texts, ""); !strings.Contains(got, "…“") {
		t.Errorf("second chunk shows %q; want the shortened end of the comment", got)
	}
	tk := scene.NewTicker(size, 60)
	tk.SetItems(its)
	pl := tk.Placed()
	for i := 1; i < len(pl); i++ {
		if pl[i].X != pl[i-1].X+pl[i-1].W {
			t.Errorf("chunks %s and %s do not meet: %+v %+v", pl[i-1].Key, pl[i].Key, pl[i-1], pl[i])
		}
	}
}
