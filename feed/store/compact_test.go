package store_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/store"
)

// TestCompact fills a store, lets retention delete most of it, and
// compacts it: the file shrinks and every remaining answer is still there.
func TestCompact(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var items []feed.Feedback
	for i := range 20000 {
		items = append(items, answer(fmt.Sprintf("a%05d", i), time.Duration(i)*time.Minute))
	}
	if _, err := s.AddFeedback(items); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteBefore(t0.Add(-1000 * time.Minute)); err != nil {
		t.Fatal(err)
	}
	want, err := s.CountFeedback()
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.Compact(path); !errors.Is(err, store.ErrInUse) {
		t.Errorf("Compact of an open store = %v, want ErrInUse", err)
	}
	s.Close()

	before, after, err := store.Compact(path)
	if err != nil {
		t.Fatal(err)
	}
	if after >= before {
		t.Errorf("Compact: %d bytes before, %d after; want smaller", before, after)
	}
	s = MustOpen(t, path)
	if got, err := s.CountFeedback(); err != nil || got != want {
		t.Errorf("CountFeedback after Compact = %d, %v; want %d", got, err, want)
	}
	for i := range 1000 {
		id := fmt.Sprintf("a%05d", i)
		if _, ok, err := s.Lookup("survey", id); err != nil || !ok {
			t.Errorf("Lookup(survey, %s) after Compact = %v, %v; want found", id, ok, err)
		}
	}
}
