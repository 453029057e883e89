package scene

// FadeTicks is the length of a cross-fade: 0.6 s at 60 ticks a second,
// long enough to look calm, short enough that a new comment is on screen
// well within a second. The new card is laid over the old one with
// rising opacity, so there is never a frame of black or white between.
const FadeTicks = 36

// Fade is the cross-fade from the card on screen to the next, counted in
// ticks; the zero value is no fade. A picture of the screen is taken only
// while none runs (Settled): mid-fade it would show two cards on top of
// each other. It belongs to the game loop, like the Deck.
type Fade struct {
	tick int // ticks into the fade; 0: none
}

// Start begins a fade; blank says the screen shows no card yet (start,
// resize), and the new one comes at once rather than out of nothing.
func (f *Fade) Start(blank bool) {
	f.tick = 1
	if blank {
		f.tick = FadeTicks
	}
}

// Advance moves the fade on by a tick. running says the picture changed
// (the screen must be redrawn); done that the fade just ended: the new
// card is now the one on screen.
func (f *Fade) Advance() (running, done bool) {
	if f.tick == 0 {
		return false, false
	}
	if f.tick++; f.tick > FadeTicks {
		f.tick = 0
		return true, true
	}
	return true, false
}

// Running reports whether a fade is under way.
func (f Fade) Running() bool { return f.tick > 0 }

// Alpha is the opacity of the card fading in.
func (f Fade) Alpha() float32 { return float32(f.tick) / FadeTicks }

// Settled reports whether a frame shows the cards as they hold: a card is
// on screen (onScreen) and no fade runs.
func (f Fade) Settled(onScreen bool) bool { return onScreen && !f.Running() }
