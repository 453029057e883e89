package web_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/web"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/server"
)

const (
	displayToken = "canteen-secret-token"
	adminToken   = "admin-secret-token"
)

// hub is a feed server hub holding one snapshot per channel.
type hub struct {
	mu    sync.Mutex
	snaps map[string]feed.Snapshot
	ws    int // WebSocket requests that reached it
}

func (h *hub) ServeWS(w http.ResponseWriter, r *http.Request, channel string, max int) {
	h.mu.Lock()
	h.ws++
	h.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (h *hub) Snapshot(channel string) (feed.Snapshot, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.snaps[channel]
	return s, ok
}

func (h *hub) Connected() int { return 0 }

func (h *hub) set(channel string, s feed.Snapshot) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.snaps[channel] = s
}

type env struct {
	url   string
	clock *clock
	srv   *server.Server
	hub   *hub
	logs  *bytes.Buffer // everything server and handler logged
	snap  feed.Snapshot
}

func newEnv(tb testing.TB, cacheBytes int64) *env {
	tb.Helper()
	b, err := os.ReadFile("testdata/snapshot.json")
	if err != nil {
		tb.Fatal(err)
	}
	var snap feed.Snapshot
	if err := json.Unmarshal(b, &snap); err != nil {
		tb.Fatal(err)
	}
	e := &env{hub: &hub{snaps: map[string]feed.Snapshot{"canteen": snap}}, logs: new(bytes.Buffer), snap: snap,
		clock: &clock{t: snap.GeneratedAt.Add(30 * time.Second)}}
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(lockedWriter{&mu, e.logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, err := web.New(web.Options{
		Snapshots: e.hub, CacheBytes: cacheBytes, Logger: logger, Now: e.clock.now,
		ConfigError: func() (time.Time, error) { return e.srv.ConfigError() },
	})
	if err != nil {
		tb.Fatal(err)
	}
	e.srv = server.New(server.Config{
		AdminToken: adminToken,
		Channels:   []server.Channel{{Name: "canteen", DisplayToken: displayToken}, {Name: "office", DisplayToken: "office-token"}},
	}, server.Deps{Hub: e.hub, Fleet: server.NewFleet(time.Now), Pages: h.Pages(), Now: time.Now, Logger: logger})
	ts := httptest.NewServer(e.srv)
	tb.Cleanup(ts.Close)
	e.url = ts.URL
	return e
}

// clock is the handler's time, moved on by tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// client returns a client with a cookie jar that does not follow
// redirects, so that tests see them.
func client(tb testing.TB) *http.Client {
	tb.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		tb.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(tb testing.TB, c *http.Client, url string, header ...string) (*http.Response, []byte) {
	tb.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
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

func TestPlayerAuth(t *testing.T) {
	e := newEnv(t, 0)
	tests := []struct {
		name, path string
		header     []string
		want       int
	}{
		{"no token", "/tv/canteen", nil, 401},
		{"wrong token", "/tv/canteen?token=wrong", nil, 401},
		{"another channel's token", "/tv/canteen?token=office-token", nil, 401},
		{"the source of a picture without token", "/tv/canteen/slide/demo-1/0", nil, 401},
		{"deck without token", "/tv/canteen/deck", nil, 401},
		{"unknown channel, display token", "/tv/nowhere?token=" + displayToken, nil, 401},
		{"unknown channel, admin token", "/tv/nowhere/deck", []string{"Authorization", "Bearer " + adminToken}, 404},
		{"display token in the header", "/tv/canteen/deck", []string{"Authorization", "Bearer " + displayToken}, 200},
		{"admin token in the header", "/tv/canteen/deck", []string{"Authorization", "Bearer " + adminToken}, 200},
		{"the script needs none", "/tv/canteen/static/player.js", nil, 200},
		{"the service worker needs none", "/tv/canteen/sw.js", nil, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, client(t), e.url+tt.path, tt.header...)
			if resp.StatusCode != tt.want {
				t.Errorf("GET %s = %d %s, want %d", tt.path, resp.StatusCode, body, tt.want)
			}
		})
	}
}

func TestPlayerCookie(t *testing.T) {
	e := newEnv(t, 0)
	c := client(t)
	resp, _ := get(t, c, e.url+"/tv/canteen?token="+displayToken+"&rotation=90")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/tv/canteen?rotation=90" {
		t.Fatalf("GET /tv/canteen?token=… = %d to %q, want 303 to /tv/canteen?rotation=90", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if strings.HasPrefix(ck.Name, "cxtv_screen_") {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || strings.Contains(cookie.Value, displayToken) {
		t.Fatalf("cookie %+v: want an HttpOnly screen cookie without the token", cookie)
	}
	for _, path := range []string{"/tv/canteen?rotation=90", "/tv/canteen/deck", "/api/v1/channels/canteen/snapshot", "/tv/canteen/slide/demo-1/0"} {
		if resp, body := get(t, c, e.url+path); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s with the cookie = %d %s, want 200", path, resp.StatusCode, body)
		}
	}
	if resp, _ := get(t, c, e.url+"/api/v1/channels/canteen/ws"); resp.StatusCode != http.StatusNoContent {
		t.Errorf("WebSocket with the cookie = %d, want it to reach the hub", resp.StatusCode)
	}
	// The cookie is the channel's alone.
	if resp, _ := get(t, c, e.url+"/tv/office/deck"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /tv/office/deck with canteen's cookie = %d, want 401", resp.StatusCode)
	}
	// A preview needs the admin token.
	if resp, _ := get(t, c, e.url+"/preview/canteen"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /preview/canteen with a screen cookie = %d, want 401", resp.StatusCode)
	}
}

// TestTokenNotLogged makes requests that carry tokens, right and wrong, in
// every way, and finds none of them in the log.
func TestTokenNotLogged(t *testing.T) {
	e := newEnv(t, 0)
	c := client(t)
	for _, path := range []string{
		"/tv/canteen?token=" + displayToken, "/tv/canteen?token=wrong-token-1", "/tv/canteen/slide/demo-1/0?token=" + displayToken,
		"/tv/canteen/slide/demo-1/99?size=1x1&token=" + displayToken, "/tv/nowhere?token=" + displayToken,
		"/preview/canteen?token=" + adminToken, "/preview/canteen?token=wrong-token-2", "/preview/canteen?size=3x3&token=" + adminToken,
	} {
		resp, _ := get(t, c, e.url+path)
		if loc := resp.Header.Get("Location"); strings.Contains(loc, "token") {
			t.Errorf("GET %s redirects to %q, which has the token", path, loc)
		}
	}
	get(t, c, e.url+"/tv/canteen/deck", "Authorization", "Bearer "+displayToken)
	for _, tok := range []string{displayToken, adminToken, "wrong-token-1", "wrong-token-2"} {
		if strings.Contains(e.logs.String(), tok) {
			t.Errorf("the log holds the token %q:\n%s", tok, e.logs)
		}
	}
}

func TestSlideCache(t *testing.T) {
	e := newEnv(t, 0)
	c := client(t)
	auth := []string{"Authorization", "Bearer " + displayToken}
	for _, tt := range []struct {
		query string
		w, h  int
	}{{"", 1920, 1080}, {"?size=1280x720", 1280, 720}, {"?size=1920x1080&rotation=90", 1080, 1920}, {"?size=1080x1920", 1080, 1920}} {
		path := "/tv/canteen/slide/demo-1/1" + tt.query
		resp, first := get(t, c, e.url+path, auth...)
		if resp.StatusCode != 200 || resp.Header.Get("X-Cache") != "miss" || resp.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("GET %s = %d, X-Cache %q, %s; want 200, a miss, a PNG", path, resp.StatusCode, resp.Header.Get("X-Cache"), resp.Header.Get("Content-Type"))
		}
		img, err := png.Decode(bytes.NewReader(first))
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		if b := img.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
			t.Errorf("GET %s: picture of %dx%d, want %dx%d", path, b.Dx(), b.Dy(), tt.w, tt.h)
		}
		resp, again := get(t, c, e.url+path, auth...)
		if resp.Header.Get("X-Cache") != "hit" || !bytes.Equal(first, again) {
			t.Errorf("GET %s again: X-Cache %q, same bytes %v; want a hit with the same picture", path, resp.Header.Get("X-Cache"), bytes.Equal(first, again))
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("GET %s: Cache-Control %q, want immutable", path, cc)
		}
	}
}

// TestSlideCacheBound: a cache too small for one picture keeps none.
func TestSlideCacheBound(t *testing.T) {
	e := newEnv(t, 1000)
	auth := []string{"Authorization", "Bearer " + displayToken}
	for i := range 2 {
		resp, _ := get(t, client(t), e.url+"/tv/canteen/slide/demo-1/0", auth...)
		if resp.Header.Get("X-Cache") != "miss" {
			t.Errorf("request %d with a 1000-byte cache: X-Cache %q, want miss", i, resp.Header.Get("X-Cache"))
		}
	}
}

func TestSlideErrors(t *testing.T) {
	e := newEnv(t, 0)
	auth := []string{"Authorization", "Bearer " + displayToken}
	tests := []struct {
		path string
		want int
		msg  string
	}{
		{"/tv/canteen/slide/demo-1/0?size=1000x1000", 400, `size "1000x1000": want one of 1280x720, 1920x1080`},
		{"/tv/canteen/slide/demo-1/0?size=big", 400, `size "big"`},
		{"/tv/canteen/slide/demo-1/0?size=99999x99999", 400, `size "99999x99999"`},
		{"/tv/canteen/slide/demo-1/0?rotation=45", 400, `rotation "45": want 0, 90, 180 or 270`},
		{"/tv/canteen/slide/demo-1/x", 400, `slide index "x"`},
		{"/tv/canteen/slide/demo-1/-1", 400, `slide index "-1"`},
		{"/tv/canteen/slide/demo-1/999", 404, "no slide 999"},
		{"/tv/canteen/slide/old-revision/0", 404, "revision old-revision of channel canteen is no longer current"},
		{"/tv/canteen/deck?size=640x480", 400, `size "640x480"`},
		{"/tv/canteen?rotation=45", 400, `rotation "45"`},
		{"/tv/office/deck", 401, "display token"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, client(t), e.url+tt.path, auth...)
			var msg struct{ Error string }
			json.Unmarshal(body, &msg)
			if resp.StatusCode != tt.want || !strings.Contains(msg.Error, tt.msg) {
				t.Errorf("GET %s = %d %s, want %d with %q", tt.path, resp.StatusCode, body, tt.want, tt.msg)
			}
		})
	}
	// A channel without a snapshot yet.
	c := client(t)
	if resp, _ := get(t, c, e.url+"/tv/office/deck?token=office-token"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("GET /tv/office/deck?token=… = %d, want 303", resp.StatusCode)
	}
	if resp, body := get(t, c, e.url+"/tv/office/deck"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("GET /tv/office/deck before a snapshot = %d %s, want 503", resp.StatusCode, body)
	}
}

func TestDeck(t *testing.T) {
	e := newEnv(t, 0)
	resp, body := get(t, client(t), e.url+"/tv/canteen/deck?size=1920x1080&rotation=90", "Authorization", "Bearer "+displayToken)
	if resp.StatusCode != 200 {
		t.Fatalf("GET deck = %d %s", resp.StatusCode, body)
	}
	var d struct {
		Revision, Picture, Language string
		Cards                       []struct {
			ID, Src string
			Seconds int
		}
		Words struct {
			OfflineSince string `json:"offline_since"`
		}
	}
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	if d.Revision != "demo-1" || d.Picture != "1080x1920" || len(d.Cards) < 10 || d.Words.OfflineSince != "offline seit " {
		t.Errorf("deck: revision %q, picture %q, %d cards, offline %q; want demo-1, 1080x1920, every card, \"offline seit \"",
			d.Revision, d.Picture, len(d.Cards), d.Words.OfflineSince)
	}
	// A comment's age is painted as of the minute (in its first hour).
	at := e.clock.now().Truncate(time.Minute).Unix()
	if want := fmt.Sprintf("/tv/canteen/slide/demo-1/0?size=1920x1080&rotation=90&at=%d", at); d.Cards[0].Src != want || d.Cards[0].Seconds != 10 {
		t.Errorf("first card %+v, want src %s held 10 s", d.Cards[0], want)
	}
}

func TestPreview(t *testing.T) {
	e := newEnv(t, 0)
	c := client(t)
	resp, body := get(t, c, e.url+"/preview/canteen?size=1280x720")
	if resp.StatusCode != http.StatusUnauthorized || !bytes.Contains(body, []byte(`name="next" value="/preview/canteen?size=1280x720"`)) {
		t.Fatalf("GET /preview/canteen without token = %d, want 401 and a sign-in form leading back:\n%s", resp.StatusCode, body)
	}
	resp, _ = get(t, c, e.url+"/preview/canteen?size=1280x720&token="+adminToken)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/preview/canteen?size=1280x720" {
		t.Fatalf("GET /preview/canteen?token=… = %d to %q, want 303 without the token", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, body = get(t, c, e.url+"/preview/canteen?size=1280x720")
	if resp.StatusCode != 200 {
		t.Fatalf("GET /preview/canteen with the cookie = %d", resp.StatusCode)
	}
	d := e.snap
	cards := bytes.Count(body, []byte("<img "))
	if want := `src="/tv/canteen/slide/demo-1/1?size=1280x720&amp;rotation=0`; cards < 10 || !bytes.Contains(body, []byte(want)) {
		t.Errorf("preview shows %d pictures, want every card (%d comments and more) with %s", cards, len(d.Comments), want)
	}
	// The admin's cookie opens the pictures too.
	if resp, _ := get(t, c, e.url+"/tv/canteen/slide/demo-1/0?size=1280x720"); resp.StatusCode != 200 {
		t.Errorf("picture with the admin cookie = %d, want 200", resp.StatusCode)
	}
	if resp, body := get(t, c, e.url+"/preview/canteen?rotation=7"); resp.StatusCode != 400 || !bytes.Contains(body, []byte("rotation")) {
		t.Errorf("preview with rotation 7 = %d, want 400 naming the rotation", resp.StatusCode)
	}
	if resp, _ := get(t, c, e.url+"/preview/nowhere"); resp.StatusCode != 404 {
		t.Errorf("preview of an unknown channel = %d, want 404", resp.StatusCode)
	}

	// A refused config shows with its key path, in the page and its state.
	e.srv.SetConfigError(errors.New(`feed.yaml: channels[0].slides[1]: unknown slide "trnd"`))
	_, body = get(t, c, e.url+"/preview/canteen")
	if !bytes.Contains(body, []byte(`channels[0].slides[1]: unknown slide &#34;trnd&#34;`)) {
		t.Errorf("preview does not show the config error:\n%s", body)
	}
	_, body = get(t, c, e.url+"/preview/canteen/state")
	var st struct {
		Revision    string
		ConfigError string `json:"config_error"`
	}
	json.Unmarshal(body, &st)
	if st.Revision != "demo-1" || !strings.Contains(st.ConfigError, "channels[0].slides[1]") {
		t.Errorf("state = %s, want revision demo-1 and the config error", body)
	}
	// A new snapshot shows in the state the page polls.
	next := e.snap
	next.Revision = "demo-2"
	e.hub.set("canteen", next)
	_, body = get(t, c, e.url+"/preview/canteen/state")
	if !bytes.Contains(body, []byte(`"revision":"demo-2"`)) {
		t.Errorf("state after a new snapshot = %s, want revision demo-2", body)
	}
}

// TestLoginForm: the sign-in form leads back to the preview, and only to
// this server.
func TestLoginForm(t *testing.T) {
	e := newEnv(t, 0)
	for next, want := range map[string]string{"/preview/canteen?size=1280x720": "/preview/canteen?size=1280x720", "//evil.example": "/", "https://evil.example": "/"} {
		req, _ := http.NewRequest("POST", e.url+"/", strings.NewReader(fmt.Sprintf("token=%s&next=%s", adminToken, next)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := client(t).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("sign in with next %q = %d to %q, want 303 to %q", next, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
}

// TestAges: a picture that prints a comment's age changes address as the
// age moves on, and one cannot be asked for ahead of time.
func TestAges(t *testing.T) {
	e := newEnv(t, 0)
	c := client(t)
	auth := []string{"Authorization", "Bearer " + displayToken}
	src := func() string {
		_, body := get(t, c, e.url+"/tv/canteen/deck", auth...)
		var d struct{ Cards []struct{ Src string } }
		if err := json.Unmarshal(body, &d); err != nil {
			t.Fatal(err)
		}
		return d.Cards[0].Src
	}
	first := src()
	e.clock.add(10 * time.Second)
	if again := src(); again != first {
		t.Errorf("10 s later the first card's picture is %s, want still %s", again, first)
	}
	e.clock.add(3 * time.Minute)
	later := src()
	if later == first {
		t.Errorf("3 min later the first card's picture is still %s", first)
	}
	for _, p := range []string{first, later} {
		if resp, body := get(t, c, e.url+p, auth...); resp.StatusCode != 200 {
			t.Errorf("GET %s = %d %s", p, resp.StatusCode, body)
		}
	}
	ahead := fmt.Sprintf("/tv/canteen/slide/demo-1/0?at=%d", e.clock.now().Add(time.Hour).Unix())
	if resp, body := get(t, c, e.url+ahead, auth...); resp.StatusCode != 400 || !bytes.Contains(body, []byte("not in the future")) {
		t.Errorf("GET %s = %d %s, want 400", ahead, resp.StatusCode, body)
	}
}

// The deck names the ticker's items, each a picture of its own, and how
// the band moves them: as the display, 120 design pixels a second from
// 64 pixels in; a snapshot without the ticker has none.
func TestDeckTicker(t *testing.T) {
	e := newEnv(t, 0)
	c := client(t)
	auth := []string{"Authorization", "Bearer " + displayToken}
	type deck struct {
		Ticker *struct {
			Height, Start, Speed int
			Line                 float64
			Items                []struct {
				Key, Src string
				W        int
			}
		}
	}
	for _, tc := range []struct {
		size         string
		start, speed int
	}{{"1920x1080", 64, 120}, {"3840x2160", 128, 240}} {
		_, body := get(t, c, e.url+"/tv/canteen/deck?size="+tc.size, auth...)
		var d deck
		if err := json.Unmarshal(body, &d); err != nil {
			t.Fatal(err)
		}
		tk := d.Ticker
		if tk == nil || len(tk.Items) == 0 || tk.Start != tc.start || tk.Speed != tc.speed || tk.Line <= 0 {
			t.Fatalf("%s: ticker %+v, want items entering at %d moving %d px/s", tc.size, tk, tc.start, tc.speed)
		}
		resp, pic := get(t, c, e.url+tk.Items[0].Src, auth...)
		img, err := png.Decode(bytes.NewReader(pic))
		if resp.StatusCode != 200 || err != nil {
			t.Fatalf("GET %s = %d, %v", tk.Items[0].Src, resp.StatusCode, err)
		}
		if b := img.Bounds(); b.Dx() != tk.Items[0].W || b.Dy() != tk.Height {
			t.Errorf("%s: item picture %v, want %dx%d", tc.size, b, tk.Items[0].W, tk.Height)
		}
		if resp, _ := get(t, c, e.url+tk.Items[0].Src, auth...); resp.Header.Get("X-Cache") != "hit" {
			t.Errorf("%s: the item again: X-Cache %q, want hit", tc.size, resp.Header.Get("X-Cache"))
		}
	}
	if resp, body := get(t, c, e.url+"/tv/canteen/ticker/demo-1/999?size=1920x1080", auth...); resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "no item 999") {
		t.Errorf("GET a ticker item that is not = %d %s, want 404 naming it", resp.StatusCode, body)
	}
	snap := e.snap
	snap.Ticker = false
	e.hub.set("canteen", snap)
	_, body := get(t, c, e.url+"/tv/canteen/deck?size=1920x1080", auth...)
	var d deck
	if json.Unmarshal(body, &d); d.Ticker != nil {
		t.Errorf("a snapshot without the ticker: deck ticker %+v, want none", d.Ticker)
	}
}
