package cache_test

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/cache"
	"github.com/cxtv/cxtv/feed"
)

func mustOpen(tb testing.TB, path string) *cache.Cache {
	tb.Helper()
	c, err := cache.Open(path, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatalf("Open(%s) = %v", path, err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

func snapshot(rev string) feed.Snapshot {
	return feed.Snapshot{
		Channel: "canteen", Title: "Stimme unserer Kunden", Language: "de", Revision: rev,
		GeneratedAt: time.Date(2025, 11, 24, 14, 5, 0, 0, time.UTC),
		Slides:      []feed.Slide{{Kind: "comments", Seconds: 10}},
		Comments: []feed.Comment{{ID: "a", Text: "Grüße aus Köln – 12,50 €", Scale: feed.ScaleNPS, Score: 9,
			CreatedAt: time.Date(2025, 11, 24, 13, 0, 0, 0, time.UTC)}},
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "display.db")
	c := mustOpen(t, path)
	if _, _, err := c.Load(); !errors.Is(err, cache.ErrEmpty) {
		t.Fatalf("Load() on a new cache = %v, want ErrEmpty", err)
	}
	at := time.Date(2025, 11, 24, 14, 6, 0, 0, time.UTC)
	if wrote, err := c.Save(snapshot("r1"), at); !wrote || err != nil {
		t.Fatalf("Save(r1) = %v, %v; want true, nil", wrote, err)
	}
	c.Close()

	c = mustOpen(t, path)
	got, received, err := c.Load()
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	if got.Revision != "r1" || got.Comments[0].Text != "Grüße aus Köln – 12,50 €" || !received.Equal(at) {
		t.Errorf("Load() = %+v, %v; want revision r1 received %v", got, received, at)
	}
}

func TestNoRewriteWhenUnchanged(t *testing.T) {
	t.Parallel()
	c := mustOpen(t, filepath.Join(t.TempDir(), "display.db"))
	first := time.Date(2025, 11, 24, 14, 6, 0, 0, time.UTC)
	if _, err := c.Save(snapshot("r1"), first); err != nil {
		t.Fatal(err)
	}
	if wrote, err := c.Save(snapshot("r1"), first.Add(time.Hour)); wrote || err != nil {
		t.Errorf("Save(same revision) = %v, %v; want false, nil", wrote, err)
	}
	if _, received, _ := c.Load(); !received.Equal(first) {
		t.Errorf("received_at = %v after saving the same revision, want the first %v", received, first)
	}
	if wrote, err := c.Save(snapshot("r2"), first.Add(time.Hour)); !wrote || err != nil {
		t.Errorf("Save(new revision) = %v, %v; want true, nil", wrote, err)
	}
}

func TestCorruptFileIsSetAside(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "display.db")
	junk := []byte(strings.Repeat("not a bbolt file ", 1000))
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	c := mustOpen(t, path)
	if _, _, err := c.Load(); !errors.Is(err, cache.ErrEmpty) {
		t.Errorf("Load() after corruption = %v, want ErrEmpty", err)
	}
	if _, err := c.Save(snapshot("r1"), time.Now()); err != nil {
		t.Errorf("Save() on the fresh cache = %v", err)
	}
	matches, _ := filepath.Glob(path + ".corrupt-*")
	if len(matches) != 1 {
		t.Fatalf("files set aside: %v, want one %s.corrupt-*", matches, path)
	}
	if b, _ := os.ReadFile(matches[0]); string(b) != string(junk) {
		t.Errorf("%s does not hold the damaged file", matches[0])
	}
}

func TestLockedFileIsAnError(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "display.db")
	mustOpen(t, path)
	start := time.Now()
	if c, err := cache.Open(path, slog.New(slog.NewTextHandler(io.Discard, nil))); err == nil {
		c.Close()
		t.Fatal("second Open of a locked cache succeeded, want a timeout")
	}
	if matches, _ := filepath.Glob(path + ".corrupt-*"); len(matches) != 0 {
		t.Errorf("a locked cache was set aside as corrupt: %v", matches)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second Open took %v, want about the 1 s timeout", d)
	}
}
