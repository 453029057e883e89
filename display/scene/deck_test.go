package scene_test

import (
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

var t0 = time.Date(2025, 11, 24, 14, 5, 0, 0, time.UTC)

// age orders the test comments by creation, in hours before t0: the ones
// named n… are newer than a, b, c.
var age = map[string]int{"n1": 0, "n2": 1, "new": 0, "n-": 0, "a": 10, "b": 20, "b-": 20, "c": 30, "a-": 10}

// snap builds a snapshot whose comments have the given ids, newest first;
// an id ending in "-" has no text.
func snap(rev string, seconds int, ids ...string) *feed.Snapshot {
	s := &feed.Snapshot{Revision: rev, Language: "de", GeneratedAt: t0}
	if seconds > 0 {
		s.Slides = []feed.Slide{{Kind: "nps", Seconds: 12}, {Kind: "comments", Seconds: seconds}}
	}
	for _, id := range ids {
		c := feed.Comment{ID: id, Text: "Kommentar " + id, Scale: feed.ScaleNPS, Score: 9, CreatedAt: t0.Add(-time.Duration(age[id]) * time.Hour)}
		if id[len(id)-1] == '-' {
			c.Text = "  "
		}
		s.Comments = append(s.Comments, c)
	}
	return s
}

func current(d *scene.Deck) string {
	c := d.Current()
	switch {
	case c.Waiting():
		return "waiting"
	case c.Comment != nil:
		return c.Comment.ID
	}
	return c.ID()
}

func TestDeckCycles(t *testing.T) {
	const tps = 60
	tests := []struct {
		name  string
		snap  *feed.Snapshot
		ticks int
		want  string
	}{
		{"empty deck waits", nil, 10000, "waiting"},
		{"first card at start", snap("1", 5, "a", "b", "c"), 0, "a"},
		{"holds one tick short", snap("1", 5, "a", "b", "c"), 5*tps - 1, "a"},
		{"advances after its seconds", snap("1", 5, "a", "b", "c"), 5 * tps, "b"},
		{"wraps around", snap("1", 5, "a", "b", "c"), 15 * tps, "a"},
		{"default ten seconds", snap("1", 0, "a", "b"), 10 * tps, "b"},
		{"at least three seconds", snap("1", 1, "a", "b"), 3 * tps, "b"},
		{"skips comments without text", snap("1", 5, "a", "b-", "c"), 5 * tps, "c"},
		{"one card stays", snap("1", 5, "a"), 100 * tps, "a"},
		{"only empty comments wait", snap("1", 5, "a-"), 0, "waiting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := scene.NewDeck(tps)
			if tt.snap != nil {
				d.SetSnapshot(tt.snap)
			}
			for range tt.ticks {
				d.Tick()
			}
			if got := current(d); got != tt.want {
				t.Errorf("after %d ticks: card %s, want %s", tt.ticks, got, tt.want)
			}
		})
	}
}

func TestDeckSkipsKindsWithoutData(t *testing.T) {
	s := snap("1", 5, "a")
	s.Slides = []feed.Slide{{Kind: "nps"}, {Kind: "stars"}, {Kind: "trend"}, {Kind: "kpis"}, {Kind: "announcement"}}
	d := scene.NewDeck(60)
	d.SetSnapshot(s)
	if got := current(d); got != "waiting" {
		t.Errorf("playlist whose kinds have no data: card %s, want waiting", got)
	}
}

func TestDeckNewSnapshot(t *testing.T) {
	const tps = 60
	tests := []struct {
		name        string
		ticks       int // before the second snapshot
		next        *feed.Snapshot
		wantCard    string
		wantChanged bool
		wantLeft    int // ticks until the next card after the update
	}{
		{"new comment jumps at once", 2 * tps, snap("2", 5, "new", "a", "b", "c"), "new", true, 5 * tps},
		{"newest of several new", tps, snap("2", 5, "n1", "n2", "a", "b", "c"), "n1", true, 5 * tps},
		{"new comment without text does not jump", tps, snap("2", 5, "n-", "a", "b", "c"), "a", false, 4 * tps},
		{"same comments keep card and timing", 7 * tps, snap("2", 5, "a", "b", "c"), "b", false, 3 * tps},
		{"removed comment keeps the rest", 7 * tps, snap("2", 5, "a", "b"), "b", false, 3 * tps},
		{"current card hidden shows its successor", 7 * tps, snap("2", 5, "a", "c"), "c", true, 5 * tps},
		{"everything hidden waits", tps, snap("2", 5), "waiting", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := scene.NewDeck(tps)
			d.SetSnapshot(snap("1", 5, "a", "b", "c"))
			for range tt.ticks {
				d.Tick()
			}
			changed := d.SetSnapshot(tt.next)
			if got := current(d); got != tt.wantCard || changed != tt.wantChanged {
				t.Fatalf("SetSnapshot = %v, card %s; want %v, %s", changed, got, tt.wantChanged, tt.wantCard)
			}
			if tt.wantLeft == 0 {
				return
			}
			left := 0
			for !d.Tick() {
				left++
			}
			if left+1 != tt.wantLeft {
				t.Errorf("next card after %d ticks, want %d", left+1, tt.wantLeft)
			}
		})
	}
}

func TestDeckFirstSnapshotAfterCacheJumpsToNew(t *testing.T) {
	d := scene.NewDeck(60)
	d.SetSnapshot(snap("cached", 5, "a", "b"))
	if !d.SetSnapshot(snap("live", 5, "c", "a", "b")) || current(d) != "c" {
		t.Errorf("live snapshot with a comment newer than the cache: card %s, want c", current(d))
	}
}

func TestDeckUpcoming(t *testing.T) {
	d := scene.NewDeck(60)
	d.SetSnapshot(snap("1", 5, "a", "b", "c"))
	for i, want := range []string{"b", "c", "a", "b"} {
		if got := d.Upcoming().ID(); got != "comments/"+want {
			t.Errorf("card %d: Upcoming = %s, want %s", i, got, want)
		}
		for !d.Tick() {
		}
	}
}

func TestCardKey(t *testing.T) {
	a := snap("1", 5, "a").Comments[0]
	b := a
	b.Text = "geändert"
	ka, kb := scene.Card{Comment: &a}.Key(), scene.Card{Comment: &b}.Key()
	if ka == kb {
		t.Errorf("Key() is %s for different texts", ka)
	}
	if k := (scene.Card{}).Key(); k != "waiting" {
		t.Errorf("waiting Key() = %s", k)
	}
}
