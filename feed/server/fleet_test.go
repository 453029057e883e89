package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/hub"
	"github.com/cxtv/cxtv/feed/server"
)

const fleetYAML = `
listen: "127.0.0.1:0"
data: "unused"
admin_token: "admin-secret"
sources:
  - {name: survey, token: "survey-token", scale: nps}
channels:
  - {name: canteen, language: de, display_token: "canteen-token", sources: [survey]}
  - {name: lobby, language: en, display_token: "lobby-token", sources: [survey]}
`

// The real hub reaches single screens, so the fleet view sees connections
// and can ask for screenshots without more wiring.
var _ server.DeviceHub = (*hub.Hub)(nil)

// t0 is the fake clock's start: a Monday morning.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// clock is a settable time for the fleet and the server.
type clock struct {
	mu sync.Mutex // guards t
	t  time.Time
}

func newClock() *clock { return &clock{t: t0} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// deviceHub is a server.DeviceHub whose connected devices the test sets.
type deviceHub struct {
	mu   sync.Mutex // guards conn and sent
	conn map[string]int
	sent []string
}

func (h *deviceHub) ServeWS(w http.ResponseWriter, r *http.Request, _ string) { http.NotFound(w, r) }
func (h *deviceHub) Connected() int                                           { return 0 }

func (h *deviceHub) Send(device string, m feed.Message) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sent = append(h.sent, device+" "+m.Type)
	return h.conn[device], nil
}

func (h *deviceHub) Devices() map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return maps.Clone(h.conn)
}

func (h *deviceHub) connect(device string, n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.conn == nil {
		h.conn = map[string]int{}
	}
	if n == 0 {
		delete(h.conn, device)
		return
	}
	h.conn[device] = n
}

// fleetEnv is a server with a fake clock and hub; heartbeats go straight
// to its fleet.
type fleetEnv struct {
	url   string
	clock *clock
	hub   *deviceHub
	fleet *server.Fleet
}

func parseFleetConfig(tb testing.TB) *config.Feed {
	tb.Helper()
	cfg, err := config.ParseFeed(strings.NewReader(fleetYAML), "test.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

func newFleetEnv(tb testing.TB, offlineAfter time.Duration) *fleetEnv {
	tb.Helper()
	c := newClock()
	fleet := server.NewFleet(c.Now)
	h := &deviceHub{}
	srv := server.New(server.Deps{Config: parseFleetConfig(tb), Hub: h, Fleet: fleet, Now: c.Now, OfflineAfter: offlineAfter,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ts := httptest.NewServer(srv)
	tb.Cleanup(ts.Close)
	return &fleetEnv{url: ts.URL, clock: c, hub: h, fleet: fleet}
}

// beat reports a heartbeat of a connected device.
func (e *fleetEnv) beat(channel, device string) {
	e.hub.connect(device, 1)
	e.fleet.Heartbeat(channel, "192.0.2.7:50000", feed.Heartbeat{Device: device, Version: "1.2.3", Slide: "nps", Revision: "r1", Online: true})
}

// do sends a request with the given token and headers and returns the
// response with its body read.
func do(tb testing.TB, method, url, token string, body io.Reader, header ...string) (*http.Response, []byte) {
	tb.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		tb.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp, b
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

type displaysAnswer struct {
	Displays            []server.DisplayStatus `json:"displays"`
	OfflineAfterSeconds int                    `json:"offline_after_seconds"`
}

func (e *fleetEnv) displays(tb testing.TB) displaysAnswer {
	tb.Helper()
	resp, body := do(tb, http.MethodGet, e.url+"/api/v1/displays", "admin-secret", nil)
	var out displaysAnswer
	if err := json.Unmarshal(body, &out); err != nil || resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET /api/v1/displays = %d %s (%v), want 200 with JSON", resp.StatusCode, body, err)
	}
	return out
}

func states(ds []server.DisplayStatus) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, d.Device+":"+d.State)
	}
	return strings.Join(parts, " ")
}

func TestOfflineAfterConfiguredTime(t *testing.T) {
	e := newFleetEnv(t, 90*time.Second)
	e.beat("canteen", "kantine-1")
	e.beat("lobby", "empfang")
	if got := e.displays(t); states(got.Displays) != "empfang:online kantine-1:online" || got.OfflineAfterSeconds != 90 {
		t.Fatalf("fresh fleet = %q, offline after %d s; want both online, 90 s", states(got.Displays), got.OfflineAfterSeconds)
	}
	e.clock.Advance(60 * time.Second)
	e.beat("canteen", "kantine-1")
	e.clock.Advance(31 * time.Second) // empfang silent for 91 s, kantine-1 for 31 s
	got := e.displays(t)
	if states(got.Displays) != "empfang:offline kantine-1:online" {
		t.Errorf("after 91 s of silence fleet = %q, want empfang offline (and listed first)", states(got.Displays))
	}
	if d := got.Displays[0]; !d.LastSeen.Equal(t0) || d.Channel != "lobby" || d.Status.Version != "1.2.3" {
		t.Errorf("empfang = %+v, want last seen %v on lobby, version 1.2.3", d, t0)
	}
	// A heartbeat brings it back.
	e.beat("lobby", "empfang")
	if got := e.displays(t); states(got.Displays) != "empfang:online kantine-1:online" {
		t.Errorf("after a new heartbeat fleet = %q, want both online", states(got.Displays))
	}
}

func TestDisconnectedIsOfflineAtOnce(t *testing.T) {
	e := newFleetEnv(t, 0)
	e.beat("canteen", "kantine-1")
	e.beat("canteen", "kantine-2")
	e.hub.connect("kantine-2", 0)
	got := e.displays(t)
	if states(got.Displays) != "kantine-2:offline kantine-1:online" {
		t.Errorf("after kantine-2 disconnected fleet = %q, want it offline at once", states(got.Displays))
	}
	if got.OfflineAfterSeconds != int(server.DefaultOfflineAfter/time.Second) {
		t.Errorf("offline_after_seconds = %d, want the default %v", got.OfflineAfterSeconds, server.DefaultOfflineAfter)
	}
	// With a hub that cannot tell connections, time alone decides.
	f := server.NewFleet(e.clock.Now)
	f.Heartbeat("canteen", "r", feed.Heartbeat{Device: "x"})
	if l := f.List(time.Minute, nil); len(l) != 1 || !l[0].Online {
		t.Errorf("List without connections = %+v, want x online", l)
	}
}

func TestUptimeAndCacheAge(t *testing.T) {
	c := newClock()
	f := server.NewFleet(c.Now)
	f.Heartbeat("canteen", "192.0.2.1:1", feed.Heartbeat{Device: "own-clock", StartedAt: t0.Add(-2 * time.Hour), CachedAt: t0.Add(-5 * time.Minute)})
	f.Heartbeat("canteen", "192.0.2.2:1", feed.Heartbeat{Device: "old-display"})
	f.Heartbeat("canteen", "192.0.2.3:1", feed.Heartbeat{Device: "future-clock", StartedAt: t0.Add(time.Hour)})
	c.Advance(10 * time.Minute)
	f.Heartbeat("canteen", "192.0.2.2:1", feed.Heartbeat{Device: "old-display"})
	want := map[string]struct {
		uptime   int64
		cacheAge int64 // -1: absent
	}{
		"own-clock":    {2*3600 + 600, 15 * 60},
		"old-display":  {600, -1}, // no started_at: since its connection's first heartbeat
		"future-clock": {600, -1}, // a start in the future: ignored
	}
	for _, d := range f.List(time.Hour, nil) {
		w := want[d.Device]
		if d.UptimeSeconds == nil || *d.UptimeSeconds != w.uptime {
			t.Errorf("%s: uptime = %v, want %d s", d.Device, d.UptimeSeconds, w.uptime)
		}
		if got := d.CacheAgeSeconds; (got == nil) != (w.cacheAge < 0) || got != nil && *got != w.cacheAge {
			t.Errorf("%s: cache age = %v, want %d s", d.Device, got, w.cacheAge)
		}
	}
	// An offline screen's uptime stops at its last heartbeat.
	for _, d := range f.List(5*time.Minute, nil) {
		if d.Device == "own-clock" && (d.Online || *d.UptimeSeconds != 2*3600) {
			t.Errorf("own-clock silent for 10 min: online %v, uptime %d s; want offline, 7200 s", d.Online, *d.UptimeSeconds)
		}
	}
	// A new connection starts a new session.
	f.Heartbeat("canteen", "192.0.2.2:2", feed.Heartbeat{Device: "old-display"})
	for _, d := range f.List(time.Hour, nil) {
		if d.Device == "old-display" && (*d.UptimeSeconds != 0 || !d.ConnectedSince.Equal(c.Now())) {
			t.Errorf("after reconnecting: uptime %d s, connected since %v; want 0 and now", *d.UptimeSeconds, d.ConnectedSince)
		}
	}
}

func TestFleetBounds(t *testing.T) {
	c := newClock()
	f := server.NewFleet(c.Now)
	for _, name := range []string{"", ".", "..", "bad\x00name", "bad\nname", strings.Repeat("x", server.MaxDeviceName+1), "\xff"} {
		f.Heartbeat("canteen", "r", feed.Heartbeat{Device: name})
		if server.ValidDeviceName(name) {
			t.Errorf("ValidDeviceName(%q) = true, want false", name)
		}
	}
	if l := f.List(time.Minute, nil); len(l) != 0 {
		t.Errorf("after invalid names the fleet holds %d screens, want 0", len(l))
	}
	for _, name := range []string{"kantine-1", "Empfang Süd", "a/b", "<script>", strings.Repeat("x", server.MaxDeviceName)} {
		if !server.ValidDeviceName(name) {
			t.Errorf("ValidDeviceName(%q) = false, want true", name)
		}
	}

	for i := range server.MaxDevices {
		f.Heartbeat("canteen", "r", feed.Heartbeat{Device: fmt.Sprintf("d%04d", i)})
		c.Advance(time.Second)
	}
	f.Heartbeat("canteen", "r", feed.Heartbeat{Device: "newcomer"})
	l := f.List(time.Hour, nil)
	if len(l) != server.MaxDevices {
		t.Fatalf("fleet holds %d screens, want at most %d", len(l), server.MaxDevices)
	}
	if _, ok := f.Channel("d0000"); ok {
		t.Error("the screen seen longest ago was kept beyond MaxDevices")
	}
	if _, ok := f.Channel("newcomer"); !ok {
		t.Error("a new screen beyond MaxDevices was not taken")
	}

	c.Advance(server.ForgetAfter - time.Duration(server.MaxDevices)*time.Second + 1500*time.Millisecond)
	f.Heartbeat("canteen", "r", feed.Heartbeat{Device: "d0500"})
	l = f.List(time.Hour, nil)
	// d0001 was seen more than ForgetAfter ago; d0999 and the newcomer not.
	if _, ok := f.Channel("d0001"); ok {
		t.Errorf("a screen not seen for %v is still listed", server.ForgetAfter)
	}
	if _, ok := f.Channel("newcomer"); !ok || len(l) == 0 {
		t.Errorf("a recent screen was forgotten (fleet holds %d)", len(l))
	}
}

func TestScreenshotMemoryBound(t *testing.T) {
	c := newClock()
	f := server.NewFleet(c.Now)
	data := make([]byte, server.MaxScreenshot)
	n := server.MaxScreenshotTotal/server.MaxScreenshot + 3
	for i := range n {
		name := fmt.Sprintf("d%d", i)
		f.Heartbeat("canteen", "r", feed.Heartbeat{Device: name})
		if err := f.SetScreenshot(name, server.Screenshot{Data: data, ContentType: "image/png", At: c.Now()}); err != nil {
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
	if _, ok := f.Screenshot("d0"); ok {
		t.Error("the oldest screenshot was kept beyond MaxScreenshotTotal")
	}
	if _, ok := f.Screenshot(fmt.Sprintf("d%d", n-1)); !ok {
		t.Error("the newest screenshot was dropped")
	}
	if err := f.SetScreenshot("nobody", server.Screenshot{}); err != server.ErrUnknownDevice {
		t.Errorf("SetScreenshot(nobody) = %v, want ErrUnknownDevice", err)
	}
}

func TestFleetAuth(t *testing.T) {
	e := newFleetEnv(t, 0)
	e.beat("canteen", "kantine-1")
	routes := []struct{ method, path string }{
		{"GET", "/api/v1/displays"},
		{"GET", "/api/v1/displays/kantine-1/screenshot"},
		{"POST", "/api/v1/displays/kantine-1/screenshot-request"},
		{"GET", "/"},
	}
	for _, r := range routes {
		for _, tok := range []string{"", "wrong", "canteen-token", "survey-token"} {
			t.Run(r.method+" "+r.path+" token "+tok, func(t *testing.T) {
				resp, body := do(t, r.method, e.url+r.path, tok, nil)
				if resp.StatusCode != http.StatusUnauthorized {
					t.Errorf("%s %s with token %q = %d, want 401", r.method, r.path, tok, resp.StatusCode)
				}
				if r.path == "/" && !bytes.Contains(body, []byte(`name="token"`)) {
					t.Errorf("GET / without the admin token shows no sign-in form:\n%s", body)
				}
			})
		}
	}
	if resp, _ := do(t, "GET", e.url+"/api/v1/displays?token=admin-secret", "", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /api/v1/displays?token=admin = %d, want 200", resp.StatusCode)
	}
	e.hub.mu.Lock()
	defer e.hub.mu.Unlock()
	if e.hub.sent != nil {
		t.Errorf("refused requests reached the hub: %v", e.hub.sent)
	}
}

func TestPageSession(t *testing.T) {
	e := newFleetEnv(t, 0)
	e.beat("canteen", "kantine-1")

	// A program with the header gets the page and no cookie.
	resp, body := do(t, "GET", e.url+"/", "admin-secret", nil)
	if resp.StatusCode != 200 || len(resp.Cookies()) != 0 || !bytes.Contains(body, []byte("kantine-1")) {
		t.Errorf("GET / with Authorization = %d, cookies %v; want 200 with kantine-1 and no cookie", resp.StatusCode, resp.Cookies())
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("page has no %s header", h)
		}
	}

	// A bookmark with ?token= gets a session cookie that is not the token.
	resp, _ = do(t, "GET", e.url+"/?token=admin-secret", "", nil)
	cookies := resp.Cookies()
	if resp.StatusCode != 200 || len(cookies) != 1 {
		t.Fatalf("GET /?token= = %d with cookies %v, want 200 with one cookie", resp.StatusCode, cookies)
	}
	ck := cookies[0]
	if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.MaxAge <= 0 || ck.Path != "/" || strings.Contains(ck.Value, "admin-secret") || ck.Value == "" {
		t.Errorf("session cookie = %+v, want HttpOnly, SameSite=Strict, persistent, path /, without the token", ck)
	}
	cookie := ck.Name + "=" + ck.Value
	for _, path := range []string{"/", "/api/v1/displays"} {
		if resp, _ := do(t, "GET", e.url+path, "", nil, "Cookie", cookie); resp.StatusCode != 200 {
			t.Errorf("GET %s with the session cookie = %d, want 200", path, resp.StatusCode)
		}
	}
	if resp, _ := do(t, "GET", e.url+"/", "", nil, "Cookie", ck.Name+"=forged"); resp.StatusCode != 401 {
		t.Errorf("GET / with a forged cookie = %d, want 401", resp.StatusCode)
	}

	// The sign-in form: the token in a POST body.
	form := url.Values{"token": {"admin-secret"}}.Encode()
	resp, _ = do(t, "POST", e.url+"/", "", strings.NewReader(form), "Content-Type", "application/x-www-form-urlencoded")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" || len(resp.Cookies()) != 1 || resp.Cookies()[0].Value != ck.Value {
		t.Errorf("POST / with the token = %d to %q with cookies %v, want 303 to / with the session cookie", resp.StatusCode, resp.Header.Get("Location"), resp.Cookies())
	}
	resp, _ = do(t, "POST", e.url+"/", "", strings.NewReader("token=guess"), "Content-Type", "application/x-www-form-urlencoded")
	if resp.StatusCode != 401 || len(resp.Cookies()) != 0 {
		t.Errorf("POST / with a wrong token = %d with cookies %v, want 401 without", resp.StatusCode, resp.Cookies())
	}
	resp, _ = do(t, "POST", e.url+"/", "", strings.NewReader(form), "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST / from another site = %d, want 403", resp.StatusCode)
	}

	// Another site cannot make a signed-in browser request screenshots.
	resp, _ = do(t, "POST", e.url+"/api/v1/displays/kantine-1/screenshot-request", "", nil, "Cookie", cookie, "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site screenshot request = %d, want 403", resp.StatusCode)
	}
	resp, _ = do(t, "POST", e.url+"/api/v1/displays/kantine-1/screenshot-request", "", nil, "Cookie", cookie, "Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("same-origin screenshot request = %d, want 202", resp.StatusCode)
	}
}

func TestPageEscapes(t *testing.T) {
	e := newFleetEnv(t, 0)
	evil := `<script>alert("x")</script>`
	e.hub.connect(evil, 1)
	e.fleet.Heartbeat("canteen", `"><img src=x onerror=alert(1)>`, feed.Heartbeat{Device: evil, Version: `<b>v</b>`, Slide: `</dd><script>1</script>`, Revision: `"'&`})
	resp, body := do(t, "GET", e.url+"/", "admin-secret", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("GET / = %d", resp.StatusCode)
	}
	page := string(body)
	for _, bad := range []string{"<script>alert", "<script>1", "<img src=x", "<b>v"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q unescaped", bad)
		}
	}
	for _, want := range []string{`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`, `&lt;b&gt;v&lt;/b&gt;`, "/api/v1/displays/%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E/screenshot-request"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The JSON API escapes too, and the name round-trips.
	if got := e.displays(t); len(got.Displays) != 1 || got.Displays[0].Device != evil {
		t.Errorf("displays = %+v, want the device %q", got.Displays, evil)
	}
}

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

func TestScreenshotUpload(t *testing.T) {
	e := newFleetEnv(t, 0)
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
	if s := d.Screenshot; s == nil || s.Width != 64 || s.Height != 36 || s.Bytes != len(good) || s.URL != "/api/v1/displays/kantine-1/screenshot" || !s.At.Equal(t0) {
		t.Errorf("screenshot info = %+v, want 64×36, %d bytes, taken now", s, len(good))
	}
	if resp, _ := do(t, "GET", e.url+"/api/v1/displays/nobody/screenshot", "admin-secret", nil); resp.StatusCode != 404 {
		t.Errorf("GET screenshot of an unknown device = %d, want 404", resp.StatusCode)
	}
}

func TestFleetMetrics(t *testing.T) {
	e := newFleetEnv(t, 2*time.Minute)
	e.beat("canteen", "kantine-1")
	e.clock.Advance(3 * time.Minute)
	e.beat("lobby", "empfang")
	_, body := do(t, "GET", e.url+"/metrics", "", nil)
	seen := func(at time.Time) string { return strconv.FormatFloat(float64(at.Unix()), 'g', -1, 64) }
	for _, want := range []string{
		`cxtv_displays{state="offline"} 1`,
		`cxtv_displays{state="online"} 1`,
		`cxtv_display_online{channel="canteen",device="kantine-1"} 0`,
		`cxtv_display_online{channel="lobby",device="empfang"} 1`,
		`cxtv_display_last_seen_timestamp_seconds{channel="canteen",device="kantine-1"} ` + seen(t0),
		`cxtv_display_last_seen_timestamp_seconds{channel="lobby",device="empfang"} ` + seen(t0.Add(3*time.Minute)),
	} {
		if !strings.Contains(string(body), want+"\n") {
			t.Errorf("metrics lack the line %q", want)
		}
	}
	// Without any traffic, time alone turns the other one offline too.
	e.clock.Advance(2*time.Minute + time.Second)
	if _, body := do(t, "GET", e.url+"/metrics", "", nil); !strings.Contains(string(body), `cxtv_displays{state="offline"} 2`+"\n") {
		t.Errorf("after both fell silent metrics lack cxtv_displays{state=\"offline\"} 2")
	}
}

// TestScreenshotRequestOverWebSocket runs the real hub: the page's request
// reaches the display's WebSocket, the display uploads, and a display that
// has gone is offline at once and cannot be asked.
func TestScreenshotRequestOverWebSocket(t *testing.T) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	fleet := server.NewFleet(time.Now)
	h := hub.New(logger, fleet.Heartbeat)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	ts := httptest.NewServer(server.New(server.Deps{Config: parseFleetConfig(t), Hub: h, Fleet: fleet, Now: time.Now, Logger: logger}))
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
	if _, page := do(t, "GET", ts.URL+"/", "admin-secret", nil); !bytes.Contains(page, []byte(`<img src="/api/v1/displays/kantine%201/screenshot?at=`)) {
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

// waitState polls the fleet until its states read want.
func waitState(tb testing.TB, e *fleetEnv, want string) {
	tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := states(e.displays(tb).Displays)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("fleet = %q, want %q", got, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
