package screen

// The display's clock set an hour forward or back (a Raspberry Pi
// without a battery, NTP correcting it, an admin): the cards keep
// cycling, and the header shows a sane time. Under Xvfb, driving Update
// and Draw as the settled test does.

import (
	"sync"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// jumpClock is a local clock that an offset moves.
type jumpClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *jumpClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *jumpClock) jump(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

func TestClockJumps(t *testing.T) {
	if testing.Short() {
		t.Skip("cycles cards in real time")
	}
	for _, tc := range []struct {
		name   string
		online bool // the server's clock was read at connecting
		jump   time.Duration
		want   func(server time.Time, local time.Time) time.Time // the header's time; zero: hidden
	}{
		// Online the server's clock wins over a local clock that is off.
		{"online, an hour forward", true, time.Hour, func(server, _ time.Time) time.Time { return server }},
		{"online, an hour back", true, -time.Hour, func(server, _ time.Time) time.Time { return server }},
		// Offline, a clock ahead cannot be told from the truth; one behind
		// the content's own time is known wrong, and no time is shown.
		{"offline, an hour forward", false, time.Hour, func(_, local time.Time) time.Time { return local }},
		{"offline, an hour back", false, -time.Hour, func(time.Time, time.Time) time.Time { return time.Time{} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The snapshot was made 10 minutes ago by the server's clock.
			snap := allocSnapshot(false)
			snap.Slides = []feed.Slide{{Kind: "comments", Seconds: 3}}
			if tc.online {
				snap.GeneratedAt = snap.GeneratedAt.Add(-tc.jump)
			}
			snap.GeneratedAt = snap.GeneratedAt.Add(-10 * time.Minute)
			clk := &jumpClock{}
			g, screen := steadyGameAt(t, snap, clk.now)
			connected := time.Now()
			server := connected.Round(0) // a server's Date carries no monotonic reading
			before := g.deck.Current().Key()
			if tc.online {
				// Time since connecting is measured on the monotonic clock,
				// which a jump of the wall clock leaves alone and a test
				// cannot move apart from it: a local clock set an hour
				// forward after connecting is, to the display, a server an
				// hour behind it at connecting.
				g.status = scene.Status{Known: true, Online: true, Reached: true, Clock: scene.Clock{Server: server.Add(-tc.jump), Local: connected}}
			} else {
				clk.jump(tc.jump)
			}
			g.header.stale = true

			// The header follows within a tick or two, the cards within
			// their 3 s.
			deadline := time.Now().Add(15 * time.Second)
			cycled := false
			for !cycled || !g.header.still() {
				if time.Now().After(deadline) {
					t.Fatalf("after the jump: card %q (was %q), header still %v", g.deck.Current().Key(), before, g.header.still())
				}
				step(t, g, screen)
				cycled = cycled || g.deck.Current().Key() != before
			}
			info := g.headerInfo()
			want := tc.want(server.Add(-tc.jump).Add(time.Since(connected)), clk.now())
			switch {
			case want.IsZero() && !info.Now.IsZero():
				t.Errorf("header shows %v, want no time: the clock is behind the content's", info.Now)
			case !want.IsZero() && (info.Now.Sub(want) > time.Second || want.Sub(info.Now) > time.Second):
				t.Errorf("header shows %v, want %v", info.Now, want)
			}
			if g.header.key != info.Key()+"|"+g.header.themeKey {
				t.Errorf("header strip painted for %q, want %q", g.header.key, info.Key())
			}
			// Comment ages count from a time no earlier than the content's,
			// so none reads negative or absurd.
			if g.now().Before(snap.GeneratedAt) {
				t.Errorf("ages count from %v, before the snapshot's %v", g.now(), snap.GeneratedAt)
			}
		})
	}
}

// The monitor changes resolution (another TV, a mode switch, portrait):
// the game takes the new size, paints card and header for it, and the
// cards keep cycling.
func TestResolutionChange(t *testing.T) {
	if testing.Short() {
		t.Skip("cycles cards in real time")
	}
	snap := allocSnapshot(false)
	snap.Slides = []feed.Slide{{Kind: "comments", Seconds: 3}}
	g, _ := steadyGame(t, snap)
	for _, sz := range []scene.Size{{W: 1280, H: 720}, {W: 3840, H: 2160}, {W: 1080, H: 1920}} {
		// As Ebiten reports a new outside size (the monitor's scale
		// factor, asked for then, stays 1 here).
		g.layoutW, g.layoutH = sz.W, sz.H
		g.Layout(sz.W, sz.H)
		screen := ebiten.NewImage(sz.W, sz.H)
		before := g.deck.Current().Key()
		deadline := time.Now().Add(15 * time.Second)
		cycled := false
		for !cycled || !g.cards.settled() || g.busy() || !g.header.in {
			if time.Now().After(deadline) {
				t.Fatalf("%dx%d: card %q (was %q), settled %v, busy %v", sz.W, sz.H, g.deck.Current().Key(), before, g.cards.settled(), g.busy())
			}
			step(t, g, screen)
			cycled = cycled || g.deck.Current().Key() != before
		}
		if g.size != sz {
			t.Errorf("after the change to %dx%d the game lays out %+v", sz.W, sz.H, g.size)
		}
		if b := g.header.img.Bounds(); b.Dx() != sz.W || b.Dy() != scene.HeaderHeight(sz) {
			t.Errorf("%dx%d: header strip is %v", sz.W, sz.H, b)
		}
		if b := g.cards.cur.Bounds(); b.Dx() != sz.W || b.Dy() != sz.H {
			t.Errorf("%dx%d: card image is %v", sz.W, sz.H, b)
		}
		screen.Deallocate()
	}
}
