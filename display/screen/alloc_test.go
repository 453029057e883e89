package screen

// An internal test: it drives the game's Update and Draw directly, without
// Ebiten's loop, to count what this package allocates per tick. It needs an
// X display all the same (Ebiten's init); make test and make bench run it
// under Xvfb.

import (
	_ "github.com/cxtv/cxtv/display/nox"

	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/cxtv/cxtv/feed"
)

// steadyGame returns a game showing the first card of snap at 1920×1080,
// with its worker running, driven until the card is on screen and the next
// one is painted.
func steadyGame(tb testing.TB, snap *feed.Snapshot) (*game, *ebiten.Image) {
	tb.Helper()
	// A clock that stands still: the header's minute never turns (a
	// repaint allocates, and would make the counts flaky).
	return steadyGameAt(tb, snap, func() time.Time { return snap.GeneratedAt })
}

// steadyGameAt is steadyGame with the local clock now.
func steadyGameAt(tb testing.TB, snap *feed.Snapshot, now func() time.Time) (*game, *ebiten.Image) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	g, err := newGame(ctx, Options{Now: now, Logger: slog.New(slog.DiscardHandler), Initial: snap})
	if err != nil {
		tb.Fatal(err)
	}
	go g.worker.run(ctx, nil)
	// Known size and scale: Layout then does not ask for the monitor,
	// which needs a running game.
	g.layoutW, g.layoutH, g.scale = 1920, 1080, 1
	g.Layout(1920, 1080)
	screen := ebiten.NewImage(1920, 1080)
	deadline := time.Now().Add(30 * time.Second)
	// The next card is asked for an Update after the fade ends: wait for
	// it too, or the first Update after this would ask for it.
	for !(g.cards.settled() && g.cards.still(g.deck.Upcoming().Key()) && !g.busy() && g.header.in && !g.dirty) {
		if time.Now().After(deadline) {
			tb.Fatalf("the card never settled: shown %q, fade %+v, pending cards %v, header %v, ticker %v",
				g.cards.shownKey, g.cards.fade, g.cards.asks.pending, g.header.asks.pending, g.ticker.asks.pending)
		}
		if err := g.Update(); err != nil {
			tb.Fatal(err)
		}
		g.Draw(screen)
		time.Sleep(time.Millisecond)
	}
	return g, screen
}

func allocSnapshot(ticker bool) *feed.Snapshot {
	now := time.Now()
	return &feed.Snapshot{
		Channel: "canteen", Title: "Stimme unserer Kunden", Language: "de", GeneratedAt: now, Revision: "r1",
		Slides: []feed.Slide{{Kind: "comments", Seconds: 600}},
		Comments: []feed.Comment{
			{ID: "a", Scale: feed.ScaleNPS, Score: 10, Text: "Sehr freundlich und schnell.", CreatedAt: now.Add(-time.Hour)},
			{ID: "b", Scale: feed.ScaleStars, Score: 2, Text: "Paket kam beschädigt an.", CreatedAt: now.Add(-2 * time.Hour)},
		},
		Ticker: ticker,
	}
}

// While a card holds, Update and Draw allocate nothing; while the ticker
// runs, Update allocates nothing and Draw only calls DrawImage (whose
// allocations are Ebiten's: outside a running loop it defers each call).
// A Raspberry Pi's garbage collector gets no work per frame from us.
func TestSteadyStateAllocatesNothing(t *testing.T) {
	t.Run("static", func(t *testing.T) {
		g, screen := steadyGame(t, allocSnapshot(false))
		allocs := testing.AllocsPerRun(300, func() {
			_ = g.Update()
			g.Draw(screen)
		})
		if allocs != 0 {
			t.Errorf("Update+Draw allocate %.2f objects per tick while a card holds, want 0", allocs)
		}
	})
	t.Run("ticker", func(t *testing.T) {
		g, _ := steadyGame(t, allocSnapshot(true))
		if !g.ticker.on {
			t.Fatal("the ticker is not running")
		}
		if allocs := testing.AllocsPerRun(300, func() { _ = g.Update() }); allocs != 0 {
			t.Errorf("Update allocates %.2f objects per tick while the ticker runs, want 0", allocs)
		}
	})
}

// BenchmarkUpdate is one tick of the game's logic while a card holds and
// the ticker runs: the time and allocations of this package's own code
// per frame, without Ebiten's loop and drawing.
func BenchmarkUpdate(b *testing.B) {
	g, _ := steadyGame(b, allocSnapshot(true))
	b.ReportAllocs()
	for b.Loop() {
		_ = g.Update()
	}
}
