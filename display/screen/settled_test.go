package screen

// Fleet pictures show one card, never two in a cross-fade: an internal
// test that drives Update and Draw itself, like alloc_test.go (under
// Xvfb).

import (
	_ "github.com/cxtv/cxtv/display/nox"

	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
)

// An ask is taken only with a settled frame, and one asked meanwhile
// stays until then.
func TestCaptureWaitsForSettled(t *testing.T) {
	t.Parallel()
	c := NewCapturer(0)
	if c.due(true) {
		t.Error("due(true) without an ask = true, want false")
	}
	c.asks <- struct{}{}
	if c.due(false) {
		t.Error("due(false) with an ask = true, want false: mid-fade")
	}
	if !c.due(true) {
		t.Error("due(true) after an ask held mid-fade = false, want true")
	}
	if c.due(true) {
		t.Error("due(true) a second time = true, want false: one ask, one picture")
	}
	var none *Capturer
	if none.due(true) {
		t.Error("nil Capturer: due = true, want false")
	}
}

// A picture asked for while the next card fades in is taken from the
// first frame after the fade, not before. (Outside Ebiten's loop the
// pixels cannot be read: the test asks as drawn does, after each frame.)
func TestCaptureAfterFade(t *testing.T) {
	g, screen := steadyGame(t, allocSnapshot(false))
	c := NewCapturer(0)
	// The card's time is up: the next one, painted already, fades in.
	for !g.deck.Tick() {
	}
	deadline := time.Now().Add(10 * time.Second)
	for !g.cards.fade.Running() {
		if time.Now().After(deadline) {
			t.Fatal("the next card never began to fade in")
		}
		step(t, g, screen)
	}
	c.asks <- struct{}{}
	fading := 0
	for {
		if time.Now().After(deadline) {
			t.Fatal("no picture within 10 s of the fade")
		}
		step(t, g, screen)
		if c.due(g.settled()) {
			if g.cards.fade.Running() || g.cards.shownKey != g.deck.Current().Key() {
				t.Errorf("picture taken of %q while fading %v; want the new card %q, settled", g.cards.shownKey, g.cards.fade.Running(), g.deck.Current().Key())
			}
			if fading == 0 {
				t.Error("no frame was drawn mid-fade: the test proves nothing")
			}
			return
		}
		if !g.cards.fade.Running() {
			t.Fatal("the fade ended and the picture asked for was not taken")
		}
		fading++
	}
}

// step runs one Update and one Draw, as Ebiten's loop would.
func step(tb testing.TB, g *game, screen *ebiten.Image) {
	tb.Helper()
	if err := g.Update(); err != nil {
		tb.Fatal(err)
	}
	g.Draw(screen)
	time.Sleep(time.Millisecond)
}
