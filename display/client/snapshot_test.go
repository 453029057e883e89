package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/client"
	"github.com/cxtv/cxtv/feed"
)

// snapshotServer answers GET /api/v1/channels/canteen/snapshot as the feed
// server does: 401 for a wrong token; other paths 404.
func snapshotServer(tb testing.TB) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/channels/canteen/snapshot" {
			http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":"missing or wrong display token"}`))
			return
		}
		json.NewEncoder(w).Encode(feed.Snapshot{Channel: "canteen", Revision: "r7"})
	}))
	tb.Cleanup(srv.Close)
	return srv
}

func TestSnapshot(t *testing.T) {
	t.Parallel()
	srv := snapshotServer(t)
	// A port nobody listens on: a server just closed.
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	tests := []struct {
		name, server, channel, token string
		wantRev                      string
		wantErr                      error // nil: any error when wantRev is empty
		wantMsg                      string
	}{
		{"live", srv.URL, "canteen", token, "r7", nil, ""},
		{"wrong token", srv.URL, "canteen", "nope", "", client.ErrRefused, "missing or wrong display token"},
		{"unknown channel", srv.URL, "lobby", token, "", client.ErrNoChannel, "404"},
		{"unreachable", gone.URL, "canteen", token, "", nil, "connect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := client.New(client.Options{Server: tt.server, Channel: tt.channel, Token: tt.token})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			s, err := c.Snapshot(ctx)
			if tt.wantRev != "" {
				if err != nil || s.Revision != tt.wantRev {
					t.Fatalf("Snapshot() = %q, %v; want revision %q", s.Revision, err, tt.wantRev)
				}
				return
			}
			if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("Snapshot() = %v; want an error (%v) saying %q", err, tt.wantErr, tt.wantMsg)
			}
			if tt.wantErr == nil && (errors.Is(err, client.ErrRefused) || errors.Is(err, client.ErrNoChannel)) {
				t.Errorf("Snapshot() = %v; an outage is neither ErrRefused nor ErrNoChannel", err)
			}
		})
	}
}

func TestSnapshotURL(t *testing.T) {
	t.Parallel()
	got, err := client.SnapshotURL("https://cx.example.com/tv/?x=1", "canteen")
	if want := "https://cx.example.com/tv/api/v1/channels/canteen/snapshot"; err != nil || got != want {
		t.Errorf("SnapshotURL = %q, %v; want %q", got, err, want)
	}
}
