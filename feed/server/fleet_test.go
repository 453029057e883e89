package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/feedtest"
	"github.com/cxtv/cxtv/feed/health"
	"github.com/cxtv/cxtv/feed/hub"
	"github.com/cxtv/cxtv/feed/server"
)

// fleetConfig is the server's config in the fleet tests: two channels,
// and screens offline after offlineAfter.
func fleetConfig(offlineAfter time.Duration) server.Config {
	return server.Config{
		AdminToken: "admin-secret",
		Sources: []server.Source{{Name: "survey", Token: "survey-token", Scale: feed.ScaleNPS},
			{Name: "ios", Type: "appstore", Pulled: true}},
		Channels: []server.Channel{
			{Name: "canteen", DisplayToken: "canteen-token"},
			{Name: "lobby", DisplayToken: "lobby-token"},
		},
		RateLimit:    server.RateLimit{PerMinute: 6000, Burst: 200},
		OfflineAfter: offlineAfter,
	}
}

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
	conn map[feed.Screen]int
	sent []string
}

func (h *deviceHub) ServeWS(w http.ResponseWriter, r *http.Request, _ string, _ int) {
	http.NotFound(w, r)
}
func (h *deviceHub) Snapshot(string) (feed.Snapshot, bool) { return feed.Snapshot{}, false }
func (h *deviceHub) Connected() int                        { return 0 }

func (h *deviceHub) Send(sc feed.Screen, m feed.Message) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sent = append(h.sent, sc.String()+" "+m.Type)
	return h.conn[sc], nil
}

func (h *deviceHub) Devices() map[feed.Screen]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return maps.Clone(h.conn)
}

func (h *deviceHub) connect(channel, device string, n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.conn == nil {
		h.conn = map[feed.Screen]int{}
	}
	sc := feed.Screen{Channel: channel, Device: device}
	if n == 0 {
		delete(h.conn, sc)
		return
	}
	h.conn[sc] = n
}

// fleetEnv is a server with a fake clock and hub; heartbeats go straight
// to its fleet.
type fleetEnv struct {
	url   string
	clock *clock
	hub   *deviceHub
	fleet *server.Fleet
	board *health.Board
}

func newFleetEnv(tb testing.TB, offlineAfter time.Duration) *fleetEnv {
	tb.Helper()
	c := newClock()
	fleet := server.NewFleet(c.Now)
	h := &deviceHub{}
	board := health.New(c.Now)
	srv := server.New(fleetConfig(offlineAfter), server.Deps{Hub: h, Fleet: fleet, Health: board, Now: c.Now, Logger: feedtest.NewLogs(tb).Logger})
	ts := httptest.NewServer(srv)
	tb.Cleanup(ts.Close)
	return &fleetEnv{url: ts.URL, clock: c, hub: h, fleet: fleet, board: board}
}

// beat reports a heartbeat of a connected device.
func (e *fleetEnv) beat(channel, device string) {
	e.hub.connect(channel, device, 1)
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
	e := newFleetEnv(t, 3*time.Minute)
	e.beat("canteen", "kantine-1")
	e.beat("canteen", "kantine-2")
	e.hub.connect("canteen", "kantine-2", 0)
	got := e.displays(t)
	if states(got.Displays) != "kantine-2:offline kantine-1:online" {
		t.Errorf("after kantine-2 disconnected fleet = %q, want it offline at once", states(got.Displays))
	}
	if got.OfflineAfterSeconds != 180 {
		t.Errorf("offline_after_seconds = %d, want the configured 180", got.OfflineAfterSeconds)
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
	if ok := f.Known(feed.Screen{Channel: "canteen", Device: "d0000"}); ok {
		t.Error("the screen seen longest ago was kept beyond MaxDevices")
	}
	if ok := f.Known(feed.Screen{Channel: "canteen", Device: "newcomer"}); !ok {
		t.Error("a new screen beyond MaxDevices was not taken")
	}

	c.Advance(server.ForgetAfter - time.Duration(server.MaxDevices)*time.Second + 1500*time.Millisecond)
	f.Heartbeat("canteen", "r", feed.Heartbeat{Device: "d0500"})
	l = f.List(time.Hour, nil)
	// d0001 was seen more than ForgetAfter ago; d0999 and the newcomer not.
	if ok := f.Known(feed.Screen{Channel: "canteen", Device: "d0001"}); ok {
		t.Errorf("a screen not seen for %v is still listed", server.ForgetAfter)
	}
	if ok := f.Known(feed.Screen{Channel: "canteen", Device: "newcomer"}); !ok || len(l) == 0 {
		t.Errorf("a recent screen was forgotten (fleet holds %d)", len(l))
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
