package scene_test

import (
	"testing"

	"github.com/cxtv/cxtv/display/scene"
)

// A fade runs FadeTicks ticks with rising opacity; only before and after
// it is the screen settled, so that a picture shows one card.
func TestFade(t *testing.T) {
	t.Parallel()
	var f scene.Fade
	if !f.Settled(true) || f.Settled(false) {
		t.Errorf("no fade: Settled(true), Settled(false) = %v, %v; want true, false (no card is not settled)", f.Settled(true), f.Settled(false))
	}
	if running, done := f.Advance(); running || done {
		t.Errorf("Advance without a fade = %v, %v; want false, false", running, done)
	}
	f.Start(false)
	last := float32(0)
	for i := 1; i < scene.FadeTicks; i++ {
		if f.Settled(true) {
			t.Fatalf("tick %d of the fade: settled, want not", i)
		}
		if a := f.Alpha(); a <= last || a >= 1 {
			t.Fatalf("tick %d: alpha %v after %v, want rising below 1", i, a, last)
		}
		last = f.Alpha()
		if running, done := f.Advance(); !running || done {
			t.Fatalf("tick %d: Advance = %v, %v; want running, not done", i, running, done)
		}
	}
	if f.Alpha() != 1 || f.Settled(true) {
		t.Errorf("last tick: alpha %v, settled %v; want 1, not settled", f.Alpha(), f.Settled(true))
	}
	if running, done := f.Advance(); !running || !done {
		t.Errorf("end of the fade: Advance = %v, %v; want running (redraw) and done", running, done)
	}
	if !f.Settled(true) {
		t.Error("after the fade: not settled")
	}
}

// The first card after a blank screen comes at once: one tick, no fade
// from nothing.
func TestFadeFromBlank(t *testing.T) {
	t.Parallel()
	var f scene.Fade
	f.Start(true)
	if f.Alpha() != 1 || f.Settled(true) {
		t.Errorf("from blank: alpha %v, settled %v; want 1, not yet settled", f.Alpha(), f.Settled(true))
	}
	if _, done := f.Advance(); !done || !f.Settled(true) {
		t.Errorf("from blank: done %v, settled %v after one tick; want both", done, f.Settled(true))
	}
}
