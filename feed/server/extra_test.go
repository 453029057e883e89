package server_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/feedtest"
	"github.com/cxtv/cxtv/feed/server"
	"github.com/cxtv/cxtv/feed/store"
)

func get(tb testing.TB, url string) (int, string) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestKPIs(t *testing.T) {
	e := newEnv(t)
	code, out := e.post(t, "/api/v1/kpis", "survey-token", `[{"name":"Wartezeit Hotline","value":104,"unit":"s","better":"down"},{"name":"Erstlösungsquote","value":81.2,"unit":"%","better":"up"}]`)
	if code != http.StatusAccepted || out["accepted"] != 2.0 {
		t.Fatalf("POST kpis = %d %v, want 202 accepted 2", code, out)
	}
	kpis, err := e.store.KPIs()
	if err != nil || len(kpis) != 2 {
		t.Errorf("stored KPIs = %v, %v; want 2", kpis, err)
	}
	code, out = e.post(t, "/api/v1/kpis", "survey-token", `[{"name":"x","value":1},{"name":"y","value":2,"better":"sideways"}]`)
	if code != http.StatusBadRequest || out["field"] != "better" || out["index"] != 1.0 {
		t.Errorf("POST bad kpi = %d %v, want 400 naming item 1, field better", code, out)
	}
	if code, _ := e.post(t, "/api/v1/kpis", "", `{"name":"x","value":1}`); code != http.StatusUnauthorized {
		t.Errorf("POST kpis without token = %d, want 401", code)
	}
}

func TestMetricsAndHealth(t *testing.T) {
	e := newEnv(t)
	e.post(t, "/api/v1/feedback", "survey-token", `{"id":"1","score":9}`)
	e.post(t, "/api/v1/feedback", "survey-token", `{"id":`)
	code, body := get(t, e.url+"/metrics")
	for _, want := range []string{`cxtv_feedback_ingested_total{source="survey"} 1`, `cxtv_requests_rejected_total{reason="malformed"} 1`, "cxtv_displays_connected 0", "cxtv_config_error 0"} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("GET /metrics = %d, want a line %q", code, want)
		}
	}
	code, body = get(t, e.url+"/healthz")
	if code != 200 || !strings.Contains(body, `"ok":true`) {
		t.Errorf("GET /healthz = %d %s, want 200 with config ok", code, body)
	}
}

// newPlainServer is a server with a real store but no publisher or hub.
func newPlainServer(tb testing.TB, cfg server.Config) (*server.Server, *httptest.Server, *store.Store) {
	st := feedtest.MustOpenStore(tb)
	srv := server.New(cfg, server.Deps{Store: st, Publisher: nopPublisher{}, Hub: nopHub{}, Fleet: server.NewFleet(time.Now), Now: time.Now,
		Logger: feedtest.NewLogs(tb).Logger})
	ts := httptest.NewServer(srv)
	tb.Cleanup(ts.Close)
	return srv, ts, st
}

func TestConfigErrorShownInHealth(t *testing.T) {
	cfg := testConfig()
	srv, ts, _ := newPlainServer(t, cfg)
	srv.SetConfigError(errors.New(`feed.yaml: channels[0].slides[1]: unknown slide "trnd"`))
	code, body := get(t, ts.URL+"/healthz")
	if code != 200 || !strings.Contains(body, `unknown slide \"trnd\"`) || !strings.Contains(body, `"ok":false`) {
		t.Errorf("GET /healthz = %d %s, want 200 naming the config error", code, body)
	}
	if _, m := get(t, ts.URL+"/metrics"); !strings.Contains(m, "cxtv_config_error 1") {
		t.Error("metrics do not show cxtv_config_error 1")
	}
	srv.SetConfig(cfg)
	if _, body := get(t, ts.URL+"/healthz"); !strings.Contains(body, `"ok":true`) {
		t.Errorf("after a good reload /healthz = %s, want config ok", body)
	}
}

func TestRateLimit(t *testing.T) {
	cfg := testConfig()
	cfg.RateLimit = server.RateLimit{PerMinute: 1, Burst: 3}
	_, ts, st := newPlainServer(t, cfg)
	e := &env{url: ts.URL}
	var codes []int
	for i := 0; i < 5; i++ {
		code, _ := e.post(t, "/api/v1/feedback", "survey-token", `{"id":"`+string(rune('a'+i))+`","score":9}`)
		codes = append(codes, code)
	}
	if codes[2] != 202 || codes[3] != 429 || codes[4] != 429 {
		t.Errorf("codes of 5 quick posts with burst 3 = %v, want 202 ×3 then 429", codes)
	}
	if n, _ := st.CountFeedback(); n != 3 {
		t.Errorf("stored %d answers, want the 3 let through", n)
	}
}

type nopPublisher struct{}

func (nopPublisher) Notify(...string)        {}
func (nopPublisher) Changed([]feed.Feedback) {}

type nopHub struct{}

func (nopHub) ServeWS(w http.ResponseWriter, r *http.Request, _ string, _ int) { http.NotFound(w, r) }
func (nopHub) Snapshot(string) (feed.Snapshot, bool)                           { return feed.Snapshot{}, false }
func (nopHub) Connected() int                                                  { return 0 }

// A holder of one channel's display token cannot take more connections
// than the channel's max_screens; the refusals show in /metrics.
func TestMaxScreensPerChannel(t *testing.T) {
	cfg := testConfig()
	cfg.Channels = []server.Channel{{Name: "canteen", DisplayToken: "canteen-token", MaxScreens: 2}, {Name: "lobby", DisplayToken: "lobby-token", MaxScreens: 2}}
	e := newEnvWith(t, cfg)
	dial := func(channel string) (*websocket.Conn, *http.Response, error) {
		return websocket.DefaultDialer.Dial(e.wsPrefix+"/api/v1/channels/"+channel+"/ws", http.Header{"Authorization": {"Bearer " + channel + "-token"}})
	}
	for range 2 {
		c, _, err := dial("canteen")
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	for range 3 {
		if _, resp, err := dial("canteen"); err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("a 3rd screen of canteen (max_screens 2): %v, %+v; want 503", err, resp)
		}
	}
	c, _, err := dial("lobby")
	if err != nil {
		t.Fatalf("lobby refused while canteen is full: %v", err)
	}
	c.Close()
	resp, err := http.Get(e.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if want := `cxtv_screen_refused_total{reason="channel_full"} 3`; !strings.Contains(string(body), want) {
		t.Errorf("/metrics lacks %q", want)
	}
}

// fullDisk is a store on a disk that is full until room is set.
type fullDisk struct {
	*store.Store
	mu   sync.Mutex
	room bool
}

func (d *fullDisk) AddFeedback(items []feed.Feedback) (store.Added, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.room {
		return store.Added{}, &os.PathError{Op: "write", Path: "feed.db", Err: syscall.ENOSPC}
	}
	return d.Store.AddFeedback(items)
}

func (d *fullDisk) Free() (uint64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.room {
		return 1 << 30, nil
	}
	return 4096, nil
}

// The disk-full path without a real full disk (cmd/e2e has that test,
// where mounting a tmpfs is allowed).
func TestDiskFullAnswers503(t *testing.T) {
	disk := &fullDisk{Store: feedtest.MustOpenStore(t)}
	srv := server.New(testConfig(), server.Deps{Store: disk, Publisher: nopPublisher{}, Hub: nopHub{}, Fleet: server.NewFleet(time.Now), Now: time.Now,
		Logger: feedtest.NewLogs(t).Logger})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	post := func() (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/feedback", strings.NewReader(`{"id":"a","score":9}`))
		req.Header.Set("Authorization", "Bearer survey-token")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := post()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "disk is full") {
		t.Errorf("POST on a full disk = %d %s (Retry-After %q), want 503 saying the disk is full, with Retry-After", resp.StatusCode, body, resp.Header.Get("Retry-After"))
	}
	if _, h := get(t, ts.URL+"/healthz"); !strings.Contains(h, `"store":{"error":"disk full`) || !strings.Contains(h, `"degraded"`) {
		t.Errorf("/healthz = %s, want degraded with the store's disk full", h)
	}
	disk.mu.Lock()
	disk.room = true
	disk.mu.Unlock()
	// The first look after the failure may come before probeEvery.
	deadline := time.Now().Add(10 * time.Second)
	for _, h := get(t, ts.URL+"/healthz"); strings.Contains(h, `"store"`); _, h = get(t, ts.URL+"/healthz") {
		if time.Now().After(deadline) {
			t.Fatalf("/healthz with room again = %s, want the store ok", h)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if resp, body := post(); resp.StatusCode != http.StatusAccepted {
		t.Errorf("POST with room again = %d %s, want 202", resp.StatusCode, body)
	}
}
