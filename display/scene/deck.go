package scene

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/cxtv/cxtv/feed"
)

// DefaultCardSeconds is how long a comment card holds when the snapshot's
// playlist does not say.
const DefaultCardSeconds = 10

// minCardSeconds keeps a misconfigured playlist from flashing cards faster
// than anyone can read them.
const minCardSeconds = 3

// Card is what fills the screen below the header: one comment, or the calm
// waiting screen when there is nothing to show.
type Card struct {
	Comment *feed.Comment // nil: the waiting screen
}

// Waiting reports whether c is the waiting screen.
func (c Card) Waiting() bool { return c.Comment == nil }

// Slide names the card's kind for the heartbeat: "comments" or "waiting".
func (c Card) Slide() string {
	if c.Waiting() {
		return "waiting"
	}
	return "comments"
}

// Key identifies the card's content: equal keys paint equal images (up to
// the relative age), so a renderer can keep a prepared image across
// snapshots that did not change this card.
func (c Card) Key() string {
	if c.Waiting() {
		return "waiting"
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%d\x00%s\x00%s\x00%s", c.Comment.Scale, c.Comment.Score, c.Comment.Touchpoint, c.Comment.CreatedAt, c.Comment.Text)
	return fmt.Sprintf("comment/%s/%x", c.Comment.ID, h.Sum64())
}

// Deck is the playlist on screen: which card shows and for how many more
// ticks. It is owned by the game loop's Update goroutine.
type Deck struct {
	tps   int
	snap  *feed.Snapshot
	cards []feed.Comment // the comments worth a card, newest first
	idx   int            // the card on screen
	ticks int            // ticks the current card has been on screen
}

// NewDeck returns an empty deck (showing the waiting card) that counts tps
// ticks per second.
func NewDeck(tps int) *Deck { return &Deck{tps: max(tps, 1)} }

// Snapshot returns the snapshot on screen, or nil before the first.
func (d *Deck) Snapshot() *feed.Snapshot { return d.snap }

// HoldTicks is how many ticks one card stays on screen.
func (d *Deck) HoldTicks() int {
	secs := DefaultCardSeconds
	if d.snap != nil {
		for _, s := range d.snap.Slides {
			if s.Kind == "comments" && s.Seconds > 0 {
				secs = max(s.Seconds, minCardSeconds)
				break
			}
		}
	}
	return secs * d.tps
}

// Current returns the card on screen.
func (d *Deck) Current() Card {
	if len(d.cards) == 0 {
		return Card{}
	}
	return Card{Comment: &d.cards[d.idx]}
}

// Upcoming returns the card that follows the current one, so that its image
// can be prepared before it is due.
func (d *Deck) Upcoming() Card {
	if len(d.cards) == 0 {
		return Card{}
	}
	return Card{Comment: &d.cards[(d.idx+1)%len(d.cards)]}
}

// Tick advances the deck by one tick and reports whether the card changed.
func (d *Deck) Tick() bool {
	if len(d.cards) < 2 {
		d.ticks = 0
		return false
	}
	d.ticks++
	if d.ticks < d.HoldTicks() {
		return false
	}
	d.ticks = 0
	d.idx = (d.idx + 1) % len(d.cards)
	return true
}

// SetSnapshot replaces the content and reports whether the card on screen
// changed. A snapshot that brings comments the previous one did not have
// jumps to the newest of them at once, so that a fresh comment shows within
// a second; any other snapshot keeps the current card and its timing, so
// that an unrelated update does not restart the cycle.
func (d *Deck) SetSnapshot(s *feed.Snapshot) bool {
	before := d.Current().Key()
	prev := d.snap
	var curID string
	if c := d.Current().Comment; c != nil {
		curID = c.ID
	}

	d.snap = s
	d.cards = cardsOf(s)

	switch {
	case len(d.cards) == 0:
		d.idx, d.ticks = 0, 0
	case prev != nil && newestNew(prev, d.cards) >= 0:
		d.idx, d.ticks = newestNew(prev, d.cards), 0
	default:
		i := indexOf(d.cards, curID)
		if i < 0 {
			// The card on screen was hidden or aged out: show what took its
			// place, from the start of its time.
			i, d.ticks = min(d.idx, len(d.cards)-1), 0
		}
		d.idx = i
	}
	return d.Current().Key() != before
}

// cardsOf returns the comments that make a card: those with text, when the
// playlist asks for comments (or has no playlist at all). Other slide kinds
// are not drawn yet and are skipped.
func cardsOf(s *feed.Snapshot) []feed.Comment {
	if s == nil {
		return nil
	}
	wanted := len(s.Slides) == 0
	for _, sl := range s.Slides {
		wanted = wanted || sl.Kind == "comments"
	}
	if !wanted {
		return nil
	}
	var out []feed.Comment
	for _, c := range s.Comments {
		if strings.TrimSpace(c.Text) != "" {
			out = append(out, c)
		}
	}
	return out
}

// newestNew returns the index in cards of the newest comment that prev did
// not have, or -1.
func newestNew(prev *feed.Snapshot, cards []feed.Comment) int {
	old := make(map[string]bool, len(prev.Comments))
	for _, c := range prev.Comments {
		old[c.ID] = true
	}
	best := -1
	for i, c := range cards {
		if !old[c.ID] && (best < 0 || c.CreatedAt.After(cards[best].CreatedAt)) {
			best = i
		}
	}
	return best
}

func indexOf(cards []feed.Comment, id string) int {
	if id == "" {
		return -1
	}
	for i, c := range cards {
		if c.ID == id {
			return i
		}
	}
	return -1
}

// Cards returns the cards of s in playlist order, or the waiting card
// alone when s has none: what the render command writes, one image each.
func Cards(s *feed.Snapshot) []Card {
	cs := cardsOf(s)
	if len(cs) == 0 {
		return []Card{{}}
	}
	out := make([]Card, len(cs))
	for i := range cs {
		out[i] = Card{Comment: &cs[i]}
	}
	return out
}
