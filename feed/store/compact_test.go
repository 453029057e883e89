package store_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
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
	if err := s.AddKPIs([]feed.KPI{{Name: "wartezeit", Value: 4.5, At: t0}, {Name: "wartezeit", Value: 3, At: t0.Add(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	want, err := s.CountFeedback()
	if err != nil {
		t.Fatal(err)
	}
	wantAll, wantKPIs := contents(t, s), kpis(t, s)
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
	if !reflect.DeepEqual(contents(t, s), wantAll) || !reflect.DeepEqual(kpis(t, s), wantKPIs) {
		t.Error("after Compact the store reads other answers or KPIs than before")
	}
	// The copy takes new answers as the original did.
	if got, err := s.AddFeedback([]feed.Feedback{answer("neu", 0), answer("a00001", time.Minute)}); err != nil || got.New != 1 || got.Duplicates != 1 {
		t.Errorf("AddFeedback after Compact = %+v, %v; want 1 new, 1 duplicate", got, err)
	}
}

func kpis(tb testing.TB, s *store.Store) []feed.KPI {
	tb.Helper()
	k, err := s.KPIs()
	if err != nil {
		tb.Fatal(err)
	}
	return k
}
