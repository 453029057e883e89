package server_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/feedtest"
	"github.com/cxtv/cxtv/feed/hub"
	"github.com/cxtv/cxtv/feed/server"
)

// pngOf returns a w×h PNG.
func pngOf(tb testing.TB, w, h int) []byte {
	tb.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func jpegOf(tb testing.TB, w, h int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h)), nil); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestScreenshotMemoryBound(t *testing.T) {
	c := newClock()
	f := server.NewFleet(c.Now)
	data := make([]byte, server.MaxScreenshot)
	n := server.MaxScreenshotTotal/server.MaxScreenshot + 3
	for i := range n {
		name := fmt.Sprintf("d%d", i)
		f.Heartbeat("canteen", "r", feed.Heartbeat{Device: name})
		if err := f.SetScreenshot(feed.Screen{Channel: "canteen", Device: name}, server.Screenshot{Data: data, ContentType: "image/png", At: c.Now()}); err != nil {
			t.Fatal(err)
		}
		c.Advance(time.Second)
	}
	kept := 0
	for _, d := range f.List(time.Hour, nil) {
		if d.Screenshot != nil {
			kept++
		}
	}
	if kept*server.MaxScreenshot > server.MaxScreenshotTotal || kept < n-3 {
		t.Errorf("kept %d screenshots of %d bytes, want at most %d bytes in all", kept, server.MaxScreenshot, server.MaxScreenshotTotal)
	}
	if _, ok := f.Screenshot(feed.Screen{Channel: "canteen", Device: "d0"}); ok {
		t.Error("the oldest screenshot was kept beyond MaxScreenshotTotal")
	}
	if _, ok := f.Screenshot(feed.Screen{Channel: "canteen", Device: fmt.Sprintf("d%d", n-1)}); !ok {
		t.Error("the newest screenshot was dropped")
	}
	if err := f.SetScreenshot(feed.Screen{Channel: "canteen", Device: "nobody"}, server.Screenshot{}); err != server.ErrUnknownDevice {
		t.Errorf("SetScreenshot(nobody) = %v, want ErrUnknownDevice", err)
	}
}

func TestScreenshotUpload(t *testing.T) {
	e := newFleetEnv(t, 3*time.Minute)
	e.beat("canteen", "kantine-1")
	good := pngOf(t, 64, 36)
	corrupt := append(append([]byte{}, good[:20]...), bytes.Repeat([]byte{0}, 100)...) // a broken header
	tests := []struct {
		name, device, token, ctype string
		body                       []byte
		code                       int
	}{
		{"no token", "kantine-1", "", "image/png", good, 401},
		{"admin token", "kantine-1", "admin-secret", "image/png", good, 401},
		{"other channel's token", "kantine-1", "lobby-token", "image/png", good, 401},
		{"unknown device", "nobody", "canteen-token", "image/png", good, 401},
		{"text", "kantine-1", "canteen-token", "text/plain", []byte("hello"), 415},
		{"gif declared", "kantine-1", "canteen-token", "image/gif", []byte("GIF89a"), 415},
		{"jpeg body declared png", "kantine-1", "canteen-token", "image/png", jpegOf(t, 8, 8), 415},
		{"html declared png", "kantine-1", "canteen-token", "image/png", []byte("<html><script>alert(1)</script>"), 415},
		{"corrupt png", "kantine-1", "canteen-token", "image/png", corrupt, 400},
		{"too wide", "kantine-1", "canteen-token", "image/png", pngOf(t, server.MaxScreenshotSide+1, 1), 400},
		{"too large", "kantine-1", "canteen-token", "image/png", append(append([]byte{}, good...), make([]byte, server.MaxScreenshot)...), 413},
		{"jpeg", "kantine-1", "canteen-token", "image/jpeg", jpegOf(t, 32, 18), 204},
		{"png", "kantine-1", "canteen-token", "image/png", good, 204},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := do(t, "POST", e.url+"/api/v1/displays/"+tt.device+"/screenshot", tt.token, bytes.NewReader(tt.body), "Content-Type", tt.ctype)
			if resp.StatusCode != tt.code {
				t.Errorf("upload %s = %d %s, want %d", tt.name, resp.StatusCode, body, tt.code)
			}
		})
	}
	resp, body := do(t, "GET", e.url+"/api/v1/displays/kantine-1/screenshot", "admin-secret", nil)
	if resp.StatusCode != 200 || !bytes.Equal(body, good) || resp.Header.Get("Content-Type") != "image/png" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("GET screenshot = %d, %d bytes, %q, Cache-Control %q; want 200, the last upload (%d bytes), image/png, no-store",
			resp.StatusCode, len(body), resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"), len(good))
	}
	d := e.displays(t).Displays[0]
	if s := d.Screenshot; s == nil || s.Width != 64 || s.Height != 36 || s.Bytes != len(good) || s.URL != "/api/v1/channels/canteen/displays/kantine-1/screenshot" || !s.At.Equal(t0) {
		t.Errorf("screenshot info = %+v, want 64×36, %d bytes, taken now", s, len(good))
	}
	if resp, _ := do(t, "GET", e.url+"/api/v1/displays/nobody/screenshot", "admin-secret", nil); resp.StatusCode != 404 {
		t.Errorf("GET screenshot of an unknown device = %d, want 404", resp.StatusCode)
	}
}

// TestScreenshotRequestOverWebSocket runs the real hub: the page's request
// reaches the display's WebSocket, the display uploads, and a display that
// has gone is offline at once and cannot be asked.
func TestScreenshotRequestOverWebSocket(t *testing.T) {
	logger := feedtest.NewLogs(t).Logger
	fleet := server.NewFleet(time.Now)
	h := hub.New(logger, fleet.Heartbeat)
	feedtest.Go(t, h.Run)
	ts := httptest.NewServer(server.New(fleetConfig(3*time.Minute), server.Deps{Hub: h, Fleet: fleet, Now: time.Now, Logger: logger}))
	t.Cleanup(ts.Close)
	e := &fleetEnv{url: ts.URL}

	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ts.URL, "http")+"/api/v1/channels/canteen/ws",
		http.Header{"Authorization": {"Bearer canteen-token"}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	started := time.Now().Add(-time.Hour).UTC()
	err = ws.WriteJSON(feed.Message{V: feed.ProtocolVersion, Type: feed.TypeHeartbeat,
		Heartbeat: &feed.Heartbeat{Device: "kantine 1", Version: "t", Slide: "comments", StartedAt: started, Online: true}})
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, e, "kantine 1:online")
	if d := e.displays(t).Displays[0]; d.Connections != 1 || d.UptimeSeconds == nil || *d.UptimeSeconds < 3600 {
		t.Errorf("kantine 1 = %+v, want 1 connection and an hour of uptime", d)
	}

	resp, body := do(t, "POST", ts.URL+"/api/v1/displays/kantine%201/screenshot-request", "admin-secret", nil)
	if resp.StatusCode != http.StatusAccepted || !bytes.Contains(body, []byte(`"requested":1`)) {
		t.Fatalf("screenshot request = %d %s, want 202 requested 1", resp.StatusCode, body)
	}
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, data, err := ws.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	if m, err := feed.DecodeMessage(data); err != nil || m.Type != feed.TypeScreenshotRequest {
		t.Fatalf("display got %s (%v), want a %q message", data, err, feed.TypeScreenshotRequest)
	}
	// The display answers with its picture.
	resp, body = do(t, "POST", ts.URL+"/api/v1/displays/kantine%201/screenshot", "canteen-token", bytes.NewReader(pngOf(t, 32, 18)), "Content-Type", "image/png")
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("upload = %d %s, want 204", resp.StatusCode, body)
	}
	if _, page := do(t, "GET", ts.URL+"/", "admin-secret", nil); !bytes.Contains(page, []byte(`<img src="/api/v1/channels/canteen/displays/kantine%201/screenshot?at=`)) {
		t.Errorf("page does not show the screenshot:\n%s", page)
	}

	if resp, _ := do(t, "POST", ts.URL+"/api/v1/displays/nobody/screenshot-request", "admin-secret", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("request for an unknown device = %d, want 404", resp.StatusCode)
	}
	ws.Close()
	waitState(t, e, "kantine 1:offline")
	if resp, _ := do(t, "POST", ts.URL+"/api/v1/displays/kantine%201/screenshot-request", "admin-secret", nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("request for a disconnected device = %d, want 409", resp.StatusCode)
	}
}

// A display token holder of one channel cannot speak for a screen of
// another: giving the same device name makes a second screen, and its
// uploads never land on the first one.
func TestDeviceNameOfAnotherChannel(t *testing.T) {
	e := newFleetEnv(t, 3*time.Minute)
	e.beat("canteen", "kantine-1")
	own := pngOf(t, 64, 36)
	if resp, body := do(t, "POST", e.url+"/api/v1/channels/canteen/displays/kantine-1/screenshot", "canteen-token", bytes.NewReader(own), "Content-Type", "image/png"); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("canteen's own upload = %d %s, want 204", resp.StatusCode, body)
	}

	// A lobby screen claims the name.
	e.hub.connect("lobby", "kantine-1", 1)
	e.fleet.Heartbeat("lobby", "198.51.100.9:4000", feed.Heartbeat{Device: "kantine-1", Version: "evil", Slide: "announcement"})
	ds := e.displays(t).Displays
	if len(ds) != 2 {
		t.Fatalf("fleet lists %d screens, want canteen's and lobby's kantine-1", len(ds))
	}
	for _, d := range ds {
		if d.Channel == "canteen" && (d.Status.Version != "1.2.3" || d.Remote != "192.0.2.7:50000" || d.Screenshot == nil) {
			t.Errorf("canteen's kantine-1 was overwritten by the lobby's heartbeat: %+v", d)
		}
	}

	forged := pngOf(t, 32, 18)
	for _, tt := range []struct {
		path string
		code int
	}{
		{"/api/v1/channels/canteen/displays/kantine-1/screenshot", http.StatusUnauthorized},
		{"/api/v1/channels/lobby/displays/kantine-1/screenshot", http.StatusNoContent},
		{"/api/v1/displays/kantine-1/screenshot", http.StatusNoContent}, // lands on the lobby's screen
	} {
		if resp, body := do(t, "POST", e.url+tt.path, "lobby-token", bytes.NewReader(forged), "Content-Type", "image/png"); resp.StatusCode != tt.code {
			t.Errorf("lobby's upload to %s = %d %s, want %d", tt.path, resp.StatusCode, body, tt.code)
		}
	}
	if resp, body := do(t, "GET", e.url+"/api/v1/channels/canteen/displays/kantine-1/screenshot", "admin-secret", nil); resp.StatusCode != 200 || !bytes.Equal(body, own) {
		t.Errorf("canteen's screenshot = %d, %d bytes; want 200 and its own upload (%d bytes)", resp.StatusCode, len(body), len(own))
	}
	if resp, body := do(t, "GET", e.url+"/api/v1/channels/lobby/displays/kantine-1/screenshot", "admin-secret", nil); resp.StatusCode != 200 || !bytes.Equal(body, forged) {
		t.Errorf("lobby's screenshot = %d, %d bytes; want 200 and the lobby's upload", resp.StatusCode, len(body))
	}
	// The path without a channel no longer says which screen it means.
	resp, body := do(t, "GET", e.url+"/api/v1/displays/kantine-1/screenshot", "admin-secret", nil)
	if resp.StatusCode != http.StatusConflict || !bytes.Contains(body, []byte("canteen, lobby")) {
		t.Errorf("GET by the shared name = %d %s, want 409 naming both channels", resp.StatusCode, body)
	}
	// A screenshot request reaches the lobby's screen only.
	e.hub.sent = nil
	if resp, body := do(t, "POST", e.url+"/api/v1/channels/lobby/displays/kantine-1/screenshot-request", "admin-secret", nil); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("request = %d %s, want 202", resp.StatusCode, body)
	}
	if want := []string{"lobby/kantine-1 screenshot"}; !slices.Equal(e.hub.sent, want) {
		t.Errorf("hub sent %v, want %v", e.hub.sent, want)
	}
}
