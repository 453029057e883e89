package publish_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
	"github.com/cxtv/cxtv/feed/feedtest"
	"github.com/cxtv/cxtv/feed/publish"
	"github.com/cxtv/cxtv/feed/store"
)

// clock is a settable now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestStateMatchesFreshRead runs a publisher through ingests, updates,
// retention, clock steps (one far back) and a config change, and compares
// each channel's snapshot after every step with that of a new publisher
// reading the same store at the same instant.
func TestStateMatchesFreshRead(t *testing.T) {
	defer publish.CountThemesWithin()() // the themes of this instant, not of the last walk
	rng := rand.New(rand.NewPCG(7, 14))
	st := feedtest.MustOpenStore(t)
	clk := &clock{t: now}
	opts := options(t)
	for i := range opts.Channels {
		opts.Channels[i].Slides = append(opts.Channels[i].Slides, feed.Slide{Kind: curate.SlideThemes, Seconds: 10}, feed.Slide{Kind: curate.SlideIdeas, Seconds: 10})
		opts.Channels[i].ThemeMinComments = 2
		opts.Channels[i].MaxAgeDays = 20 * i // lobby: comments older than the scores go
		opts.Channels[i].TrendWeeks = 4
		opts.Channels[i].MinAnswers = 1
	}
	rec := &recorder{sent: map[string][]feed.Snapshot{}}
	p := publish.New(opts, st, rec, clk.now, feedtest.NewLogs(t).Logger)
	feedtest.Go(t, p.Run)
	if err := p.Rebuild(); err != nil {
		t.Fatal(err)
	}
	texts := []string{"", "Die Wartezeit an der Hotline ist zu lang", "Lange Wartezeit, aber nette Beratung",
		"Es wäre schön, wenn es mehr Parkplätze gäbe", "Frau Weber war sehr freundlich", "ok"}
	for step := range 120 {
		if step == 60 {
			clk.add(-20 * 24 * time.Hour) // more than the state keeps: read afresh
		}
		switch k := rng.IntN(10); {
		case k < 6:
			var batch []feed.Feedback
			for range 1 + rng.IntN(4) {
				batch = append(batch, feed.Feedback{
					ID: fmt.Sprint(rng.IntN(150)), Source: []string{"survey", "reviews"}[rng.IntN(2)],
					Scale: feed.ScaleNPS, Score: rng.IntN(11), Comment: texts[rng.IntN(len(texts))], Language: "de",
					CreatedAt: clk.now().Add(-time.Duration(rng.Int64N(int64(100 * 24 * time.Hour)))),
					UpdatedAt: clk.now().Add(time.Duration(step) * time.Second),
				})
			}
			p.Changed(add(t, st, batch...))
		case k < 8:
			clk.add(time.Duration(rng.Int64N(int64(3 * 24 * time.Hour))))
		case k < 9:
			before := clk.now().AddDate(0, 0, -70)
			if _, err := st.DeleteBefore(before); err != nil {
				t.Fatal(err)
			}
			if err := p.Deleted(before); err != nil {
				t.Fatal(err)
			}
		default:
			opts.Channels[0].PeriodDays = 5 + rng.IntN(30)
			if err := p.SetOptions(opts); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.Rebuild(); err != nil {
			t.Fatal(err)
		}
		fresh := &recorder{sent: map[string][]feed.Snapshot{}}
		q := publish.New(opts, st, fresh, clk.now, feedtest.NewLogs(t).Logger)
		stop := feedtest.Go(t, q.Run)
		if err := q.Rebuild(); err != nil {
			t.Fatal(err)
		}
		stop()
		for _, ch := range opts.Channels {
			got, _ := rec.Snapshot(ch.Name)
			want, _ := fresh.Snapshot(ch.Name)
			got.GeneratedAt, want.GeneratedAt = time.Time{}, time.Time{} // each built at its own time
			got.Period, want.Period = feed.Period{}, feed.Period{}
			if g, w := js(t, got), js(t, want); g != w {
				t.Fatalf("step %d, channel %s: kept state and a fresh read differ\nkept:  %s\nfresh: %s", step, ch.Name, g, w)
			}
		}
	}
}

func js(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// themesPublisher is a publisher, not yet running, of a channel that shows
// themes of three comments, with its store and what it sent.
func themesPublisher(t *testing.T) (*publish.Publisher, *store.Store, *recorder) {
	st := feedtest.MustOpenStore(t)
	opts := options(t)
	opts.Channels[0].Slides = append(opts.Channels[0].Slides, feed.Slide{Kind: curate.SlideThemes, Seconds: 10})
	opts.Channels[0].ThemeMinComments = 3
	rec := &recorder{sent: map[string][]feed.Snapshot{}}
	return publish.New(opts, st, rec, func() time.Time { return now }, feedtest.NewLogs(t).Logger), st, rec
}

// On a large store the themes are counted beside the rebuilds: a new
// comment's card is out at once, and its theme follows with the walk.
func TestThemesCountedBeside(t *testing.T) {
	defer publish.CountThemesBeside()()
	p, st, rec := themesPublisher(t)
	var counted, walked atomic.Int32
	p.ThemesCounted = func(time.Duration) { counted.Add(1) }
	p.Walked = func() { walked.Add(1) }
	feedtest.Go(t, p.Run)
	if err := p.Rebuild(); err != nil {
		t.Fatal(err)
	}
	var batch []feed.Feedback
	for i := range 4 {
		batch = append(batch, feed.Feedback{ID: fmt.Sprint(i), Source: "survey", Scale: feed.ScaleNPS, Score: 2, Language: "de",
			Comment: "Die Wartezeit an der Kasse war viel zu lang", CreatedAt: now.Add(-time.Duration(i+1) * time.Hour)})
	}
	p.Changed(add(t, st, batch...))
	if err := p.Rebuild(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		snap, _ := rec.Snapshot("canteen")
		if len(snap.Themes) > 0 {
			if len(snap.Comments) != 4 {
				t.Errorf("snapshot with themes has %d comments, want 4", len(snap.Comments))
			}
			if counted.Load() == 0 {
				t.Error("ThemesCounted was not told of the count beside the rebuilds")
			}
			if walked.Load() == 0 {
				t.Error("Walked was not called before the themes went out")
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no themes 10 s after the comments came; last snapshot: %d comments, themes %v", len(snap.Comments), snap.Themes)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A themes walk beside the rebuilds rests as long as it worked, and at
// least until broadcastQuiet (300 ms) after a snapshot went out, so that
// the screens' broadcast has the cores.
func TestThemesWalkGivesWayToBroadcasts(t *testing.T) {
	st := feedtest.MustOpenStore(t)
	rec := &recorder{sent: map[string][]feed.Snapshot{}}
	p := publish.New(options(t), st, rec, func() time.Time { return now }, feedtest.NewLogs(t).Logger)
	ms := time.Millisecond
	for _, tc := range []struct {
		worked, since time.Duration
		min, max      time.Duration
	}{
		{10 * ms, time.Second, 10 * ms, 10 * ms},
		{10 * ms, 0, 250 * ms, 300 * ms},
		{10 * ms, 200 * ms, 50 * ms, 100 * ms},
		{400 * ms, 0, 400 * ms, 400 * ms},
	} {
		if got := publish.Rest(p, tc.worked, tc.since); got < tc.min || got > tc.max {
			t.Errorf("rest after %v of work, %v after a publish = %v, want %v to %v", tc.worked, tc.since, got, tc.min, tc.max)
		}
	}
	// A rebuild that hands out a snapshot counts as one.
	feedtest.Go(t, p.Run)
	p.Changed(add(t, st, feed.Feedback{ID: "1", Source: "survey", Scale: feed.ScaleNPS, Score: 9, Comment: "Gut", CreatedAt: now.Add(-time.Hour)}))
	if err := p.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if got := publish.Rest(p, 10*ms, -1); got < 100*ms {
		t.Errorf("rest right after a rebuild published = %v, want most of 300 ms", got)
	}
}

// Themes counted beside the rebuilds go out with the next change's
// snapshot, not in a broadcast of their own.
func TestThemesGoOutWithTheNextChange(t *testing.T) {
	defer publish.CountThemesBeside()()
	defer publish.LingerThemes(time.Hour)()
	p, st, rec := themesPublisher(t)
	feedtest.Go(t, p.Run)
	if err := p.Rebuild(); err != nil {
		t.Fatal(err)
	}
	comment := func(i int) feed.Feedback {
		return feed.Feedback{ID: fmt.Sprint(i), Source: "survey", Scale: feed.ScaleNPS, Score: 2, Language: "de",
			Comment: "Die Wartezeit an der Kasse war viel zu lang", CreatedAt: now.Add(-time.Duration(i+1) * time.Hour)}
	}
	// Notices alone: each makes one rebuild, and no other rebuild runs to
	// take the themes in before the next change.
	p.Changed(add(t, st, comment(0), comment(1), comment(2), comment(3)))
	deadline := time.Now().Add(10 * time.Second)
	for !publish.ThemesPending(p) {
		if time.Now().After(deadline) {
			t.Fatal("no themes counted beside the rebuilds within 10 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if snap, _ := rec.Snapshot("canteen"); len(snap.Themes) != 0 {
		t.Fatalf("themes went out before a change: %+v", snap.Themes)
	}
	sent := rec.count("canteen")
	p.Changed(add(t, st, comment(4)))
	for {
		if snap, _ := rec.Snapshot("canteen"); len(snap.Comments) == 5 {
			if len(snap.Themes) == 0 {
				t.Error("the change's snapshot has no themes")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the change's snapshot did not come within 10 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n := rec.count("canteen") - sent; n != 1 {
		t.Errorf("the change went out in %d snapshots, want one", n)
	}
}
