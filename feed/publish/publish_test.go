package publish_test

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/publish"
	"github.com/cxtv/cxtv/feed/store"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

const cfgYAML = `
listen: "127.0.0.1:0"
data: "unused"
admin_token: "admin"
sources:
  - {name: survey, token: "survey-token", scale: nps}
  - {name: reviews, token: "reviews-token", scale: stars}
channels:
  - name: canteen
    display_token: "canteen-token"
    sources: [survey]
    you_said_we_did:
      - {comment: "survey/old", action: "Neue Hotline-Zeiten"}
  - name: lobby
    display_token: "lobby-token"
    sources: [reviews]
`

// recorder is a Broadcaster that keeps what it was given.
type recorder struct {
	mu   sync.Mutex
	sent map[string][]feed.Snapshot
}

func (r *recorder) Publish(channel string, m feed.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent[channel] = append(r.sent[channel], *m.Snapshot)
	return nil
}

func (r *recorder) count(channel string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.sent[channel])
}

func setup(t *testing.T) (*publish.Publisher, *store.Store, *recorder, *config.Feed) {
	t.Helper()
	cfg, err := config.ParseFeed(strings.NewReader(cfgYAML), "test.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "feed.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	rec := &recorder{sent: map[string][]feed.Snapshot{}}
	p := publish.New(cfg, st, rec, func() time.Time { return now }, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return p, st, rec, cfg
}

func add(t *testing.T, st *store.Store, items ...feed.Feedback) {
	t.Helper()
	if _, _, err := st.AddFeedback(items); err != nil {
		t.Fatal(err)
	}
}

func TestRebuildPublishesOnlyChanges(t *testing.T) {
	p, st, rec, _ := setup(t)
	if err := p.Rebuild(); err != nil {
		t.Fatal(err)
	}
	if rec.count("canteen") != 1 || rec.count("lobby") != 1 {
		t.Fatalf("first rebuild sent %v, want one snapshot per channel", rec.sent)
	}
	add(t, st, feed.Feedback{ID: "1", Source: "survey", Scale: feed.ScaleNPS, Score: 9, Comment: "Schnell und freundlich", CreatedAt: now.Add(-time.Hour)})
	if err := p.Rebuild("survey"); err != nil {
		t.Fatal(err)
	}
	if err := p.Rebuild(); err != nil { // nothing new: nothing sent
		t.Fatal(err)
	}
	if rec.count("canteen") != 2 || rec.count("lobby") != 1 {
		t.Errorf("sent canteen %d, lobby %d; want 2 and 1", rec.count("canteen"), rec.count("lobby"))
	}
	snap, ok := p.Snapshot("canteen")
	if !ok || len(snap.Comments) != 1 || snap.NPS == nil || snap.NPS.Responses != 1 {
		t.Errorf("canteen snapshot = %+v", snap)
	}
}

func TestYouSaidOlderThanTheWalk(t *testing.T) {
	p, st, _, _ := setup(t)
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
	snap, _ := p.Snapshot("canteen")
	if len(snap.YouSaid) != 1 || snap.YouSaid[0].Action != "Neue Hotline-Zeiten" || strings.Contains(snap.YouSaid[0].Comment.Text, "example.com") {
		t.Errorf("you said = %+v, want the old comment, redacted", snap.YouSaid)
	}
}

func TestNotifyCoalesces(t *testing.T) {
	p, st, rec, _ := setup(t)
	if err := p.Rebuild(); err != nil {
		t.Fatal(err)
	}
	var latency []time.Duration
	var mu sync.Mutex
	p.Published = func(d time.Duration) { mu.Lock(); latency = append(latency, d); mu.Unlock() }
	for i := range 50 {
		add(t, st, feed.Feedback{ID: fmt.Sprint(i), Source: "survey", Scale: feed.ScaleNPS, Score: 10, CreatedAt: now.Add(-time.Minute)})
		p.Notify("survey")
	}
	p.Close() // waits for the rebuilds asked for
	snap, _ := p.Snapshot("canteen")
	if snap.NPS == nil || snap.NPS.Responses != 50 {
		t.Fatalf("after Close the snapshot has %+v, want all 50 answers", snap.NPS)
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

func TestSetConfigWithBadLogoKeepsOld(t *testing.T) {
	p, _, _, cfg := setup(t)
	if err := p.Rebuild(); err != nil {
		t.Fatal(err)
	}
	next := *cfg
	next.Channels = append([]config.ChannelConfig(nil), cfg.Channels...)
	notPNG := filepath.Join(t.TempDir(), "logo.png")
	os.WriteFile(notPNG, []byte("GIF89a"), 0o600)
	next.Channels[0].Theme.Logo = notPNG
	next.Channels[0].Title = "Neu"
	err := p.SetConfig(&next)
	if err == nil || !strings.Contains(err.Error(), "channels[0].theme.logo") || !strings.Contains(err.Error(), "not a PNG") {
		t.Fatalf("SetConfig = %v, want an error naming channels[0].theme.logo", err)
	}
	if snap, _ := p.Snapshot("canteen"); snap.Title == "Neu" {
		t.Error("the config with the bad logo took effect")
	}
}
