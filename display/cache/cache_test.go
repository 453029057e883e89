package cache_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

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

// save caches s as the server sends it.
func save(tb testing.TB, c *cache.Cache, s feed.Snapshot, at time.Time) (bool, error) {
	tb.Helper()
	msg, err := feed.EncodeMessage(feed.Message{Type: feed.TypeSnapshot, Snapshot: &s})
	if err != nil {
		tb.Fatal(err)
	}
	return c.Save(s.Revision, msg, at)
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "display.db")
	c := mustOpen(t, path)
	if _, _, err := c.Load(); !errors.Is(err, cache.ErrEmpty) {
		t.Fatalf("Load() on a new cache = %v, want ErrEmpty", err)
	}
	at := time.Date(2025, 11, 24, 14, 6, 0, 0, time.UTC)
	if wrote, err := save(t, c, snapshot("r1"), at); !wrote || err != nil {
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

// The file is written only when the content changes: a display that
// reconnects every few minutes, or a server that rebuilds unchanged
// content, must not wear out an SD card. Not one byte of the file changes
// (bbolt rewrites a meta page on every write transaction).
func TestNoRewriteWhenUnchanged(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "display.db")
	c := mustOpen(t, path)
	first := time.Date(2025, 11, 24, 14, 6, 0, 0, time.UTC)
	if _, err := save(t, c, snapshot("r1"), first); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, path)
	again := snapshot("r1")
	again.GeneratedAt = first.Add(time.Hour) // rebuilt by a restarted server: same revision
	for i := range 3 {
		if wrote, err := save(t, c, again, first.Add(time.Duration(i+1)*time.Hour)); wrote || err != nil {
			t.Errorf("Save(same revision) = %v, %v; want false, nil", wrote, err)
		}
	}
	if after := readFile(t, path); !bytes.Equal(before, after) {
		t.Error("the cache file changed on saving the same revision")
	}
	if _, received, _ := c.Load(); !received.Equal(first) {
		t.Errorf("received_at = %v after saving the same revision, want the first %v", received, first)
	}
	if wrote, err := save(t, c, snapshot("r2"), first.Add(time.Hour)); !wrote || err != nil {
		t.Errorf("Save(new revision) = %v, %v; want true, nil", wrote, err)
	}
	if after := readFile(t, path); bytes.Equal(before, after) {
		t.Error("the cache file did not change on saving a new revision")
	}
}

func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// validFile returns the bytes of a cache holding snapshot r1, written
// after r0: with overflow pages (a snapshot of 30 KB) and free pages.
func validFile(tb testing.TB) []byte {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "valid.db")
	c, err := cache.Open(path, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatal(err)
	}
	for _, rev := range []string{"r0", "r1"} {
		s := snapshot(rev)
		for i := range 100 {
			s.Comments = append(s.Comments, feed.Comment{ID: fmt.Sprint(i), Text: strings.Repeat("Sehr gut. ", 20), Scale: feed.ScaleStars, Score: 5})
		}
		if _, err := save(tb, c, s, time.Now()); err != nil {
			tb.Fatal(err)
		}
	}
	c.Close()
	return readFile(tb, path)
}

// A cache file damaged in any way — a power cut mid-write, a failing SD
// card — never keeps a display from starting: Open succeeds, Load gives
// the snapshot or ErrEmpty, and the next snapshot is saved and read back.
// A file whose pages cannot be read is set aside for inspection.
func TestDamagedFiles(t *testing.T) {
	t.Parallel()
	valid := validFile(t)
	page := os.Getpagesize()
	junk := func(n int) []byte { return bytes.Repeat([]byte("garbage!"), n/8+1)[:n] }
	tests := []struct {
		name    string
		damage  func([]byte) []byte
		setAide bool // the file must be set aside
	}{
		{"garbage", func(b []byte) []byte { return junk(len(b)) }, true},
		{"meta pages garbage", func(b []byte) []byte { copy(b, junk(2*page)); return b }, true},
		{"data pages zeroed", func(b []byte) []byte { clear(b[2*page:]); return b }, true},
		{"data pages garbage", func(b []byte) []byte { copy(b[2*page:], junk(len(b)-2*page)); return b }, true},
		{"truncated after the meta pages", func(b []byte) []byte { return b[:2*page] }, true},
		{"truncated mid-page", func(b []byte) []byte { return b[:2*page+100] }, true},
		{"empty", func([]byte) []byte { return nil }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "display.db")
			damaged := tt.damage(bytes.Clone(valid))
			if err := os.WriteFile(path, damaged, 0o600); err != nil {
				t.Fatal(err)
			}
			checkUsable(t, path)
			matches, _ := filepath.Glob(path + ".corrupt-*")
			if tt.setAide && len(matches) != 1 {
				t.Fatalf("files set aside: %v, want one %s.corrupt-*", matches, path)
			}
			if len(matches) == 1 && !bytes.Equal(readFile(t, matches[0]), damaged) {
				t.Errorf("%s does not hold the damaged file", matches[0])
			}
		})
	}
}

// checkUsable opens the cache at path and checks that it starts and then
// works: Load gives one of the snapshots saved or ErrEmpty, Save and Load
// round-trip.
func checkUsable(tb testing.TB, path string) {
	tb.Helper()
	c, err := cache.Open(path, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatalf("Open(damaged file) = %v, want a fresh cache", err)
	}
	defer c.Close()
	if s, _, err := c.Load(); err != nil && !errors.Is(err, cache.ErrEmpty) {
		tb.Errorf("Load() = %v, want the snapshot or ErrEmpty", err)
	} else if err == nil && s.Revision != "r1" && s.Revision != "r0" {
		// r0 when a damaged meta page makes bbolt fall back to the one
		// before.
		tb.Errorf("Load() = revision %q, want r1, r0 or ErrEmpty", s.Revision)
	}
	if _, err := save(tb, c, snapshot("r2"), time.Now()); err != nil {
		tb.Fatalf("Save() after damage = %v", err)
	}
	if s, _, err := c.Load(); err != nil || s.Revision != "r2" {
		tb.Errorf("Load() after Save = %q, %v; want r2", s.Revision, err)
	}
}

// FuzzDamagedFile overwrites a valid cache file with data at offset: the
// invariant is that the display starts and its cache works (checkUsable),
// never a panic or a crash.
func FuzzDamagedFile(f *testing.F) {
	valid := validFile(f)
	page := uint32(os.Getpagesize())
	f.Add(uint32(0), []byte("not bbolt"))
	f.Add(page, bytes.Repeat([]byte{0xff}, 64))
	f.Add(2*page, bytes.Repeat([]byte{0}, int(page)))
	f.Add(3*page+16, []byte{0xff, 0xff, 0xff, 0x7f})
	f.Add(4*page+8, bytes.Repeat([]byte{0x41}, 300))
	f.Add(2*page+60, make([]byte, 3072)) // found by fuzzing: a page pointing at itself hung bbolt
	f.Fuzz(func(t *testing.T, offset uint32, data []byte) {
		b := bytes.Clone(valid)
		off := int(offset) % len(b)
		copy(b[off:], data)
		path := filepath.Join(t.TempDir(), "display.db")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		checkUsable(t, path)
	})
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
	if _, err := save(t, c, snapshot("r1"), time.Now()); err != nil {
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

// The cache keeps the message as the server sent it, byte for byte, and
// loads it back as its snapshot.
func TestSavesTheMessageAsReceived(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "display.db")
	c := mustOpen(t, path)
	s := snapshot("r1")
	msg, err := feed.EncodeMessage(feed.Message{Type: feed.TypeSnapshot, Snapshot: &s})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Save("r1", msg, time.Now()); err != nil {
		t.Fatal(err)
	}
	c.Close()
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bbolt.Tx) error {
		if got := tx.Bucket([]byte("snapshot")).Get([]byte("message")); !bytes.Equal(got, msg) {
			t.Errorf("stored message = %q, want the received %q", got, msg)
		}
		return nil
	})
}

// A cache written by an older build, which kept the bare snapshot JSON,
// still shows its content after the upgrade; the first save replaces it.
func TestLoadsOlderCache(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "display.db")
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	old, _ := json.Marshal(snapshot("r0"))
	err = db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucket([]byte("snapshot"))
		if err != nil {
			return err
		}
		b.Put([]byte("json"), old)
		b.Put([]byte("revision"), []byte("r0"))
		return b.Put([]byte("received_at"), []byte("2025-11-24T14:06:00Z"))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	c := mustOpen(t, path)
	s, received, err := c.Load()
	if err != nil || s.Revision != "r0" || s.Comments[0].Text != "Grüße aus Köln – 12,50 €" || received.IsZero() {
		t.Fatalf("Load() of an older cache = %+v, %v, %v; want r0 with its comment", s, received, err)
	}
	if _, err := save(t, c, snapshot("r1"), time.Now()); err != nil {
		t.Fatal(err)
	}
	if s, _, err := c.Load(); err != nil || s.Revision != "r1" {
		t.Errorf("Load() after saving r1 = %q, %v", s.Revision, err)
	}
}

func TestLogo(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "display.db")
	c := mustOpen(t, path)
	if png, ok := c.Logo("h1"); ok || png != nil {
		t.Errorf("Logo(h1) on an empty cache = %q, %v", png, ok)
	}
	if err := c.SaveLogo("h1", []byte("png one")); err != nil {
		t.Fatal(err)
	}
	if err := c.SaveLogo("h2", []byte("png two")); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c = mustOpen(t, path) // and it survives a restart
	if png, ok := c.Logo("h2"); !ok || string(png) != "png two" {
		t.Errorf("Logo(h2) = %q, %v; want png two", png, ok)
	}
	if _, ok := c.Logo("h1"); ok {
		t.Error("Logo(h1) still cached after h2 replaced it")
	}
	if _, ok := c.Logo(""); ok {
		t.Error(`Logo("") found a logo`)
	}
}
