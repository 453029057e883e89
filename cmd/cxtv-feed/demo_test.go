package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxtv/cxtv/assets"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
	"github.com/cxtv/cxtv/feed/ingest"
	"github.com/cxtv/cxtv/feed/publish"
	"github.com/cxtv/cxtv/feed/store"
)

// snapshots holds the snapshots a publisher hands on, as the hub does.
type snapshots struct {
	mu sync.Mutex // guards m
	m  map[string]feed.Snapshot
}

func (s *snapshots) Publish(channel string, snap feed.Snapshot) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[channel] = snap
	return nil
}

func (s *snapshots) Snapshot(channel string) (feed.Snapshot, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap, ok := s.m[channel]
	return snap, ok
}

// demoSnapshots builds every channel of the example config from the demo
// data as serve --demo does: seeded into a store, built by the publisher.
func demoSnapshots(t *testing.T, now time.Time) (*prepared, map[string]feed.Snapshot) {
	t.Helper()
	p, err := prepare("../../config/feed.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "feed.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := seedDemo(st, now, logger); err != nil {
		t.Fatal(err)
	}
	out := &snapshots{m: map[string]feed.Snapshot{}}
	pub := publish.New(p.publish, st, out, func() time.Time { return now }, logger)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { pub.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	if err := pub.Rebuild(); err != nil {
		t.Fatal(err)
	}
	return p, out.m
}

// The demo data and the example config give every slide something to
// show: make run is the product's first impression. The demo is moved to
// whenever it runs; a Thursday and the first minutes of a week are tried.
func TestDemoSnapshots(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC),
		time.Date(2027, 3, 1, 0, 30, 0, 0, time.UTC),
	} {
		t.Run(now.Weekday().String(), func(t *testing.T) { testDemoSnapshots(t, now) })
	}
}

func testDemoSnapshots(t *testing.T, now time.Time) {
	p, snaps := demoSnapshots(t, now)
	items, err := ingest.Demo(assets.DemoFeedback, now)
	if err != nil {
		t.Fatal(err)
	}
	redactor, err := curate.NewRedactor(nil)
	if err != nil {
		t.Fatal(err)
	}

	// Personal data only where it is placed on purpose, for the redactor
	// to show what it does.
	var personal []string
	for _, f := range items {
		if _, n := redactor.Redact(f.Comment); n > 0 {
			personal = append(personal, f.Source+"/"+f.ID)
		}
	}
	slices.Sort(personal)
	if want := []string{"reviews/r-0044", "survey/s-0078"}; !slices.Equal(personal, want) {
		t.Errorf("demo comments with personal data = %v, want %v", personal, want)
	}

	for _, ch := range p.publish.Channels {
		t.Run(ch.Name, func(t *testing.T) {
			s, ok := snaps[ch.Name]
			if !ok {
				t.Fatalf("no snapshot of channel %s", ch.Name)
			}
			checkDemoScores(t, s, ch.MinAnswers)
			checkDemoThemes(t, s, ch.ThemeMinComments)

			// Ideas: a few per language in the period, some on the snapshot.
			ideas := map[string]int{}
			for _, f := range items {
				if slices.Contains(ch.Sources, f.Source) && f.CreatedAt.After(s.Period.From) && curate.IsIdea(f.Comment) {
					ideas[f.Language]++
				}
			}
			for _, lang := range []string{"de", "en"} {
				if n := ideas[lang]; n < 3 || n > 6 {
					t.Errorf("ideas in %s in the period = %d, want 3 to 6", lang, n)
				}
			}
			langs := map[string]bool{}
			for _, c := range s.Ideas {
				t.Logf("idea (%s, %s): %s", c.Language, c.Touchpoint, c.Text)
				langs[c.Language] = true
			}
			if len(s.Ideas) < 2 || len(langs) < 2 {
				t.Errorf("snapshot ideas = %d in %v, want at least 2, in German and English", len(s.Ideas), langs)
			}

			if len(s.Comments) < ch.MaxComments || len(s.YouSaid) == 0 || len(s.KPIs) == 0 || len(s.Announcements) == 0 {
				t.Errorf("snapshot has %d comments, %d you-said cards, %d KPIs, %d announcements; want %d comments and some of each",
					len(s.Comments), len(s.YouSaid), len(s.KPIs), len(s.Announcements), ch.MaxComments)
			}
			t.Logf("comments: %s", s.Selection)
			for _, c := range s.Comments {
				t.Logf("comment (%s %d, %s, %s): %s", c.Scale, c.Score, c.Touchpoint, c.Language, c.Text)
			}
			// What the screens show is redacted already: the redactor finds
			// nothing more in it.
			texts := []string{}
			for _, c := range append(slices.Clone(s.Comments), s.Ideas...) {
				texts = append(texts, c.Text)
			}
			for _, y := range s.YouSaid {
				texts = append(texts, y.Comment.Text)
			}
			for _, th := range s.Themes {
				if th.Quote != nil {
					texts = append(texts, th.Quote.Text)
				}
			}
			for _, text := range texts {
				if red, n := redactor.Redact(text); n > 0 {
					t.Errorf("snapshot text %q: the redactor still finds %d (%q)", text, n, red)
				}
			}
		})
	}
}

// checkDemoScores: every touchpoint has enough answers in both periods,
// each its own score; one is below the target, one above, one improves and
// one drops; the trend has every week.
func checkDemoScores(t *testing.T, s feed.Snapshot, minAnswers int) {
	t.Helper()
	if s.NPS == nil || s.Stars == nil || s.NPS.Target == nil {
		t.Fatalf("snapshot NPS %v, stars %v: want both, and an NPS target", s.NPS, s.Stars)
	}
	if len(s.NPS.ByTouchpoint) < 5 {
		t.Errorf("NPS by touchpoint = %+v, want 5 touchpoints", s.NPS.ByTouchpoint)
	}
	target := *s.NPS.Target
	t.Logf("NPS %.1f (was %v, target %v): %s", s.NPS.Score, deref(s.NPS.Previous), target, describeTouchpoints(s.NPS.ByTouchpoint))
	for _, tp := range s.Stars.ByTouchpoint {
		t.Logf("stars of %s: %.2f (was %v), %d answers", tp.Touchpoint, tp.Average, deref(tp.Previous), tp.Responses)
	}
	var below, above, better, worse bool
	seen := map[float64]string{}
	for _, tp := range s.NPS.ByTouchpoint {
		if tp.Responses < minAnswers || !tp.Meaningful || tp.Previous == nil {
			t.Errorf("NPS of %s = %+v, want ≥ %d answers in this period and the last", tp.Touchpoint, tp, minAnswers)
			continue
		}
		if other, dup := seen[tp.Score]; dup {
			t.Errorf("NPS of %s and %s are both %.1f, want each its own", tp.Touchpoint, other, tp.Score)
		}
		seen[tp.Score] = tp.Touchpoint
		below = below || tp.Score <= target-10
		above = above || tp.Score >= target+5
		better = better || tp.Score >= *tp.Previous+5
		worse = worse || tp.Score <= *tp.Previous-5
	}
	if !below || !above || !better || !worse {
		t.Errorf("NPS by touchpoint = %s; want one clearly below the target %v and one above, one improving and one dropping (5 points)",
			describeTouchpoints(s.NPS.ByTouchpoint), target)
	}
	seenStars := map[float64]string{}
	for _, tp := range s.Stars.ByTouchpoint {
		if tp.Responses < minAnswers || !tp.Meaningful || tp.Previous == nil {
			t.Errorf("stars of %s = %+v, want ≥ %d answers in this period and the last", tp.Touchpoint, tp, minAnswers)
		}
		if other, dup := seenStars[tp.Average]; dup {
			t.Errorf("stars of %s and %s are both %.2f, want each its own", tp.Touchpoint, other, tp.Average)
		}
		seenStars[tp.Average] = tp.Touchpoint
	}
	if len(s.Trend) != 12 {
		t.Errorf("trend has %d weeks, want 12", len(s.Trend))
	}
	for i, w := range s.Trend {
		t.Logf("trend week %s: NPS %s, stars %s, %d answers", w.Week.Format("2006-01-02"), deref(w.NPS), deref(w.Stars), w.Responses)
		least := 40
		if i == len(s.Trend)-1 {
			least = 1 // the current week, begun just now on a Monday
		}
		if w.Responses < least || least > 1 && (w.NPS == nil || w.Stars == nil) {
			t.Errorf("trend week %s: %d answers, NPS %s, stars %s; want both scores, of at least %d answers",
				w.Week.Format("2006-01-02"), w.Responses, deref(w.NPS), deref(w.Stars), least)
		}
	}
}

func deref(f *float64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprintf("%.1f", *f)
}

func describeTouchpoints(tps []feed.TouchpointNPS) string {
	var b strings.Builder
	for _, tp := range tps {
		fmt.Fprintf(&b, "%s %.1f (was %s, %d answers); ", tp.Touchpoint, tp.Score, deref(tp.Previous), tp.Responses)
	}
	return b.String()
}

// checkDemoThemes: admin themes and discovered topics, one rising and one
// falling with enough comments.
func checkDemoThemes(t *testing.T, s feed.Snapshot, minComments int) {
	t.Helper()
	var admin, discovered, rising, falling bool
	for _, th := range s.Themes {
		t.Logf("theme %s (%s): %d comments, %d before, %s", th.Name, th.Source, th.Comments, th.Previous, th.Trend)
		admin = admin || th.Source == feed.TopicAdmin
		discovered = discovered || th.Source == feed.TopicDiscovered
		rising = rising || th.Trend == feed.TrendRising && th.Comments >= minComments && th.Comments >= 2*th.Previous
		falling = falling || th.Trend == feed.TrendFalling && th.Comments >= minComments
	}
	if !admin || !discovered || !rising || !falling {
		t.Errorf("themes: admin %v, discovered %v, rising %v, falling %v; want all", admin, discovered, rising, falling)
	}
}
