package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/health"
	"github.com/cxtv/cxtv/feed/store"
)

// The end-to-end tests of the source types (issue 11): each runs the real
// serve on loopback with a source of one type, delivers its tool's
// fixtures (feed/source/<tool>/testdata) the way the tool does — a
// webhook, an export posted to the import route, or an httptest fake of
// the tool's API — and checks what the channel shows, what the health
// board counts, and what the data file holds once the server has
// stopped.

// sourcesE2EConfig shows every answer of the sources NAMES on one channel:
// comments of any age, the newest first, and scores over the longest
// period a channel may have, from the first answer on.
const sourcesE2EConfig = `listen: "127.0.0.1:0"
data: DATA
admin_token: "admin"
sources:
SOURCES
channels:
  - name: canteen
    title: "Kantine"
    display_token: "canteen-token"
    sources: [NAMES]
    max_age_days: 0
    max_comments: 50
    selection: {mode: latest}
    period_days: 366
    min_answers: 1
`

// e2eWait bounds every wait for the server to have done something.
const e2eWait = 10 * time.Second

// sourcesE2E is one running `cxtv-feed serve` of a test.
type sourcesE2E struct {
	t    *testing.T
	addr string
	cfg  string // the config file
	data string // the bbolt file
	stop func() // stops the server and waits for it; idempotent
}

// startSourcesE2E serves sources (YAML list items) on one channel showing
// the sources named; the server stops when the test ends, or at stop.
func startSourcesE2E(t *testing.T, sources string, names ...string) *sourcesE2E {
	t.Helper()
	dir := t.TempDir()
	e := &sourcesE2E{t: t, cfg: filepath.Join(dir, "feed.yaml"), data: filepath.Join(dir, "feed.db")}
	e.configure(sources, names...)
	e.addr, e.stop = serveStoppable(t, e.cfg)
	return e
}

// configure writes the config file with sources on the channel showing
// the sources named; a running server picks it up by itself.
func (e *sourcesE2E) configure(sources string, names ...string) {
	e.t.Helper()
	cfg := strings.NewReplacer("DATA", e.data, "SOURCES", strings.TrimRight(sources, "\n"), "NAMES", strings.Join(names, ", ")).Replace(sourcesE2EConfig)
	// Write and rename, as editors do, so the watcher never sees half a file.
	if err := os.WriteFile(e.cfg+".tmp", []byte(cfg), 0o600); err != nil {
		e.t.Fatal(err)
	}
	if err := os.Rename(e.cfg+".tmp", e.cfg); err != nil {
		e.t.Fatal(err)
	}
}

// serveStoppable runs `cxtv-feed serve` as serveForTest does, and returns
// a stop function besides its address, so that a test can read the data
// file after the server has let go of it.
func serveStoppable(t *testing.T, cfgPath string) (addr string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var runErr error
	finished := make(chan struct{})
	go func() {
		runErr = run(ctx, []string{"serve", "--config", cfgPath}, io.Discard, pw)
		pw.Close()
		close(finished)
	}()
	addrs := make(chan string, 1)
	logged := make(chan struct{})
	go func() {
		defer close(logged)
		re := regexp.MustCompile(`msg=listening addr=(\S+)`)
		s := bufio.NewScanner(pr)
		for s.Scan() {
			t.Log(s.Text())
			if m := re.FindStringSubmatch(s.Text()); m != nil {
				addrs <- m[1]
			}
		}
		io.Copy(io.Discard, pr) // a line too long for the scanner must not block the server
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			<-finished
			if runErr != nil {
				t.Errorf("serve returned %v after cancel, want nil", runErr)
			}
			<-logged
		})
	}
	t.Cleanup(stop)
	select {
	case a := <-addrs:
		return a, stop
	case <-finished:
		t.Fatalf("serve ended: %v", runErr)
	case <-time.After(e2eWait):
		t.Fatal("serve did not start listening")
	}
	return "", stop
}

// request sends a request to the server and returns its status and body.
// set, if not nil, adds headers or credentials.
func (e *sourcesE2E) request(method, path string, body []byte, set func(*http.Request)) (int, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, "http://"+e.addr+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if set != nil {
		set(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp.StatusCode, b
}

func withBearer(token string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
}

func withHeader(key, value string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set(key, value) }
}

// snapshot returns the channel's snapshot as the display token gets it,
// decoded and as sent.
func (e *sourcesE2E) snapshot() (feed.Snapshot, []byte) {
	e.t.Helper()
	code, body := e.request(http.MethodGet, "/api/v1/channels/canteen/snapshot?token=canteen-token", nil, nil)
	if code != http.StatusOK {
		e.t.Fatalf("GET snapshot = %d %s", code, body)
	}
	var s feed.Snapshot
	if err := json.Unmarshal(body, &s); err != nil {
		e.t.Fatalf("snapshot %s: %v", body, err)
	}
	return s, body
}

// waitSnapshot polls the snapshot until ok accepts it.
func (e *sourcesE2E) waitSnapshot(what string, ok func(feed.Snapshot) bool) (feed.Snapshot, []byte) {
	e.t.Helper()
	deadline := time.Now().Add(e2eWait)
	for {
		s, raw := e.snapshot()
		if ok(s) {
			return s, raw
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("snapshot never showed %s: %s", what, raw)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// source returns the health board's line of the source named name.
func (e *sourcesE2E) source(name string) health.Status {
	e.t.Helper()
	code, body := e.request(http.MethodGet, "/api/v1/sources", nil, withBearer("admin"))
	if code != http.StatusOK {
		e.t.Fatalf("GET /api/v1/sources = %d %s", code, body)
	}
	var board struct{ Sources []health.Status }
	if err := json.Unmarshal(body, &board); err != nil {
		e.t.Fatalf("/api/v1/sources %s: %v", body, err)
	}
	for _, s := range board.Sources {
		if s.Source == name {
			return s
		}
	}
	e.t.Fatalf("/api/v1/sources = %s, without %s", body, name)
	return health.Status{}
}

// waitSource polls the health board until ok accepts name's line.
func (e *sourcesE2E) waitSource(name, what string, ok func(health.Status) bool) health.Status {
	e.t.Helper()
	deadline := time.Now().Add(e2eWait)
	for {
		s := e.source(name)
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("source %s never %s: %+v", name, what, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// healthz is what /healthz says.
type healthz struct {
	Status  string          `json:"status"`
	Failing []failingSource `json:"failing_sources"`
}

type failingSource struct {
	Source string `json:"source"`
	Type   string `json:"type"`
}

func (e *sourcesE2E) healthz() (healthz, []byte) {
	e.t.Helper()
	code, body := e.request(http.MethodGet, "/healthz", nil, nil)
	var h healthz
	if err := json.Unmarshal(body, &h); code != http.StatusOK || err != nil {
		e.t.Fatalf("/healthz = %d %s (%v)", code, body, err)
	}
	return h, body
}

// stored stops the server and returns every answer in its data file, by
// source/id, and the file's bytes.
func (e *sourcesE2E) stored() (map[string]feed.Feedback, []byte) {
	e.t.Helper()
	e.stop()
	st, err := store.Open(e.data)
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]feed.Feedback{}
	err = st.Feedback(time.Time{}, func(f feed.Feedback) error {
		key := f.Source + "/" + f.ID
		if _, ok := out[key]; ok {
			e.t.Errorf("%s stored twice", key)
		}
		out[key] = f
		return nil
	})
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		e.t.Fatal(err)
	}
	raw, err := os.ReadFile(e.data)
	if err != nil {
		e.t.Fatal(err)
	}
	return out, raw
}

// checkNoPersonalData reports every text of personal that data holds.
func checkNoPersonalData(t *testing.T, what string, data []byte, personal []string) {
	t.Helper()
	if len(personal) == 0 {
		t.Fatal("no personal data to look for")
	}
	for _, p := range personal {
		if bytes.Contains(data, []byte(p)) {
			t.Errorf("%s holds personal data %q", what, p)
		}
	}
}

var emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// fixture reads a file of an adapter's testdata, by tool and name.
func fixture(t *testing.T, tool, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "feed", "source", tool, "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// personalData is every e-mail address in the fixtures and the texts of
// others, the other personal data they hold (names, customer numbers,
// phone numbers, IP addresses).
func personalData(fixtures [][]byte, others ...string) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range fixtures {
		for _, m := range emailPattern.FindAll(f, -1) {
			if !seen[string(m)] {
				seen[string(m)] = true
				out = append(out, string(m))
			}
		}
	}
	return append(out, others...)
}

// dayShift is the whole number of days that moves a fixture's newest
// time to between one and two days ago, so that its answers count for
// the channel's scores whenever the test runs.
func dayShift(newest time.Time) time.Duration {
	return time.Now().Add(-24 * time.Hour).Sub(newest).Truncate(24 * time.Hour)
}

// decodeJSON decodes data keeping numbers as written.
func decodeJSON(t *testing.T, data []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatal(err)
	}
}

func encodeJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sourceResult is the answer to a delivery or import.
type sourceResult struct {
	Accepted   int      `json:"accepted"`
	Updated    int      `json:"updated"`
	Duplicates int      `json:"duplicates"`
	Skipped    int      `json:"skipped"`
	Reasons    []string `json:"skipped_reasons"`
	Ignored    string   `json:"ignored"`
}

func decodeResult(t *testing.T, body []byte) sourceResult {
	t.Helper()
	var r sourceResult
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("answer %s: %v", body, err)
	}
	return r
}

// commentsByText returns the snapshot's comments by their text.
func commentsByText(s feed.Snapshot) map[string]feed.Comment {
	out := map[string]feed.Comment{}
	for _, c := range s.Comments {
		out[c.Text] = c
	}
	return out
}

// withContentType adds a Content-Type to what set does.
func withContentType(set func(*http.Request), contentType string) func(*http.Request) {
	return func(r *http.Request) {
		r.Header.Set("Content-Type", contentType)
		if set != nil {
			set(r)
		}
	}
}

// shiftRFC3339 moves the RFC 3339 time at m[key] by d.
func shiftRFC3339(t *testing.T, m map[string]any, key string, d time.Duration) {
	t.Helper()
	v, ok := m[key].(string)
	if !ok {
		return
	}
	at, err := time.Parse(time.RFC3339, v)
	if err != nil {
		t.Fatal(err)
	}
	m[key] = at.Add(d).Format(time.RFC3339)
}

// checkStars checks a snapshot's star rating against the counts of one to
// five stars.
func checkStars(t *testing.T, s *feed.StarStats, counts [5]int) {
	t.Helper()
	n, sum := 0, 0
	for i, c := range counts {
		n += c
		sum += (i + 1) * c
	}
	if s == nil || s.Responses != n || s.Counts != counts || fmt.Sprintf("%.3f", s.Average) != fmt.Sprintf("%.3f", float64(sum)/float64(n)) {
		t.Errorf("stars = %+v, want %d responses counted %v", s, n, counts)
	}
}

// importAnswer is a stored answer or a shown comment, as an import test
// compares them: ids of tools that have none are the server's.
type importAnswer struct {
	Scale      feed.Scale
	Score      int
	Comment    string
	Touchpoint string
	At         string // UTC, RFC 3339
}

func (a importAnswer) String() string {
	return fmt.Sprintf("%s %d %q at %q %s", a.Scale, a.Score, a.Comment, a.Touchpoint, a.At)
}

// waitFailing polls /healthz until it names the source name as failing,
// and returns its error.
func (e *sourcesE2E) waitFailing(name string) string {
	e.t.Helper()
	deadline := time.Now().Add(e2eWait)
	for {
		h, raw := e.healthz()
		for _, f := range h.Failing {
			if f.Source == name && h.Status == "degraded" {
				// /healthz names it; the error is the admin's to read.
				return e.source(name).LastError
			}
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("/healthz = %s, never naming %s as failing", raw, name)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
