package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/cache"
	"github.com/cxtv/cxtv/feed"
)

// render --config fetches the live snapshot from the config's server with
// its token, falls back to the cache only when the server cannot be
// reached, and says which one it painted.
func TestRenderFromServer(t *testing.T) {
	t.Parallel()
	live := `{"channel":"canteen","language":"en","revision":"live-7","slides":[{"kind":"announcement"}],
"announcements":[{"title":"Live","text":"From the server."}]}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path != "/api/v1/channels/canteen/snapshot":
			http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
		case r.Header.Get("Authorization") != "Bearer tok":
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":"missing or wrong display token"}`))
		default:
			w.Write([]byte(live))
		}
	}))
	t.Cleanup(srv.Close)
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	// A server that takes the connection and never answers.
	hung := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hung:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(hung); slow.Close() })
	// Up, but without a snapshot yet.
	building := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"error":"snapshot not built yet"}`))
	}))
	t.Cleanup(building.Close)

	tests := []struct {
		name, server, channel, token string
		wantFile, wantNote           string // wantFile "": an error saying wantNote
	}{
		{"live", srv.URL, "canteen", "tok", "01-announcement-1.png", "rendered the live snapshot of channel canteen from " + srv.URL + " (revision live-7)"},
		{"unreachable", gone.URL, "canteen", "tok", "01-comment-cached-1.png", "rendered the cached snapshot of channel canteen from "},
		{"no answer", slow.URL, "canteen", "tok", "01-comment-cached-1.png", "server unreachable ("},
		{"no snapshot yet", building.URL, "canteen", "tok", "01-comment-cached-1.png", "no live snapshot (channel \"canteen\": " + building.URL + "/api/v1/channels/canteen/snapshot: 503 Service Unavailable: snapshot not built yet): rendered the cached snapshot"},
		{"wrong token", srv.URL, "canteen", "wrong", "", "refused the display token (401 Unauthorized: missing or wrong display token)"},
		{"unknown channel", srv.URL, "lobby", "tok", "", "no such channel (404 Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			cfg := filepath.Join(dir, "display.yaml")
			db := filepath.Join(dir, "display.db")
			fillCache(t, db)
			yaml := "server: \"" + tt.server + "\"\nchannel: " + tt.channel + "\ntoken: " + tt.token + "\ncache: \"" + db + "\"\n"
			if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out")
			var stdout, stderr bytes.Buffer
			args := []string{"render", "--config", cfg, "--out", out, "--size", "640x360", "--timeout", "300ms"}
			err := run(context.Background(), args, &stdout, &stderr)
			if tt.wantFile == "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantNote) {
					t.Fatalf("run(%q) = %v; want an error saying %q", args, err, tt.wantNote)
				}
				if files, _ := filepath.Glob(filepath.Join(out, "*.png")); len(files) > 0 {
					t.Errorf("render wrote %q despite the error, want nothing", files)
				}
				return
			}
			if err != nil {
				t.Fatalf("run(%q) = %v; stderr: %s", args, err, stderr.String())
			}
			if _, err := os.Stat(filepath.Join(out, tt.wantFile)); err != nil {
				t.Errorf("render wrote %q, want %s", stdout.String(), tt.wantFile)
			}
			t.Log(strings.TrimSpace(stderr.String()))
			if !strings.Contains(stderr.String(), tt.wantNote) {
				t.Errorf("stderr %q, want it to say %q", stderr.String(), tt.wantNote)
			}
		})
	}
}

// fillCache saves a snapshot of one comment in the display cache at path,
// as a running display would.
func fillCache(tb testing.TB, path string) {
	tb.Helper()
	c, err := cache.Open(path, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatal(err)
	}
	defer c.Close()
	snap := &feed.Snapshot{Channel: "canteen", Language: "en", Revision: "cached-3", Slides: []feed.Slide{{Kind: "comments"}},
		Comments: []feed.Comment{{ID: "cached-1", Text: "Kept from yesterday.", Scale: feed.ScaleNPS, Score: 9, CreatedAt: time.Now().Add(-time.Hour)}}}
	msg, err := feed.EncodeMessage(feed.Message{Type: feed.TypeSnapshot, Snapshot: snap})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := c.Save(snap.Revision, msg, time.Now()); err != nil {
		tb.Fatal(err)
	}
}
