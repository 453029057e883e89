package hub_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
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
		h.ServeWS(w, r, r.URL.Query().Get("channel"), maxScreens(r))
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

func snapshotMsg(title string) feed.Snapshot {
	return feed.Snapshot{Channel: "c", Title: title}
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

// startNamingHub is startHub with a heartbeat callback that reports each
// heartbeat's device on the returned channel.
func startNamingHub(tb testing.TB) (*hub.Hub, string, <-chan string) {
	tb.Helper()
	beats := make(chan string, 16)
	h := hub.New(slog.New(slog.NewTextHandler(io.Discard, nil)), func(_, _ string, hb feed.Heartbeat) { beats <- hb.Device })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.Run(ctx); close(done) }()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeWS(w, r, r.URL.Query().Get("channel"), maxScreens(r))
	}))
	tb.Cleanup(func() { cancel(); <-done; srv.Close() })
	return h, "ws" + strings.TrimPrefix(srv.URL, "http"), beats
}

// heartbeat sends a heartbeat naming device and waits until the hub has
// reported it, by which time the hub knows the connection by that name.
func heartbeat(tb testing.TB, c *websocket.Conn, beats <-chan string, device string) {
	tb.Helper()
	if err := c.WriteJSON(feed.Message{V: feed.ProtocolVersion, Type: feed.TypeHeartbeat, Heartbeat: &feed.Heartbeat{Device: device}}); err != nil {
		tb.Fatal(err)
	}
	select {
	case got := <-beats:
		if got != device {
			tb.Fatalf("heartbeat reported device %q, want %q", got, device)
		}
	case <-time.After(5 * time.Second):
		tb.Fatalf("heartbeat of %q not reported", device)
	}
}

func readType(tb testing.TB, c *websocket.Conn) string {
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
	return m.Type
}

func TestSendReachesOnlyThatDevice(t *testing.T) {
	h, url, beats := startNamingHub(t)
	a := dial(t, url, "c")
	b := dial(t, url, "c")
	heartbeat(t, a, beats, "kantine-1")
	heartbeat(t, b, beats, "kantine-2")
	if got := h.Devices(); len(got) != 2 || got[feed.Screen{Channel: "c", Device: "kantine-1"}] != 1 || got[feed.Screen{Channel: "c", Device: "kantine-2"}] != 1 {
		t.Errorf("Devices() = %v, want kantine-1 and kantine-2 once each", got)
	}
	n, err := h.Send(feed.Screen{Channel: "c", Device: "kantine-1"}, feed.Message{Type: feed.TypeScreenshotRequest})
	if n != 1 || err != nil {
		t.Fatalf("Send(kantine-1) = %d, %v; want 1, nil", n, err)
	}
	if got := readType(t, a); got != feed.TypeScreenshotRequest {
		t.Errorf("kantine-1 got a %q message, want %q", got, feed.TypeScreenshotRequest)
	}
	// kantine-2 must not have got the request: the next thing it reads is
	// a broadcast sent after it.
	h.Publish("c", snapshotMsg("after"))
	if got := readType(t, b); got != feed.TypeSnapshot {
		t.Errorf("kantine-2 got a %q message first, want the later snapshot", got)
	}
	if n, err := h.Send(feed.Screen{Channel: "c", Device: "nobody"}, feed.Message{Type: feed.TypeScreenshotRequest}); n != 0 || err != nil {
		t.Errorf("Send(nobody) = %d, %v; want 0, nil", n, err)
	}
}

// A screen of another channel that gives the same device name is another
// screen: a request for one never reaches the other.
func TestSameDeviceNameInTwoChannels(t *testing.T) {
	h, url, beats := startNamingHub(t)
	a := dial(t, url, "canteen")
	b := dial(t, url, "lobby")
	heartbeat(t, a, beats, "screen-1")
	heartbeat(t, b, beats, "screen-1")
	want := map[feed.Screen]int{{Channel: "canteen", Device: "screen-1"}: 1, {Channel: "lobby", Device: "screen-1"}: 1}
	if got := h.Devices(); !maps.Equal(got, want) {
		t.Errorf("Devices() = %v, want %v", got, want)
	}
	n, err := h.Send(feed.Screen{Channel: "lobby", Device: "screen-1"}, feed.Message{Type: feed.TypeScreenshotRequest})
	if n != 1 || err != nil {
		t.Fatalf("Send(lobby/screen-1) = %d, %v; want 1, nil", n, err)
	}
	if got := readType(t, b); got != feed.TypeScreenshotRequest {
		t.Errorf("lobby/screen-1 got a %q message, want %q", got, feed.TypeScreenshotRequest)
	}
	h.Publish("canteen", snapshotMsg("after"))
	if got := readType(t, a); got != feed.TypeSnapshot {
		t.Errorf("canteen/screen-1 got a %q message first, want the later snapshot", got)
	}
}

func TestDeviceForgottenOnDisconnectAndRename(t *testing.T) {
	h, url, beats := startNamingHub(t)
	a := dial(t, url, "c")
	heartbeat(t, a, beats, "old-name")
	heartbeat(t, a, beats, "new-name")
	if got := h.Devices(); len(got) != 1 || got[feed.Screen{Channel: "c", Device: "new-name"}] != 1 {
		t.Errorf("after a rename Devices() = %v, want only new-name", got)
	}
	// A screen that reconnects before its old connection is gone has two.
	a2 := dial(t, url, "c")
	heartbeat(t, a2, beats, "new-name")
	if got := h.Devices(); got[feed.Screen{Channel: "c", Device: "new-name"}] != 2 {
		t.Errorf("with two connections Devices() = %v, want new-name: 2", got)
	}
	a.Close()
	a2.Close()
	deadline := time.Now().Add(5 * time.Second)
	for len(h.Devices()) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("after disconnect Devices() = %v, want none", h.Devices())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n, err := h.Send(feed.Screen{Channel: "c", Device: "new-name"}, feed.Message{Type: feed.TypeScreenshotRequest}); n != 0 || err != nil {
		t.Errorf("Send to a disconnected device = %d, %v; want 0, nil", n, err)
	}
}

func TestSendAfterStop(t *testing.T) {
	h := hub.New(slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.Run(ctx); close(done) }()
	cancel()
	<-done
	if n, err := h.Send(feed.Screen{Channel: "c", Device: "x"}, feed.Message{Type: feed.TypeScreenshotRequest}); n != 0 || !errors.Is(err, hub.ErrStopped) {
		t.Errorf("Send after stop = %d, %v; want 0, ErrStopped", n, err)
	}
	if got := h.Devices(); len(got) != 0 {
		t.Errorf("Devices() after stop = %v, want none", got)
	}
}

// A screen that loses its connection and dials again gets what it missed:
// the latest message, not the whole history.
func TestReconnectGetsLatest(t *testing.T) {
	h, url := startHub(t)
	h.Publish("a", snapshotMsg("before"))
	a := dial(t, url, "a")
	if got := readTitle(t, a); got != "before" {
		t.Fatalf("on connect got %q, want %q", got, "before")
	}
	a.Close()
	waitConnected(t, h, 0)
	h.Publish("a", snapshotMsg("missed 1"))
	h.Publish("a", snapshotMsg("missed 2"))
	again := dial(t, url, "a")
	if got := readTitle(t, again); got != "missed 2" {
		t.Errorf("after reconnecting got %q, want the latest %q", got, "missed 2")
	}
	waitConnected(t, h, 1)
	h.Publish("a", snapshotMsg("live"))
	if got := readTitle(t, again); got != "live" {
		t.Errorf("then got %q, want %q", got, "live")
	}
}

func TestRemoveChannel(t *testing.T) {
	h, url := startHub(t)
	h.Publish("a", snapshotMsg("secret"))
	a, b := dial(t, url, "a"), dial(t, url, "b")
	readTitle(t, a)
	waitConnected(t, h, 2)
	h.RemoveChannel("a")
	waitConnected(t, h, 1)
	a.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := a.ReadMessage(); !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Errorf("screen of the removed channel read %v, want a close frame", err)
	}
	if _, ok := h.Snapshot("a"); ok {
		t.Error("Snapshot of a removed channel is still there")
	}
	// The old content is not handed to the next screen; b is untouched.
	again := dial(t, url, "a")
	waitConnected(t, h, 2)
	again.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if _, data, err := again.ReadMessage(); err == nil {
		t.Errorf("a new screen of the removed channel got %s, want nothing until the next publish", data)
	}
	h.Publish("b", snapshotMsg("for b"))
	if got := readTitle(t, b); got != "for b" {
		t.Errorf("channel b got %q", got)
	}
}

// CloseChannel hangs up on a channel's screens (a token change) but keeps
// its snapshot: the one the hub holds for the server and the next screens.
func TestCloseChannelKeepsSnapshot(t *testing.T) {
	h, url := startHub(t)
	if _, ok := h.Snapshot("a"); ok {
		t.Error("Snapshot before any publish = ok, want none")
	}
	h.Publish("a", snapshotMsg("kept"))
	if s, ok := h.Snapshot("a"); !ok || s.Title != "kept" {
		t.Errorf("Snapshot(a) = %+v, %v; want the published one", s, ok)
	}
	a := dial(t, url, "a")
	readTitle(t, a)
	waitConnected(t, h, 1)
	h.CloseChannel("a")
	a.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := a.ReadMessage(); !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Errorf("screen of the closed channel read %v, want a close frame", err)
	}
	if got := readTitle(t, dial(t, url, "a")); got != "kept" {
		t.Errorf("a screen that reconnects got %q, want the kept snapshot", got)
	}
	if s, ok := h.Snapshot("a"); !ok || s.Title != "kept" {
		t.Errorf("Snapshot(a) after CloseChannel = %+v, %v; want it kept", s, ok)
	}
}

// maxScreens is the bound a test asks for with ?max=; none without.
func maxScreens(r *http.Request) int {
	n, _ := strconv.Atoi(r.URL.Query().Get("max"))
	return n
}

func TestChannelBound(t *testing.T) {
	h, url := startHub(t)
	var held []*websocket.Conn
	for range 3 {
		c, _, err := websocket.DefaultDialer.Dial(url+"?max=3&channel=c", nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		held = append(held, c)
	}
	_, resp, err := websocket.DefaultDialer.Dial(url+"?max=3&channel=c", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("a 4th screen of a channel bound to 3: err %v, response %+v; want 503 with Retry-After", err, resp)
	}
	if got := h.Abuse().ChannelFull.Load(); got != 1 {
		t.Errorf("Abuse().ChannelFull = %d, want 1", got)
	}
	// Another channel is not affected, and the broadcast still reaches all.
	other, _, err := websocket.DefaultDialer.Dial(url+"?max=3&channel=d", nil)
	if err != nil {
		t.Fatalf("a screen of another channel: %v", err)
	}
	t.Cleanup(func() { other.Close() })
	h.Publish("c", snapshotMsg("c"))
	h.Publish("d", snapshotMsg("d"))
	for _, c := range append(held, other) {
		if got := readType(t, c); got != feed.TypeSnapshot {
			t.Errorf("a connected screen got %q, want the snapshot", got)
		}
	}
	// A screen that leaves makes room.
	held[0].Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, _, err := websocket.DefaultDialer.Dial(url+"?max=3&channel=c", nil)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no room after a screen left: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestOversizedMessageEndsOnlyThatConnection(t *testing.T) {
	h, url := startHub(t)
	bad := dial(t, url, "c")
	good := dial(t, url, "c")
	waitConnected(t, h, 2)
	bad.WriteMessage(websocket.TextMessage, make([]byte, 1<<20)) // the hub may hang up before the end
	waitConnected(t, h, 1)
	if got := h.Abuse().TooLarge.Load(); got != 1 {
		t.Errorf("Abuse().TooLarge = %d, want 1", got)
	}
	h.Publish("c", snapshotMsg("after"))
	if got := readType(t, good); got != feed.TypeSnapshot {
		t.Errorf("the other screen got %q, want the snapshot", got)
	}
}

func TestFloodIsDroppedThenCut(t *testing.T) {
	var beats atomic.Int64
	h := hub.New(slog.New(slog.NewTextHandler(io.Discard, nil)), func(string, string, feed.Heartbeat) { beats.Add(1) })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.Run(ctx); close(done) }()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeWS(w, r, "c", 0) }))
	t.Cleanup(func() { cancel(); <-done; srv.Close() })
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	flood := dial(t, url, "c")
	calm := dial(t, url, "c")
	waitConnected(t, h, 2)

	beat, _ := feed.EncodeMessage(feed.Message{V: feed.ProtocolVersion, Type: feed.TypeHeartbeat, Heartbeat: &feed.Heartbeat{Device: "flood"}})
	start := time.Now()
	for range 1000 {
		if err := flood.WriteMessage(websocket.TextMessage, beat); err != nil {
			break // cut off
		}
	}
	waitConnected(t, h, 1)
	// At most the burst and the rate over the time taken got through.
	if got, most := beats.Load(), int64(20+2*time.Since(start).Seconds()+1); got > most {
		t.Errorf("%d heartbeats reached the fleet, want at most %d", got, most)
	}
	if h.Abuse().Rate.Load() < 100 || h.Abuse().Flood.Load() != 1 {
		t.Errorf("Abuse() rate %d, flood %d; want ≥ 100 and 1", h.Abuse().Rate.Load(), h.Abuse().Flood.Load())
	}
	h.Publish("c", snapshotMsg("after"))
	if got := readType(t, calm); got != feed.TypeSnapshot {
		t.Errorf("the calm screen got %q, want the snapshot", got)
	}
}
