// The idle loop: while nothing moves Ebiten sleeps, and the game counts
// the ticks that passed when it wakes.

package screen

import (
	"context"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
)

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
	idle := !g.dirty && !g.shotDue && g.firstShown && g.header.still() && g.ticker.still() &&
		g.cards.still(g.deck.Upcoming().Key())
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
