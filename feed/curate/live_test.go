package curate_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
)

// memStore holds answers as the store does: one version per source and
// id, walked newest first, ties by source and id descending.
type memStore map[string]feed.Feedback

func (m memStore) put(f feed.Feedback) { m[f.Source+"\x00"+f.ID] = f }

func (m memStore) newestFirst() []feed.Feedback {
	out := make([]feed.Feedback, 0, len(m))
	for _, f := range m {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b feed.Feedback) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(b.Source+"\x00"+b.ID, a.Source+"\x00"+a.ID)
	})
	return out
}

func (m memStore) lookup(source, id string) (feed.Feedback, bool, error) {
	f, ok := m[source+"\x00"+id]
	return f, ok, nil
}

func (m memStore) deleteBefore(t time.Time) {
	for k, f := range m {
		if f.CreatedAt.Before(t) {
			delete(m, k)
		}
	}
}

// full is the snapshot a Builder makes of every stored answer at at.
func (m memStore) full(r *curate.Rules, ch *curate.Channel, at time.Time) feed.Snapshot {
	b := r.NewBuilder(ch, at)
	for _, f := range m.newestFirst() {
		if !b.Add(&f) {
			break
		}
	}
	return b.Snapshot(curate.Extras{Lookup: m.lookup})
}

// themes are what a NewThemeBuilder makes of every stored answer at at.
func (m memStore) themes(r *curate.Rules, ch *curate.Channel, at time.Time) []feed.Topic {
	b := r.NewThemeBuilder(ch, at)
	for _, f := range m.newestFirst() {
		if !b.Add(&f) {
			break
		}
	}
	return b.Themes()
}

// liveTexts are comments with what a channel treats apart: names and
// e-mail addresses (redacted, a person hidden by policy), ideas, a blocked
// word, short ones, and theme words.
var liveTexts = []string{
	"", "", "ok", "Super Service, sehr freundlich am Telefon",
	"Frau Schmidt an der Kasse war unfreundlich und die Wartezeit lang",
	"Schreiben Sie mir an max.muster@example.com, die Wartezeit war lang",
	"Es wäre schön, wenn es mehr Parkplätze gäbe",
	"Please add a vegan option to the menu",
	"Die Wartezeit an der Hotline ist zu lang",
	"Lange Wartezeit, aber nette Beratung",
	"Das ist Mist, der Login geht nie",
	"Login klappt nicht, App stürzt ab",
	"The app keeps logging me out, login broken",
	"Great staff, quick delivery",
	"Bitte die Öffnungszeiten verlängern, samstags bis 18 Uhr",
	"Rufen Sie mich an: 0171 1234567",
}

// randomChannel is a channel of the kinds admins write: either selection,
// with or without a maximum age, filters, hidden comments, privacy rules,
// ideas and themes.
func randomChannel(rng *rand.Rand) *curate.Channel {
	return channel(func(ch *curate.Channel) {
		ch.PeriodDays = 1 + rng.IntN(20)
		ch.TrendWeeks = 1 + rng.IntN(6)
		ch.MinAnswers = 1 + rng.IntN(4)
		ch.MaxComments = rng.IntN(7)
		ch.MaxAgeDays = []int{0, 0, 3, 15, 60}[rng.IntN(5)]
		ch.MinLength = []int{0, 0, 10, 30}[rng.IntN(4)]
		if rng.IntN(3) == 0 {
			ch.Languages = []string{"de"}
		}
		if rng.IntN(4) == 0 {
			ch.Touchpoints = []string{"Hotline", "Filiale"}
		}
		if rng.IntN(2) == 0 {
			ch.Selection = curate.Selection{Latest: true}
		} else {
			ch.Selection = curate.Selection{Promoters: rng.IntN(3), Passives: rng.IntN(2), Detractors: rng.IntN(3)}
		}
		ch.Privacy = curate.Privacy{HidePeople: rng.IntN(3) == 0, HideNegative: rng.IntN(2) == 0}
		ch.Hidden = []string{fmt.Sprintf("survey/%d", rng.IntN(40)), fmt.Sprint(rng.IntN(40))}
		ch.YouSaid = []curate.YouSaid{{Comment: fmt.Sprintf("survey/%d", rng.IntN(40)), Action: "Mehr Personal"}}
		ch.Slides = []feed.Slide{{Kind: "comments", Seconds: 10}, {Kind: "nps", Seconds: 10}}
		if rng.IntN(2) == 0 {
			ch.Slides = append(ch.Slides, feed.Slide{Kind: curate.SlideIdeas, Seconds: 10})
		}
		if rng.IntN(2) == 0 {
			ch.Slides = append(ch.Slides, feed.Slide{Kind: curate.SlideThemes, Seconds: 10})
			ch.ThemeMinComments = 2
			ch.Themes = []curate.Theme{{Name: "Wartezeit", Match: []string{"wartezeit", "warte*"}}}
		}
	})
}

// TestLiveMatchesBuilder feeds random ingests, updates, retention and
// clock steps, with config changes between them, to a Live and compares
// its snapshot after every step with a Builder's of every stored answer.
func TestLiveMatchesBuilder(t *testing.T) {
	r := rules(t, curate.Moderation{BlockedWords: []string{"Mist"}, Names: []string{"Schmidt"}})
	steps := 0
	for seed := range 12 {
		rng := rand.New(rand.NewPCG(uint64(seed), 14))
		st := memStore{}
		at := now
		ch := randomChannel(rng)
		live := r.NewLive(ch)
		reload := func() {
			live = r.NewLive(ch)
			for _, f := range st.newestFirst() {
				live.Add(&f)
			}
		}
		answer := func(id int) feed.Feedback {
			f := feed.Feedback{
				ID: fmt.Sprint(id), Source: []string{"survey", "survey", "reviews", "other"}[rng.IntN(4)],
				Comment:    liveTexts[rng.IntN(len(liveTexts))],
				Touchpoint: []string{"", "Hotline", "Filiale", "App"}[rng.IntN(4)],
				Language:   []string{"de", "de", "en", ""}[rng.IntN(4)],
				// Up to 70 days old, some an hour ahead of the clock.
				CreatedAt: at.Add(time.Hour - time.Duration(rng.Int64N(int64(70*24*time.Hour)))),
			}
			if rng.IntN(3) == 0 {
				f.Scale, f.Score = feed.ScaleStars, 1+rng.IntN(5)
			} else {
				f.Scale, f.Score = feed.ScaleNPS, rng.IntN(11)
			}
			if rng.IntN(8) == 0 {
				f.CreatedAt = at.Truncate(time.Hour) // many of one instant
			}
			return f
		}
		for step := range 300 {
			switch k := rng.IntN(20); {
			case k < 10: // new answers, a batch
				for range 1 + rng.IntN(5) {
					f := answer(rng.IntN(400))
					st.put(f)
					live.Add(&f)
				}
			case k < 13: // a later version of a stored one
				ids := st.newestFirst()
				if len(ids) == 0 {
					continue
				}
				old := ids[rng.IntN(len(ids))]
				f := answer(0)
				f.ID, f.Source = old.ID, old.Source
				st.put(f)
				live.Add(&f)
			case k < 15: // the clock moves, now and then a long way
				d := time.Duration(rng.Int64N(int64(6 * time.Hour)))
				if rng.IntN(5) == 0 {
					d = time.Duration(rng.Int64N(int64(20 * 24 * time.Hour)))
				}
				at = at.Add(d)
			case k < 16: // set back, mostly by less than AgeSlack
				at = at.Add(-time.Duration(rng.Int64N(int64(30 * time.Hour))))
			case k < 17: // retention
				before := at.AddDate(0, 0, -30-rng.IntN(40))
				st.deleteBefore(before)
				live.Prune(before)
			case k < 18: // a new config
				ch = randomChannel(rng)
				reload()
			default: // answers aged past what the channel can use
				live.Age(at)
			}
			if !live.Covers(at) {
				reload()
			}
			live.SetThemes(st.themes(r, ch, at))
			want := st.full(r, ch, at)
			got := live.Snapshot(at, curate.Extras{Lookup: st.lookup})
			if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
				// The revision digests the rest: show where that differs.
				rev := got.Revision
				got.Revision = want.Revision
				g = mustJSON(t, got)
				if g == w {
					t.Fatalf("seed %d step %d: revisions %s and %s of equal snapshots", seed, step, rev, want.Revision)
				}
				i := 0
				for i < len(g) && i < len(w) && g[i] == w[i] {
					i++
				}
				from := max(0, i-200)
				t.Fatalf("seed %d step %d (%d stored): live and full snapshots differ at byte %d\nlive: …%s\nfull: …%s", seed, step, len(st), i, g[from:min(len(g), i+300)], w[from:min(len(w), i+300)])
			}
			steps++
		}
	}
	t.Logf("%d steps compared", steps)
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
