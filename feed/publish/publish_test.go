package publish_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
	"github.com/cxtv/cxtv/feed/feedtest"
	"github.com/cxtv/cxtv/feed/publish"
	"github.com/cxtv/cxtv/feed/store"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// recorder is a Broadcaster that keeps what it was given; its last
// snapshot of a channel is the current one.
type recorder struct {
	mu   sync.Mutex // guards sent
	sent map[string][]feed.Snapshot
}

func (r *recorder) Publish(channel string, s feed.Snapshot) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent[channel] = append(r.sent[channel], s)
	return nil
}

func (r *recorder) Snapshot(channel string) (feed.Snapshot, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	sent := r.sent[channel]
	if len(sent) == 0 {
		return feed.Snapshot{}, false
	}
	return sent[len(sent)-1], true
}

func (r *recorder) count(channel string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.sent[channel])
}

// options are two channels: canteen shows survey and names an old comment
// as "you said", lobby shows reviews.
func options(tb testing.TB) publish.Options {
	canteen := feedtest.Channel("canteen", "survey")
	canteen.YouSaid = []curate.YouSaid{{Comment: "survey/old", Action: "Neue Hotline-Zeiten"}}
	return publish.Options{
		Rules:    feedtest.MustRules(tb, curate.Moderation{DefaultLists: true}),
		Channels: []curate.Channel{canteen, feedtest.Channel("lobby", "reviews")},
	}
}

// setup returns a publisher, not yet running, and its store and
// broadcaster.
func setup(t *testing.T) (*publish.Publisher, *store.Store, *recorder) {
	t.Helper()
	st := feedtest.MustOpenStore(t)
	rec := &recorder{sent: map[string][]feed.Snapshot{}}
	p := publish.New(options(t), st, rec, func() time.Time { return now }, feedtest.NewLogs(t).Logger)
	return p, st, rec
}

// add stores items and returns the versions written, for Changed.
func add(t *testing.T, st *store.Store, items ...feed.Feedback) []feed.Feedback {
	t.Helper()
	added, err := st.AddFeedback(items)
	if err != nil {
		t.Fatal(err)
	}
	return added.Written
}

func TestRebuildPublishesOnlyChanges(t *testing.T) {
	p, st, rec := setup(t)
	feedtest.Go(t, p.Run)
	if err := p.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if rec.count("canteen") != 1 || rec.count("lobby") != 1 {
		t.Fatalf("first rebuild sent %v, want one snapshot per channel", rec.sent)
	}
	p.Changed(add(t, st, feed.Feedback{ID: "1", Source: "survey", Scale: feed.ScaleNPS, Score: 9, Comment: "Schnell und freundlich", CreatedAt: now.Add(-time.Hour)}))
	if err := p.Rebuild("survey"); err != nil {
		t.Fatal(err)
	}
	if err := p.Rebuild(); err != nil { // nothing new: nothing sent
		t.Fatal(err)
	}
	if rec.count("canteen") != 2 || rec.count("lobby") != 1 {
		t.Errorf("sent canteen %d, lobby %d; want 2 and 1", rec.count("canteen"), rec.count("lobby"))
	}
	snap, ok := rec.Snapshot("canteen")
	if !ok || len(snap.Comments) != 1 || snap.NPS == nil || snap.NPS.Responses != 1 {
		t.Errorf("canteen snapshot = %+v", snap)
	}
}

func TestYouSaidOlderThanTheWalk(t *testing.T) {
	p, st, rec := setup(t)
	feedtest.Go(t, p.Run)
	// A year old: far beyond the score windows and the comment pool.
	add(t, st, feed.Feedback{ID: "old", Source: "survey", Scale: feed.ScaleNPS, Score: 2,
		Comment: "Die Hotline ist nie erreichbar, schreiben Sie an info@example.com", CreatedAt: now.AddDate(-1, 0, 0)})
	var items []feed.Feedback
	for i := range 100 {
		items = append(items, feed.Feedback{ID: fmt.Sprint(i), Source: "survey", Scale: feed.ScaleNPS, Score: i % 11,
			Comment: "Ein Kommentar", CreatedAt: now.Add(-time.Duration(i) * time.Hour)})
	}
	add(t, st, items...)
	if err := p.Rebuild(); err != nil {
		t.Fatal(err)
	}
	snap, _ := rec.Snapshot("canteen")
	if len(snap.YouSaid) != 1 || snap.YouSaid[0].Action != "Neue Hotline-Zeiten" || strings.Contains(snap.YouSaid[0].Comment.Text, "example.com") {
		t.Errorf("you said = %+v, want the old comment, redacted", snap.YouSaid)
	}
}

func TestNotifyCoalesces(t *testing.T) {
	p, st, rec := setup(t)
	var latency []time.Duration
	var mu sync.Mutex
	p.Published = func(d time.Duration) { mu.Lock(); latency = append(latency, d); mu.Unlock() }
	stop := feedtest.Go(t, p.Run)
	if err := p.Rebuild(); err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		p.Changed(add(t, st, feed.Feedback{ID: fmt.Sprint(i), Source: "survey", Scale: feed.ScaleNPS, Score: 10, CreatedAt: now.Add(-time.Minute)}))
	}
	stop() // Run does the rebuilds asked for before it returns
	snap, _ := rec.Snapshot("canteen")
	if snap.NPS == nil || snap.NPS.Responses != 50 {
		t.Fatalf("after Run returned the snapshot has %+v, want all 50 answers", snap.NPS)
	}
	if n := rec.count("canteen"); n < 2 || n > 51 {
		t.Errorf("sent %d snapshots for 50 notices", n)
	}
	if rec.count("lobby") != 1 {
		t.Errorf("lobby got %d snapshots, want only the first: its source did not change", rec.count("lobby"))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(latency) == 0 {
		t.Error("Published was never called")
	}
}

// SetOptions takes effect with its rebuild, which hands the screens the
// channels that changed.
func TestSetOptions(t *testing.T) {
	p, _, rec := setup(t)
	feedtest.Go(t, p.Run)
	if err := p.Rebuild(); err != nil {
		t.Fatal(err)
	}
	next := options(t)
	next.Channels[0].Title = "Neu"
	if err := p.SetOptions(next); err != nil {
		t.Fatal(err)
	}
	if snap, _ := rec.Snapshot("canteen"); snap.Title != "Neu" || rec.count("canteen") != 2 || rec.count("lobby") != 1 {
		t.Errorf("after SetOptions canteen has %q (%d sent), lobby %d sent; want Neu, 2, 1", snap.Title, rec.count("canteen"), rec.count("lobby"))
	}
}

// Once Run has returned, requests are refused and notices ignored.
func TestStopped(t *testing.T) {
	p, _, rec := setup(t)
	feedtest.Go(t, p.Run)()
	if err := p.Rebuild(); !errors.Is(err, publish.ErrStopped) {
		t.Errorf("Rebuild after Run = %v, want ErrStopped", err)
	}
	p.Notify("survey")
	if err := p.SetOptions(options(t)); !errors.Is(err, publish.ErrStopped) || rec.count("canteen") != 0 {
		t.Errorf("SetOptions after Run = %v with %d sent, want ErrStopped and nothing", err, rec.count("canteen"))
	}
}
