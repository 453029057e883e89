package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cxtv/cxtv/display/client"
	"github.com/cxtv/cxtv/feed"
)

const token = "tok-canteen"

// server is a stand-in for the feed server's channel WebSocket: it checks
// the token, then lets serve talk to the connection.
func server(tb testing.TB, serve func(n int, conn *websocket.Conn)) (*httptest.Server, *atomic.Int32) {
	tb.Helper()
	var attempts atomic.Int32
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(attempts.Add(1))
		if r.URL.Path != "/api/v1/channels/canteen/ws" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+token {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		serve(n, conn)
	}))
	tb.Cleanup(srv.Close)
	return srv, &attempts
}

func sendSnapshot(tb testing.TB, conn *websocket.Conn, rev string) {
	tb.Helper()
	err := conn.WriteJSON(feed.Message{V: 1, Type: feed.TypeSnapshot, Snapshot: &feed.Snapshot{Channel: "canteen", Revision: rev}})
	if err != nil {
		tb.Errorf("send snapshot %s: %v", rev, err)
	}
}

// start runs a client against srv until the test ends.
func start(tb testing.TB, url, tok string, tweak func(*client.Options)) *client.Client {
	tb.Helper()
	opts := client.Options{
		Server: url, Channel: "canteen", Token: tok, Device: "pi-kantine", Version: "test",
		MinBackoff: 10 * time.Millisecond, MaxBackoff: 40 * time.Millisecond, Spread: 40 * time.Millisecond,
	}
	if tweak != nil {
		tweak(&opts)
	}
	c, err := client.New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	tb.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				tb.Errorf("Run() = %v, want nil after cancel", err)
			}
		case <-time.After(5 * time.Second):
			tb.Error("Run did not return within 5 s of cancel")
		}
	})
	return c
}

func nextSnapshot(tb testing.TB, c *client.Client) feed.Snapshot {
	tb.Helper()
	select {
	case r := <-c.Snapshots():
		if m, err := feed.DecodeMessage(r.Message); err != nil || m.Snapshot.Revision != r.Snapshot.Revision {
			tb.Errorf("received message %q does not hold the snapshot delivered with it (%v)", r.Message, err)
		}
		return r.Snapshot
	case <-time.After(5 * time.Second):
		tb.Fatal("no snapshot within 5 s")
	}
	return feed.Snapshot{}
}

func TestDeliversSnapshotAndHeartbeat(t *testing.T) {
	t.Parallel()
	beats := make(chan feed.Heartbeat, 4)
	srv, _ := server(t, func(_ int, conn *websocket.Conn) {
		sendSnapshot(t, conn, "r1")
		for {
			var m feed.Message
			if err := conn.ReadJSON(&m); err != nil {
				return
			}
			if m.Type == feed.TypeHeartbeat && m.Heartbeat != nil {
				beats <- *m.Heartbeat
			}
		}
	})
	c := start(t, srv.URL, token, nil)
	c.SetStatus(client.Status{Slide: "comments", Revision: "r0"})
	if s := nextSnapshot(t, c); s.Revision != "r1" {
		t.Errorf("snapshot revision %q, want r1", s.Revision)
	}
	select {
	case hb := <-beats:
		if hb.Device != "pi-kantine" || hb.Version != "test" || !hb.Online {
			t.Errorf("heartbeat %+v, want device pi-kantine, version test, online", hb)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no heartbeat within 5 s")
	}
	select {
	case st := <-c.States():
		if !st.Online {
			t.Errorf("state %+v, want online", st)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no state within 5 s")
	}
}

func TestReconnectsAfterServerCloses(t *testing.T) {
	t.Parallel()
	srv, attempts := server(t, func(n int, conn *websocket.Conn) {
		sendSnapshot(t, conn, map[bool]string{true: "first", false: "second"}[n == 1])
		if n == 1 {
			return // closes the connection
		}
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	})
	c := start(t, srv.URL, token, nil)
	seen := map[string]bool{}
	for !seen["second"] {
		seen[nextSnapshot(t, c).Revision] = true
	}
	if n := attempts.Load(); n < 2 {
		t.Errorf("%d connection attempts, want a reconnect", n)
	}
}

func TestBadTokenBacksOff(t *testing.T) {
	t.Parallel()
	srv, attempts := server(t, func(int, *websocket.Conn) {})
	c := start(t, srv.URL, "wrong", func(o *client.Options) {
		o.MinBackoff, o.MaxBackoff = 100*time.Millisecond, 400*time.Millisecond
		o.OfflineSince = time.Date(2025, 11, 24, 14, 5, 0, 0, time.UTC)
	})
	select {
	case st := <-c.States():
		if st.Online || !st.Since.Equal(time.Date(2025, 11, 24, 14, 5, 0, 0, time.UTC)) {
			t.Errorf("state %+v, want offline since the cached time", st)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no state within 5 s")
	}
	// Over 1.2 s the waits are at least 50, 100, 200, 200… ms: a handful of
	// attempts, where a tight loop would make hundreds.
	time.Sleep(1200 * time.Millisecond)
	if n := attempts.Load(); n < 2 || n > 12 {
		t.Errorf("%d attempts in 1.2 s with a bad token, want a few (backoff)", n)
	}
}

// On connecting the client reads the server's clock (the Date of its
// health check), for screens whose own clock is off; a later outage keeps
// the reading and says the server was reached.
func TestStatesCarryServerClock(t *testing.T) {
	t.Parallel()
	serverNow := time.Date(2025, 11, 24, 14, 5, 0, 0, time.UTC)
	var attempts atomic.Int32
	closeIt := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", serverNow.Format(http.TimeFormat))
	})
	mux.HandleFunc("/api/v1/channels/canteen/ws", func(w http.ResponseWriter, r *http.Request) {
		if attempts.Add(1) > 1 {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		conn, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		sendSnapshot(t, conn, "r1")
		<-closeIt
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	cached := time.Date(2025, 11, 23, 9, 0, 0, 0, time.UTC)
	c := start(t, srv.URL, token, func(o *client.Options) { o.OfflineSince = cached })

	st := nextState(t, c, true)
	if !st.Reached || !st.ServerTime.Equal(serverNow.Add(500*time.Millisecond)) || st.LocalTime.IsZero() {
		t.Errorf("online state %+v, want reached, server time %v and a local reading", st, serverNow.Add(500*time.Millisecond))
	}
	if d := time.Since(st.LocalTime); d < 0 || d > 5*time.Second {
		t.Errorf("local reading %v is not from just now", st.LocalTime)
	}
	nextSnapshot(t, c)
	lost := time.Now()
	close(closeIt)
	st = nextState(t, c, false)
	if !st.Reached || st.Since.Before(lost) || !st.ServerTime.Equal(serverNow.Add(500*time.Millisecond)) {
		t.Errorf("offline state %+v, want reached, since the connection was lost (after %v), the reading kept", st, lost)
	}
}

// Until the first connection the outage is as old as the cached content.
func TestStateBeforeFirstConnection(t *testing.T) {
	t.Parallel()
	cached := time.Date(2025, 11, 23, 9, 0, 0, 0, time.UTC)
	c := start(t, "http://127.0.0.1:1", token, func(o *client.Options) { o.OfflineSince = cached })
	st := nextState(t, c, false)
	if st.Reached || !st.Since.Equal(cached) || !st.ServerTime.IsZero() {
		t.Errorf("state %+v, want not reached, since %v, no server time", st, cached)
	}
}

// nextState returns the next state with Online == online.
func nextState(tb testing.TB, c *client.Client, online bool) client.State {
	tb.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case st := <-c.States():
			if st.Online == online {
				return st
			}
		case <-deadline:
			tb.Fatalf("no state with online=%v within 5 s", online)
		}
	}
}

func TestLatestSnapshotWins(t *testing.T) {
	t.Parallel()
	var once sync.Once
	sent := make(chan struct{})
	srv, _ := server(t, func(_ int, conn *websocket.Conn) {
		for _, rev := range []string{"r1", "r2", "r3"} {
			sendSnapshot(t, conn, rev)
		}
		once.Do(func() { close(sent) })
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	})
	c := start(t, srv.URL, token, nil)
	<-sent
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if s := nextSnapshot(t, c); s.Revision == "r3" {
			return
		}
	}
	t.Error("never saw the latest snapshot r3")
}

func TestWebSocketURL(t *testing.T) {
	tests := []struct{ server, want string }{
		{"http://127.0.0.1:8080", "ws://127.0.0.1:8080/api/v1/channels/canteen/ws"},
		{"https://cx.example.com/feed/", "wss://cx.example.com/feed/api/v1/channels/canteen/ws"},
	}
	for _, tt := range tests {
		if got, err := client.WebSocketURL(tt.server, "canteen"); got != tt.want || err != nil {
			t.Errorf("WebSocketURL(%q) = %q, %v; want %q", tt.server, got, err, tt.want)
		}
	}
	if _, err := client.WebSocketURL("ftp://x", "canteen"); err == nil {
		t.Error("WebSocketURL(ftp://x) succeeded, want an error")
	}
}
