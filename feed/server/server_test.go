package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
	"github.com/cxtv/cxtv/feed/feedtest"
	"github.com/cxtv/cxtv/feed/hub"
	"github.com/cxtv/cxtv/feed/publish"
	"github.com/cxtv/cxtv/feed/server"
	"github.com/cxtv/cxtv/feed/store"
)

// testConfig is the server's config in most tests: one source, one
// channel, and the config file's defaults.
func testConfig() server.Config {
	return server.Config{
		AdminToken:   "admin",
		Sources:      []server.Source{{Name: "survey", Token: "survey-token", Scale: feed.ScaleNPS}},
		Channels:     []server.Channel{{Name: "canteen", DisplayToken: "canteen-token"}},
		RateLimit:    server.RateLimit{PerMinute: 6000, Burst: 200},
		OfflineAfter: 3 * time.Minute,
	}
}

type env struct {
	url      string
	stopHub  func()
	store    *store.Store
	wsPrefix string
}

// newEnv runs the whole server stack on a loopback httptest server.
func newEnv(tb testing.TB) *env {
	tb.Helper()
	return newEnvWith(tb, testConfig())
}

// newEnvWith is newEnv with the server's config cfg.
func newEnvWith(tb testing.TB, cfg server.Config) *env {
	tb.Helper()
	st := feedtest.MustOpenStore(tb)
	logger := feedtest.NewLogs(tb).Logger
	fleet := server.NewFleet(time.Now)
	h := hub.New(logger, fleet.Heartbeat)
	stopHub := feedtest.Go(tb, h.Run)
	pub := publish.New(publish.Options{
		Rules:    feedtest.MustRules(tb, curate.Moderation{DefaultLists: true}),
		Channels: []curate.Channel{feedtest.Channel("canteen", "survey")},
	}, st, h, time.Now, logger)
	feedtest.Go(tb, pub.Run)
	if err := pub.Rebuild(); err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(server.New(cfg, server.Deps{Store: st, Publisher: pub, Hub: h, Fleet: fleet, Now: time.Now, Logger: logger}))
	tb.Cleanup(srv.Close)
	return &env{url: srv.URL, stopHub: stopHub, store: st, wsPrefix: "ws" + strings.TrimPrefix(srv.URL, "http")}
}

func (e *env) post(tb testing.TB, path, token, body string) (int, map[string]any) {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.url+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		tb.Fatalf("POST %s: answer is not JSON: %v", path, err)
	}
	return resp.StatusCode, out
}

func (e *env) dial(tb testing.TB, token string) *websocket.Conn {
	tb.Helper()
	conn, resp, err := websocket.DefaultDialer.Dial(e.wsPrefix+"/api/v1/channels/canteen/ws", http.Header{"Authorization": {"Bearer " + token}})
	if err != nil {
		code := 0
		if resp != nil {
			code = resp.StatusCode
		}
		tb.Fatalf("dial: %v (HTTP %d)", err, code)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn
}

func readSnapshot(tb testing.TB, conn *websocket.Conn) feed.Snapshot {
	tb.Helper()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, data, err := conn.ReadMessage()
	if err != nil {
		tb.Fatalf("read: %v", err)
	}
	m, err := feed.DecodeMessage(data)
	if err != nil || m.Type != feed.TypeSnapshot {
		tb.Fatalf("message %s: %v, want a snapshot", data, err)
	}
	return *m.Snapshot
}

func TestFeedbackReachesScreen(t *testing.T) {
	e := newEnv(t)
	conn := e.dial(t, "canteen-token")
	first := readSnapshot(t, conn)
	if first.Channel != "canteen" || len(first.Comments) != 0 {
		t.Fatalf("first snapshot = %+v, want canteen without comments", first)
	}
	code, out := e.post(t, "/api/v1/feedback", "survey-token", `{"id":"1","score":10,"comment":"Großartige Beratung in der Filiale","touchpoint":"Filiale"}`)
	if code != http.StatusAccepted || out["accepted"] != 1.0 || out["duplicates"] != 0.0 {
		t.Fatalf("POST = %d %v, want 202 accepted 1", code, out)
	}
	next := readSnapshot(t, conn)
	if len(next.Comments) != 1 || next.Comments[0].Text != "Großartige Beratung in der Filiale" || next.Revision == first.Revision {
		t.Errorf("snapshot after POST = %+v, want the new comment and a new revision", next)
	}
	// Re-sending is a duplicate and stores nothing new.
	code, out = e.post(t, "/api/v1/feedback", "survey-token", `[{"id":"1","score":10,"comment":"Großartige Beratung in der Filiale"}]`)
	if code != http.StatusAccepted || out["accepted"] != 0.0 || out["duplicates"] != 1.0 {
		t.Errorf("re-POST = %d %v, want 202 with 1 duplicate", code, out)
	}
	if n, _ := e.store.CountFeedback(); n != 1 {
		t.Errorf("store holds %d answers, want 1", n)
	}
}

func TestFeedbackErrors(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, token, body string
		code              int
		want              string
	}{
		{"no token", "", `{"id":"1","score":1}`, 401, "token"},
		{"display token", "canteen-token", `{"id":"1","score":1}`, 401, "token"},
		{"malformed", "survey-token", `{"id":`, 400, "malformed JSON"},
		{"bad item", "survey-token", `[{"id":"1","score":1},{"id":"2","score":12}]`, 400, "item 1: score"},
		{"too large", "survey-token", `[` + strings.Repeat(" ", server.MaxBody) + `]`, 413, "body over"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := e.post(t, "/api/v1/feedback", tt.token, tt.body)
			msg, _ := out["error"].(string)
			if code != tt.code || !strings.Contains(msg, tt.want) {
				t.Errorf("POST %s = %d %v, want %d with an error containing %q", tt.name, code, out, tt.code, tt.want)
			}
		})
	}
	if n, _ := e.store.CountFeedback(); n != 0 {
		t.Errorf("after rejected posts the store holds %d answers, want 0", n)
	}
}

func TestScreenAuth(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/api/v1/channels/canteen/ws", "/api/v1/channels/nope/ws", "/api/v1/channels/canteen/snapshot"} {
		resp, err := http.Get(e.url + path + "?token=wrong")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET %s with a wrong token = %d, want 401", path, resp.StatusCode)
		}
	}
	resp, err := http.Get(e.url + "/api/v1/channels/canteen/snapshot?token=canteen-token")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var snap feed.Snapshot
	if err := json.NewDecoder(resp.Body).Decode(&snap); err != nil || resp.StatusCode != 200 || snap.Channel != "canteen" {
		t.Errorf("GET snapshot = %d %+v %v, want 200 with the canteen snapshot", resp.StatusCode, snap, err)
	}
}

// A channel's logo is served by its hash to the channel's screens, for
// good: a new file has a new hash.
func TestLogo(t *testing.T) {
	cfg := testConfig()
	cfg.Channels[0].Logo, cfg.Channels[0].LogoHash = []byte("\x89PNG\r\n\x1a\nlogo"), "abc123"
	e := newEnvWith(t, cfg)
	get := func(path, token string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodGet, e.url+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := get(feed.LogoPath("canteen", "abc123"), "canteen-token")
	if resp.StatusCode != http.StatusOK || body != string(cfg.Channels[0].Logo) || resp.Header.Get("Content-Type") != "image/png" {
		t.Errorf("GET logo = %d %q (%s), want 200 with the PNG", resp.StatusCode, body, resp.Header.Get("Content-Type"))
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("Cache-Control = %q, want immutable", cc)
	}
	for _, tc := range []struct {
		path, token string
		want        int
	}{
		{feed.LogoPath("canteen", "abc123"), "wrong", http.StatusUnauthorized},
		{feed.LogoPath("nope", "abc123"), "canteen-token", http.StatusUnauthorized},
		{feed.LogoPath("canteen", "old"), "canteen-token", http.StatusNotFound},
	} {
		if resp, body := get(tc.path, tc.token); resp.StatusCode != tc.want {
			t.Errorf("GET %s with token %q = %d %q, want %d", tc.path, tc.token, resp.StatusCode, body, tc.want)
		}
	}
}

func TestHeartbeatReachesFleet(t *testing.T) {
	e := newEnv(t)
	conn := e.dial(t, "canteen-token")
	readSnapshot(t, conn)
	hb := feed.Message{V: 1, Type: feed.TypeHeartbeat, Heartbeat: &feed.Heartbeat{Device: "kantine-1", Version: "test", Slide: "comments", Online: true}}
	if err := conn.WriteJSON(hb); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		req, _ := http.NewRequest(http.MethodGet, e.url+"/api/v1/displays", nil)
		req.Header.Set("Authorization", "Bearer admin")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out struct{ Displays []server.DisplayStatus }
		json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if len(out.Displays) == 1 && out.Displays[0].Status.Device == "kantine-1" && out.Displays[0].Channel == "canteen" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("displays = %+v, want kantine-1 on canteen", out.Displays)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestShutdownClosesScreens(t *testing.T) {
	e := newEnv(t)
	conn := e.dial(t, "canteen-token")
	readSnapshot(t, conn)
	e.stopHub()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, _, err := conn.ReadMessage()
	if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Errorf("read after hub stop = %v, want a going-away close", err)
	}
}
