package client_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cxtv/cxtv/display/client"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/feedtest"
)

// fakeScreen is a Grabber that hands out a fixed picture.
type fakeScreen struct {
	data  []byte
	err   error
	grabs atomic.Int32
}

func (f *fakeScreen) Grab(ctx context.Context) ([]byte, string, error) {
	f.grabs.Add(1)
	return f.data, "image/jpeg", f.err
}

// jpegBytes looks like a JPEG to http.DetectContentType, as the server
// checks.
var jpegBytes = append([]byte{0xff, 0xd8, 0xff, 0xe0}, bytes.Repeat([]byte("x"), 1000)...)

// upload is what the fleet server received.
type upload struct {
	path, auth, contentType string
	body                    []byte
	afterHeartbeat          bool
}

// fleetServer stands in for the feed server: the channel's WebSocket
// (onConn talks to it after the first heartbeat) and the screenshot
// upload, answered with status.
type fleetServer struct {
	*httptest.Server
	uploads    chan upload
	heartbeats chan feed.Heartbeat
	status     atomic.Int32
	inFlight   atomic.Int32
	maxFlight  atomic.Int32
	hold       chan struct{} // when set, uploads wait for it
	beat       atomic.Bool
}

func newFleetServer(tb testing.TB, onConn func(conn *websocket.Conn)) *fleetServer {
	tb.Helper()
	fs := &fleetServer{uploads: make(chan upload, 16), heartbeats: make(chan feed.Heartbeat, 16)}
	fs.status.Store(http.StatusNoContent)
	mux := http.NewServeMux()
	up := websocket.Upgrader{}
	mux.HandleFunc("GET /api/v1/channels/canteen/ws", func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		first := true
		for {
			var m feed.Message
			if err := conn.ReadJSON(&m); err != nil {
				return
			}
			if m.Type != feed.TypeHeartbeat || m.Heartbeat == nil {
				continue
			}
			fs.beat.Store(true)
			fs.heartbeats <- *m.Heartbeat
			if first && onConn != nil {
				first = false
				go onConn(conn) // the one writer of this connection
			}
		}
	})
	mux.HandleFunc("POST /api/v1/channels/canteen/displays/{device}/screenshot", func(w http.ResponseWriter, r *http.Request) {
		n := fs.inFlight.Add(1)
		defer fs.inFlight.Add(-1)
		for {
			m := fs.maxFlight.Load()
			if n <= m || fs.maxFlight.CompareAndSwap(m, n) {
				break
			}
		}
		body, _ := io.ReadAll(r.Body)
		if fs.hold != nil {
			<-fs.hold
		}
		fs.uploads <- upload{path: r.URL.EscapedPath(), auth: r.Header.Get("Authorization"),
			contentType: r.Header.Get("Content-Type"), body: body, afterHeartbeat: fs.beat.Load()}
		if s := int(fs.status.Load()); s != http.StatusNoContent {
			http.Error(w, `{"error":"missing or wrong display token"}`, s)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	fs.Server = httptest.NewServer(mux)
	tb.Cleanup(fs.Close)
	return fs
}

// startWithScreenshots runs a client with an uploader against fs.
func startWithScreenshots(tb testing.TB, fs *fleetServer, screen client.Grabber, every time.Duration, logs io.Writer, device string) {
	tb.Helper()
	if logs == nil {
		logs = io.Discard
	}
	up, err := client.NewUploader(client.UploaderOptions{
		Server: fs.URL, Channel: "canteen", Device: device, Token: token, Grabber: screen, Every: every, Timeout: 5 * time.Second,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		up.Run(ctx)
		close(done)
	}()
	tb.Cleanup(func() {
		cancel()
		<-done
	})
	start(tb, fs.URL, token, func(o *client.Options) {
		o.Device = device
		o.Screenshots = up
		o.StartedAt = time.Date(2026, 3, 29, 6, 58, 0, 0, time.UTC)
	})
}

func nextUpload(tb testing.TB, fs *fleetServer) upload {
	tb.Helper()
	select {
	case u := <-fs.uploads:
		return u
	case <-time.After(5 * time.Second):
		tb.Fatal("no upload within 5 s")
	}
	return upload{}
}

// The server's request message makes the display upload at once, with
// its token, after its heartbeat; heartbeats carry the process start.
func TestScreenshotOnRequest(t *testing.T) {
	t.Parallel()
	fs := newFleetServer(t, func(conn *websocket.Conn) {
		_ = conn.WriteJSON(feed.Message{V: 1, Type: feed.TypeScreenshotRequest})
	})
	screen := &fakeScreen{data: jpegBytes}
	startWithScreenshots(t, fs, screen, time.Hour, nil, "kantine 1/süd")

	hb := <-fs.heartbeats
	if want := time.Date(2026, 3, 29, 6, 58, 0, 0, time.UTC); !hb.StartedAt.Equal(want) {
		t.Errorf("heartbeat started_at = %v, want %v", hb.StartedAt, want)
	}
	u := nextUpload(t, fs)
	if want := "/api/v1/channels/canteen/displays/kantine%201%2Fs%C3%BCd/screenshot"; u.path != want {
		t.Errorf("upload to %s, want %s", u.path, want)
	}
	if u.auth != "Bearer "+token || u.contentType != "image/jpeg" || !bytes.Equal(u.body, jpegBytes) {
		t.Errorf("upload: Authorization %q, Content-Type %q, %d bytes; want the display token, image/jpeg, %d bytes",
			u.auth, u.contentType, len(u.body), len(jpegBytes))
	}
	if !u.afterHeartbeat {
		t.Error("upload before the first heartbeat; the server would not know the device")
	}
	select {
	case u := <-fs.uploads:
		t.Errorf("a second upload (%d bytes) for one request", len(u.body))
	default:
	}
}

// Unasked uploads come every Every, one at a time; failures are logged
// once, and so is the recovery.
func TestScreenshotEveryAndErrors(t *testing.T) {
	t.Parallel()
	fs := newFleetServer(t, func(conn *websocket.Conn) {
		// Asks while an upload is held: they make one more, not many.
		for range 5 {
			_ = conn.WriteJSON(feed.Message{V: 1, Type: feed.TypeScreenshotRequest})
		}
	})
	fs.hold = make(chan struct{})
	t.Cleanup(func() { close(fs.hold) }) // before the server waits for its handlers
	fs.status.Store(http.StatusUnauthorized)
	logs := feedtest.NewLogs(t)
	screen := &fakeScreen{data: jpegBytes}
	startWithScreenshots(t, fs, screen, 20*time.Millisecond, logs, "pi-kantine")

	for range 3 {
		fs.hold <- struct{}{}
		nextUpload(t, fs)
	}
	fs.status.Store(http.StatusNoContent)
	for range 2 {
		fs.hold <- struct{}{}
		nextUpload(t, fs)
	}
	if m := fs.maxFlight.Load(); m != 1 {
		t.Errorf("%d uploads in flight at once, want 1", m)
	}
	// Wait for the log line of the last upload.
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logs.String(), "works again"); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no recovery logged; log:\n%s", logs.String())
		}
	}
	out := logs.String()
	if n := strings.Count(out, "level=WARN"); n != 1 || !strings.Contains(out, "401 Unauthorized") {
		t.Errorf("log has %d warnings, want 1 naming the 401:\n%s", n, out)
	}
}

func TestScreenshotNotTaken(t *testing.T) {
	t.Parallel()
	fs := newFleetServer(t, func(conn *websocket.Conn) {
		_ = conn.WriteJSON(feed.Message{V: 1, Type: feed.TypeScreenshotRequest})
	})
	logs := feedtest.NewLogs(t)
	tooBig := &fakeScreen{data: make([]byte, client.MaxScreenshot+1)}
	startWithScreenshots(t, fs, tooBig, time.Hour, logs, "pi-kantine")
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logs.String(), "screenshot upload failed"); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no failure logged; log:\n%s", logs.String())
		}
	}
	if !strings.Contains(logs.String(), "the server takes 524288") {
		t.Errorf("log does not say why:\n%s", logs.String())
	}
	select {
	case u := <-fs.uploads:
		t.Errorf("uploaded %d bytes, over the limit", len(u.body))
	default:
	}
	broken := &fakeScreen{err: errors.New("no frame drawn")}
	fs2 := newFleetServer(t, func(conn *websocket.Conn) {
		_ = conn.WriteJSON(feed.Message{V: 1, Type: feed.TypeScreenshotRequest})
	})
	startWithScreenshots(t, fs2, broken, time.Hour, nil, "pi-kantine")
	for deadline := time.Now().Add(5 * time.Second); broken.grabs.Load() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the request did not ask the screen")
		}
	}
}

func TestScreenshotURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ server, channel, device, want string }{
		{"http://feed:8080", "canteen", "pi-1", "http://feed:8080/api/v1/channels/canteen/displays/pi-1/screenshot"},
		{"https://cx.example.com/tv/?x=1", "lobby", "Kantine Süd", "https://cx.example.com/tv/api/v1/channels/lobby/displays/Kantine%20S%C3%BCd/screenshot"},
	}
	for _, tt := range tests {
		if got, err := client.ScreenshotURL(tt.server, tt.channel, tt.device); err != nil || got != tt.want {
			t.Errorf("ScreenshotURL(%q, %q, %q) = %q, %v; want %q", tt.server, tt.channel, tt.device, got, err, tt.want)
		}
	}
	for _, bad := range [][3]string{{"ftp://x", "c", "a"}, {"http://x", "c", ""}, {"http://x", "", "a"}} {
		if _, err := client.ScreenshotURL(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("ScreenshotURL(%q, %q, %q) = nil error", bad[0], bad[1], bad[2])
		}
	}
}
