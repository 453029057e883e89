package hub_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/hub"
)

func startHub(tb testing.TB) (*hub.Hub, string) {
	tb.Helper()
	h := hub.New(slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.Run(ctx); close(done) }()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeWS(w, r, r.URL.Query().Get("channel"))
	}))
	tb.Cleanup(func() { cancel(); <-done; srv.Close() })
	return h, "ws" + strings.TrimPrefix(srv.URL, "http")
}

func dial(tb testing.TB, url, channel string) *websocket.Conn {
	tb.Helper()
	c, _, err := websocket.DefaultDialer.Dial(url+"?channel="+channel, nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

func snapshotMsg(title string) feed.Message {
	return feed.Message{Type: feed.TypeSnapshot, Snapshot: &feed.Snapshot{Channel: "c", Title: title}}
}

func readTitle(tb testing.TB, c *websocket.Conn) string {
	tb.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, data, err := c.ReadMessage()
	if err != nil {
		tb.Fatalf("read: %v", err)
	}
	m, err := feed.DecodeMessage(data)
	if err != nil {
		tb.Fatal(err)
	}
	return m.Snapshot.Title
}

// waitConnected polls until n screens are registered.
func waitConnected(tb testing.TB, h *hub.Hub, n int) {
	tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for h.Connected() != n {
		if time.Now().After(deadline) {
			tb.Fatalf("Connected() = %d, want %d", h.Connected(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestLatestOnConnectAndChannelsApart(t *testing.T) {
	h, url := startHub(t)
	if err := h.Publish("a", snapshotMsg("first")); err != nil {
		t.Fatal(err)
	}
	a := dial(t, url, "a")
	if got := readTitle(t, a); got != "first" {
		t.Errorf("on connect got %q, want the latest message %q", got, "first")
	}
	b := dial(t, url, "b")
	waitConnected(t, h, 2)
	h.Publish("b", snapshotMsg("for b"))
	h.Publish("a", snapshotMsg("second"))
	if got := readTitle(t, a); got != "second" {
		t.Errorf("channel a got %q, want %q", got, "second")
	}
	if got := readTitle(t, b); got != "for b" {
		t.Errorf("channel b got %q, want %q", got, "for b")
	}
}

func TestSlowScreenDropped(t *testing.T) {
	h, url := startHub(t)
	fast := dial(t, url, "c")
	slow := dial(t, url, "c") // never reads
	_ = slow
	waitConnected(t, h, 2)
	// Large messages, sent as fast as the reading screen takes them, fill
	// the socket buffers of the screen that does not read, then its queue:
	// the hub must drop it and keep serving the other.
	big := strings.Repeat("x", 256<<10)
	for i := 0; i < 100 && h.Connected() == 2; i++ {
		if err := h.Publish("c", snapshotMsg(big)); err != nil {
			t.Fatal(err)
		}
		if got := readTitle(t, fast); len(got) != len(big) {
			t.Fatalf("message %d: fast screen got %d bytes, want %d", i, len(got), len(big))
		}
	}
	waitConnected(t, h, 1)
}
