package screen

import (
	"testing"
	"time"
)

func TestCrossed(t *testing.T) {
	tests := []struct {
		before, after, every int
		want                 bool
	}{
		{599, 600, 600, true},
		{600, 601, 600, false},
		{595, 601, 600, true}, // a sleeping loop advances several ticks at once
		{0, 6, 600, false},
		{10, 10, 600, false},
		{5, 6, 0, true}, // every < 1 counts as every tick
	}
	for _, tt := range tests {
		if got := crossed(tt.before, tt.after, tt.every); got != tt.want {
			t.Errorf("crossed(%d, %d, %d) = %v, want %v", tt.before, tt.after, tt.every, got, tt.want)
		}
	}
}

// While the loop sleeps an Update stands for the ticks since the last, so
// that a card holds for its seconds whether the loop runs or sleeps.
func TestTicksDue(t *testing.T) {
	now := time.Now()
	g := &game{}
	if n := g.ticksDue(now); n != 1 {
		t.Errorf("ticksDue awake = %d, want 1", n)
	}
	g.sleeping.Store(true)
	g.lastTick = now
	if n := g.ticksDue(now.Add(110 * time.Millisecond)); n != 6 {
		t.Errorf("ticksDue 110 ms into a sleep = %d, want 6", n)
	}
	// The 10 ms left over count towards the next.
	if n := g.ticksDue(now.Add(210 * time.Millisecond)); n != 12-6 {
		t.Errorf("ticksDue 210 ms into a sleep = %d, want 6 more", n)
	}
	// After a stall, at most a second's worth.
	if n := g.ticksDue(now.Add(time.Hour)); n != 60 {
		t.Errorf("ticksDue after an hour = %d, want 60", n)
	}
}

// A game whose card holds still and has nothing on its way goes to sleep;
// one with the ticker running does not.
func TestSettleSleepsOnlyWhenStill(t *testing.T) {
	for _, tt := range []struct {
		ticker bool
		want   bool
	}{{false, true}, {true, false}} {
		g, _ := steadyGame(t, allocSnapshot(tt.ticker))
		_ = g.Update()
		if got := g.sleeping.Load(); got != tt.want {
			t.Errorf("ticker %v: sleeping = %v, want %v", tt.ticker, got, tt.want)
		}
	}
}
