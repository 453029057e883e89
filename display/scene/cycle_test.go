package scene_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// loadSnapshot reads one of the realistic test snapshots that the golden
// images are made from.
func loadSnapshot(tb testing.TB, name string) *feed.Snapshot {
	tb.Helper()
	b, err := os.ReadFile("../paint/testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	var s feed.Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		tb.Fatalf("decode %s: %v", name, err)
	}
	return &s
}

func kinds(cards []scene.Card) string {
	var out []string
	for _, c := range cards {
		k := string(c.Kind)
		if n := len(out); n > 0 && strings.HasPrefix(out[n-1], k+"×") {
			var count int
			for _, r := range out[n-1][len(k)+len("×"):] {
				count = count*10 + int(r-'0')
			}
			out[n-1] = k + "×" + itoa(count+1)
			continue
		}
		out = append(out, k+"×1")
	}
	return strings.Join(out, " ")
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestCardsFollowThePlaylist(t *testing.T) {
	full := loadSnapshot(t, "snapshot.json")
	tests := []struct {
		name   string
		change func(s *feed.Snapshot)
		want   string
	}{
		{"every kind", func(*feed.Snapshot) {},
			"comments×10 nps×1 stars×1 trend×1 kpis×1 touchpoints×1 themes×1 ideas×1 announcement×2 you_said×1"},
		{"playlist order", func(s *feed.Snapshot) {
			s.Slides = []feed.Slide{{Kind: "kpis"}, {Kind: "nps"}, {Kind: "announcement"}}
		}, "kpis×1 nps×1 announcement×2 you_said×1"},
		{"no playlist: every kind", func(s *feed.Snapshot) { s.Slides = nil },
			"comments×10 nps×1 stars×1 trend×1 kpis×1 touchpoints×1 themes×1 ideas×1 announcement×2 you_said×1"},
		{"no NPS answers", func(s *feed.Snapshot) { s.NPS = nil }, "comments×10 stars×1 trend×1 kpis×1 themes×1 ideas×1 announcement×2 you_said×1"},
		{"NPS with no answers at all", func(s *feed.Snapshot) { n := *s.NPS; n.Responses = 0; s.NPS = &n },
			"comments×10 stars×1 trend×1 kpis×1 themes×1 ideas×1 announcement×2 you_said×1"},
		{"no stars", func(s *feed.Snapshot) { s.Stars = nil }, "comments×10 nps×1 trend×1 kpis×1 touchpoints×1 themes×1 ideas×1 announcement×2 you_said×1"},
		{"no KPIs", func(s *feed.Snapshot) { s.KPIs = nil }, "comments×10 nps×1 stars×1 trend×1 touchpoints×1 themes×1 ideas×1 announcement×2 you_said×1"},
		{"no announcements", func(s *feed.Snapshot) { s.Announcements, s.YouSaid = nil, nil }, "comments×10 nps×1 stars×1 trend×1 kpis×1 touchpoints×1 themes×1 ideas×1"},
		{"you said without action", func(s *feed.Snapshot) {
			y := s.YouSaid[0]
			y.Action = " "
			s.YouSaid = []feed.YouSaid{y}
		}, "comments×10 nps×1 stars×1 trend×1 kpis×1 touchpoints×1 themes×1 ideas×1 announcement×2"},
		{"trend of one week", func(s *feed.Snapshot) { s.Trend = s.Trend[:1] }, "comments×10 nps×1 stars×1 kpis×1 touchpoints×1 themes×1 ideas×1 announcement×2 you_said×1"},
		{"trend of stars only", func(s *feed.Snapshot) {
			tr := append([]feed.TrendPoint(nil), s.Trend...)
			for i := range tr {
				tr[i].NPS = nil
			}
			s.Trend = tr
		}, "comments×10 nps×1 stars×1 trend×1 kpis×1 touchpoints×1 themes×1 ideas×1 announcement×2 you_said×1"},
		{"no touchpoints", func(s *feed.Snapshot) { n := *s.NPS; n.ByTouchpoint = nil; s.NPS = &n },
			"comments×10 nps×1 stars×1 trend×1 kpis×1 themes×1 ideas×1 announcement×2 you_said×1"},
		{"touchpoints by stars when NPS has none", func(s *feed.Snapshot) {
			n, st := *s.NPS, *s.Stars
			n.ByTouchpoint = nil
			st.ByTouchpoint = []feed.TouchpointStars{{Touchpoint: "App", Average: 4.1, Responses: 40, Meaningful: true}}
			s.NPS, s.Stars = &n, &st
			s.Slides = []feed.Slide{{Kind: "touchpoints"}}
		}, "touchpoints×1"},
		{"no themes", func(s *feed.Snapshot) { s.Themes = nil },
			"comments×10 nps×1 stars×1 trend×1 kpis×1 touchpoints×1 ideas×1 announcement×2 you_said×1"},
		{"themes without names or comments", func(s *feed.Snapshot) {
			s.Themes = []feed.Topic{{Name: " ", Comments: 12}, {Name: "Wartezeit"}}
		}, "comments×10 nps×1 stars×1 trend×1 kpis×1 touchpoints×1 ideas×1 announcement×2 you_said×1"},
		{"no ideas", func(s *feed.Snapshot) { s.Ideas = nil },
			"comments×10 nps×1 stars×1 trend×1 kpis×1 touchpoints×1 themes×1 announcement×2 you_said×1"},
		{"ideas without text", func(s *feed.Snapshot) { s.Ideas = []feed.Comment{{ID: "s-1", Text: "  "}} },
			"comments×10 nps×1 stars×1 trend×1 kpis×1 touchpoints×1 themes×1 announcement×2 you_said×1"},
		{"themes and ideas alone", func(s *feed.Snapshot) {
			s.Slides = []feed.Slide{{Kind: "ideas"}, {Kind: "themes"}}
		}, "ideas×1 themes×1"},
		{"nothing at all", func(s *feed.Snapshot) {
			*s = feed.Snapshot{Language: "de", Slides: s.Slides}
		}, "waiting×1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := *full
			tt.change(&s)
			if got := kinds(scene.Cards(&s)); got != tt.want {
				t.Errorf("Cards = %s\n                 want %s", got, tt.want)
			}
		})
	}
}

// TestDeckCyclesEveryKind runs a whole cycle of the realistic snapshot
// tick by tick: every card holds its slide's seconds, then the next.
func TestDeckCyclesEveryKind(t *testing.T) {
	const tps = 60
	s := loadSnapshot(t, "snapshot.json")
	d := scene.NewDeck(tps)
	d.SetSnapshot(s)
	secs := map[scene.Kind]int{}
	for _, sl := range s.Slides {
		secs[scene.Kind(sl.Kind)] = sl.Seconds
	}
	secs[scene.KindYouSaid] = secs[scene.KindAnnouncement]
	var seen []string
	for range d.Len() {
		c := d.Current()
		seen = append(seen, c.Slide())
		held := 1
		for !d.Tick() {
			held++
		}
		if want := secs[c.Kind] * tps; held != want {
			t.Errorf("%s held %d ticks, want %d", c.ID(), held, want)
		}
	}
	if got := current(d); got != "s-101" {
		t.Errorf("after a whole cycle: card %s, want the first again", got)
	}
	joined := strings.Join(seen, " ")
	for _, k := range []string{"comments", "nps", "stars", "trend", "kpis", "touchpoints", "themes", "ideas", "announcement"} {
		if !strings.Contains(joined, k) {
			t.Errorf("cycle %q never showed %s", joined, k)
		}
	}
}

// A new snapshot with an unrelated change keeps a score slide on screen
// and its timing; one that changes the score repaints it in place.
func TestDeckKeepsScoreSlide(t *testing.T) {
	const tps = 60
	s := loadSnapshot(t, "snapshot.json")
	d := scene.NewDeck(tps)
	d.SetSnapshot(s)
	for d.Current().Kind != scene.KindNPS {
		d.Tick()
	}
	for range 5 * tps {
		d.Tick()
	}
	key := d.Current().Key()

	same := *s
	same.Revision, same.GeneratedAt = "demo-2", s.GeneratedAt.Add(1e9*60)
	same.Period.From, same.Period.To = s.Period.From.Add(6e10), s.Period.To.Add(6e10)
	if d.SetSnapshot(&same) || d.Current().Key() != key {
		t.Errorf("unrelated update changed the NPS card (key %s → %s)", key, d.Current().Key())
	}
	moved := same
	n := *s.NPS
	n.Score = 39
	moved.NPS = &n
	if !d.SetSnapshot(&moved) || d.Current().Kind != scene.KindNPS {
		t.Errorf("new score: card %s, changed should be reported and the NPS card stay", d.Current().ID())
	}
	left := 1
	for !d.Tick() {
		left++
	}
	if left != 7*tps {
		t.Errorf("after the update the NPS card held %d more ticks, want %d", left, 7*tps)
	}
}

// The game loop asks the deck every tick; that must not allocate.
func TestDeckTickAllocatesNothing(t *testing.T) {
	d := scene.NewDeck(60)
	d.SetSnapshot(loadSnapshot(t, "snapshot.json"))
	allocs := testing.AllocsPerRun(1000, func() {
		d.Tick()
		_ = d.Current().Key()
		_ = d.Upcoming().Key()
	})
	if allocs != 0 {
		t.Errorf("Tick, Current, Upcoming: %.1f allocations a tick, want 0", allocs)
	}
}

func TestCardSlideNames(t *testing.T) {
	s := loadSnapshot(t, "snapshot.json")
	names := map[string]bool{}
	for _, c := range scene.Cards(s) {
		names[c.Slide()] = true
	}
	for n := range names {
		switch n {
		case "comments", "nps", "stars", "trend", "kpis", "announcement", "touchpoints", "themes", "ideas":
		default:
			t.Errorf("heartbeat slide name %q is not a playlist kind", n)
		}
	}
}
