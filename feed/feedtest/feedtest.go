// Package feedtest holds what the tests of the feed packages share: a store
// in a temporary folder, a log buffer, goroutines that stop with the test,
// and a channel to build snapshots of.
package feedtest

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
	"github.com/cxtv/cxtv/feed/store"
)

// MustOpenStore opens a store in a temporary folder; it is closed when the
// test ends.
func MustOpenStore(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Open(filepath.Join(tb.TempDir(), "feed.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// Logs collects a test's log lines, written from any goroutine; a test that
// fails shows them.
type Logs struct {
	Logger *slog.Logger // at debug level, into the buffer

	mu sync.Mutex // guards b
	b  bytes.Buffer
}

// NewLogs returns an empty log buffer and its logger.
func NewLogs(tb testing.TB) *Logs {
	l := &Logs{}
	l.Logger = slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tb.Cleanup(func() {
		if tb.Failed() {
			tb.Logf("log:\n%s", l)
		}
	})
	return l
}

func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Count returns how many lines hold every one of parts.
func (l *Logs) Count(parts ...string) int {
	n := 0
	for line := range strings.SplitSeq(l.String(), "\n") {
		all := line != ""
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			n++
		}
	}
	return n
}

// Go runs fn until the test ends, when its context is cancelled and Go
// waits for it to return; stop does the same earlier.
func Go(tb testing.TB, fn func(ctx context.Context)) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); fn(ctx) }()
	stop = func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			tb.Error("a goroutine did not return within 10 s of its context ending")
		}
	}
	tb.Cleanup(stop)
	return stop
}

// Channel returns a channel of sources with the numbers a config file that
// sets none gets: the shape of most channels in tests.
func Channel(name string, sources ...string) curate.Channel {
	return curate.Channel{
		Name: name, Language: "de", Sources: sources,
		Slides:      []feed.Slide{{Kind: "comments", Seconds: 10}},
		MaxComments: 20, PeriodDays: 30, MinAnswers: 30, TrendWeeks: 12,
		Selection: curate.Selection{Promoters: 1, Passives: 1, Detractors: 1},
	}
}

// MustRules compiles m.
func MustRules(tb testing.TB, m curate.Moderation) *curate.Rules {
	tb.Helper()
	r, err := curate.NewRules(m)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}
