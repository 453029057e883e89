package poll_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/feedtest"
	"github.com/cxtv/cxtv/feed/ingest"
	"github.com/cxtv/cxtv/feed/poll"
	"github.com/cxtv/cxtv/feed/source"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// clock hands the poller's waits to the test, which fires them: no test
// sleeps for a poll interval.
type clock struct{ waits chan wait }

type wait struct {
	d    time.Duration
	fire chan time.Time
}

func (c *clock) After(d time.Duration) <-chan time.Time {
	w := wait{d, make(chan time.Time, 1)}
	c.waits <- w
	return w.fire
}

// next returns the poller's next wait, which it asks for once it is done
// with a fetch.
func (c *clock) next(tb testing.TB) wait {
	tb.Helper()
	select {
	case w := <-c.waits:
		return w
	case <-time.After(10 * time.Second):
		tb.Fatal("the poller did not ask to wait")
	}
	return wait{}
}

func (w wait) Fire() { w.fire <- now }

type batch struct {
	source string
	items  []feed.Feedback
}

type harness struct {
	p       *poll.Poller
	clock   *clock
	batches chan batch
	logs    *feedtest.Logs
	metrics *poll.Metrics
	sinkErr atomic.Pointer[error]
}

// start runs a poller over sources until the test ends, and checks that
// it stops when told to.
func start(t *testing.T, sources []poll.Source, opt func(*poll.Options)) *harness {
	t.Helper()
	h := &harness{clock: &clock{waits: make(chan wait, 100)}, batches: make(chan batch, 100), logs: feedtest.NewLogs(t), metrics: poll.NewMetrics()}
	o := poll.Options{
		UserAgent: "cxtv-feed/test",
		Now:       func() time.Time { return now },
		After:     h.clock.After,
		Jitter:    func() float64 { return 0.5 },
		Logger:    slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})).With("component", "poll"),
		Metrics:   h.metrics,
	}
	if opt != nil {
		opt(&o)
	}
	h.p = poll.New(func(ctx context.Context, name string, b source.Batch) (int, error) {
		if err := h.sinkErr.Load(); err != nil {
			return 0, *err
		}
		if len(b.Items) > 0 {
			h.batches <- batch{name, b.Items}
		}
		return len(b.Items), nil
	}, o)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.p.Run(ctx, sources); close(done) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("Run did not return after its context ended")
		}
		if t.Failed() {
			t.Logf("log:\n%s", h.logs)
		}
	})
	return h
}

// fetchNew fires the first fetch of n new loops, which may ask for their
// waits in any order, and returns once each has asked for the next.
func (h *harness) fetchNew(t *testing.T, n int) {
	t.Helper()
	first, later := 0, 0
	for first < n || later < n {
		if w := h.clock.next(t); w.d == 0 {
			first++
			w.Fire()
		} else {
			later++
		}
	}
}

func (h *harness) batch(t *testing.T) batch {
	t.Helper()
	select {
	case b := <-h.batches:
		return b
	case <-time.After(10 * time.Second):
		t.Fatal("nothing reached the sink")
	}
	return batch{}
}

func (h *harness) noBatch(t *testing.T) {
	t.Helper()
	select {
	case b := <-h.batches:
		t.Fatalf("sink got %+v, want nothing", b)
	default:
	}
}

func (h *harness) count(t *testing.T, source, result string) float64 {
	t.Helper()
	var m dto.Metric
	if err := h.metrics.Fetches.WithLabelValues(source, result).Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}

const shopJSON = `{"data": {"reviews": [
  {"uuid": "r-1", "rating": 5, "text": "Die Lieferung kam einen Tag früher – super!", "date": "2026-11-20T09:15:00+01:00"},
  {"uuid": "r-2", "rating": "2/5", "text": "The parcel was damaged and support never called back.", "date": "2026-11-21T18:02:11Z"},
  {"uuid": "r-3", "text": "Ohne Bewertung"}
]}}`

func shop(url string) poll.Source {
	return poll.Source{Name: "shop", URL: url, Interval: 15 * time.Minute, Timeout: 5 * time.Second,
		Headers: map[string]string{"x-api-key": "k-123"},
		Decode: ingest.PollOptions{Scale: feed.ScaleStars, Format: "json", Items: "data.reviews",
			Fields: map[string]string{"id": "uuid", "score": "rating", "comment": "text", "created_at": "date"}},
	}
}

func TestPollJSONAndNotModified(t *testing.T) {
	var gets atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gets.Add(1)
		if r.Header.Get("X-Api-Key") != "k-123" || r.Header.Get("User-Agent") != "cxtv-feed/test" || r.Header.Get("Accept") != "application/json" {
			t.Errorf("request headers = %v, want the api key, user agent and Accept", r.Header)
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, shopJSON)
	}))
	defer srv.Close()
	h := start(t, []poll.Source{shop(srv.URL + "/v1/reviews?key=secret")}, nil)

	if w := h.clock.next(t); w.d != 0 {
		t.Fatalf("first wait = %v, want 0: a new source is fetched at once", w.d)
	} else {
		w.Fire()
	}
	b := h.batch(t)
	if b.source != "shop" || len(b.items) != 2 || b.items[0].ID != "r-1" || b.items[1].Score != 2 || b.items[1].Comment != "The parcel was damaged and support never called back." {
		t.Errorf("sink got %+v, want r-1 and r-2 of shop", b)
	}
	w := h.clock.next(t)
	if w.d != 15*time.Minute {
		t.Errorf("wait after a good fetch = %v, want the interval 15m", w.d)
	}
	w.Fire()
	if w := h.clock.next(t); w.d != 15*time.Minute {
		t.Errorf("wait after 304 = %v, want the interval", w.d)
	}
	h.noBatch(t)
	if gets.Load() != 2 || h.count(t, "shop", "ok") != 1 || h.count(t, "shop", "not_modified") != 1 {
		t.Errorf("gets = %d, ok = %v, not_modified = %v; want 2, 1, 1", gets.Load(), h.count(t, "shop", "ok"), h.count(t, "shop", "not_modified"))
	}
	if n := h.logs.Count("skipped an entry", "r-3"); n != 1 {
		t.Errorf("log has %d lines about skipping r-3, want 1", n)
	}
	if strings.Contains(h.logs.String(), "secret") {
		t.Errorf("the log shows the URL's query:\n%s", h.logs)
	}
}

func TestPollBackoff(t *testing.T) {
	var status atomic.Int32
	status.Store(http.StatusInternalServerError)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s := int(status.Load()); s != http.StatusOK {
			http.Error(w, "kaputt", s)
			return
		}
		fmt.Fprint(w, shopJSON)
	}))
	defer srv.Close()
	h := start(t, []poll.Source{shop(srv.URL)}, nil)

	h.clock.next(t).Fire()
	// With the jitter fixed at 0.5, each wait is ¾ of 30 s doubled.
	for i, want := range []time.Duration{22500 * time.Millisecond, 45 * time.Second, 90 * time.Second} {
		w := h.clock.next(t)
		if w.d != want {
			t.Errorf("wait after failure %d = %v, want %v", i+1, w.d, want)
		}
		if i == 2 {
			status.Store(http.StatusOK)
		}
		w.Fire()
	}
	h.batch(t)
	w := h.clock.next(t)
	if w.d != 15*time.Minute {
		t.Errorf("wait after recovering = %v, want the interval", w.d)
	}
	if n := h.logs.Count("level=WARN", "poll failed", "500 Internal Server Error"); n != 1 {
		t.Errorf("log has %d warnings for three failures in a row, want 1:\n%s", n, h.logs)
	}
	if n := h.logs.Count("level=INFO", "polling recovered", "failures=3"); n != 1 {
		t.Errorf("log has %d recoveries, want 1", n)
	}
	if got := h.count(t, "shop", "http_error"); got != 3 {
		t.Errorf("http_error fetches = %v, want 3", got)
	}

	// A success resets the backoff; failures go on up to the cap.
	status.Store(http.StatusBadGateway)
	w.Fire()
	for i := range 10 {
		w = h.clock.next(t)
		if i == 0 && w.d != 22500*time.Millisecond {
			t.Errorf("first wait after a new failure = %v, want 22.5s again", w.d)
		}
		w.Fire()
	}
	if w.d != poll.MaxBackoff*3/4 {
		t.Errorf("wait after 10 failures = %v, want ¾ of the cap %v", w.d, poll.MaxBackoff)
	}
	if n := h.logs.Count("level=WARN", "502 Bad Gateway"); n != 1 {
		t.Errorf("log has %d warnings for the 502s, want 1 (a new kind of failure)", n)
	}
}

func TestPollRetryAfter(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "600")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	}))
	defer srv.Close()
	h := start(t, []poll.Source{shop(srv.URL)}, nil)
	h.clock.next(t).Fire()
	if w := h.clock.next(t); w.d != 10*time.Minute {
		t.Errorf("wait after 429 with Retry-After: 600 = %v, want 10m", w.d)
	}
}

func TestPollFailures(t *testing.T) {
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"data":{"reviews":[`))
		w.(http.Flusher).Flush() // headers arrive in time, the rest never
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, strings.Repeat(" ", 2048)+"[]")
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("["))
		w.(http.Flusher).Flush() // no Content-Length: the limit must hold while reading
		fmt.Fprint(w, strings.Repeat(" ", 2048)+"]")
	})
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html><body>Wartungsarbeiten</body></html>")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	defer close(release)

	tests := []struct {
		path, result, log string
	}{
		{"/slow", "timeout", "no complete answer within 200ms"},
		{"/slow-body", "timeout", "no complete answer within 200ms"},
		{"/big", "too_large", "the document is larger than 1 KiB"},
		{"/big-chunked", "too_large", "the document is larger than 1 KiB"},
		{"/html", "malformed", `malformed JSON: invalid character '<'`},
		{"/missing", "http_error", "404 Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			src := shop(srv.URL + tt.path)
			src.Timeout = 200 * time.Millisecond
			h := start(t, []poll.Source{src}, func(o *poll.Options) { o.MaxBody = 1024 })
			h.clock.next(t).Fire()
			if w := h.clock.next(t); w.d != 22500*time.Millisecond {
				t.Errorf("wait = %v, want the first backoff", w.d)
			}
			if got := h.count(t, "shop", tt.result); got != 1 {
				t.Errorf("%s fetches = %v, want 1", tt.result, got)
			}
			if h.logs.Count("level=WARN", "poll failed", tt.log) != 1 {
				t.Errorf("log does not warn %q:\n%s", tt.log, h.logs)
			}
		})
	}
}

func TestPollSinkFailureRefetches(t *testing.T) {
	var conditional atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") != "" {
			conditional.Add(1)
		}
		w.Header().Set("ETag", `"v1"`)
		fmt.Fprint(w, shopJSON)
	}))
	defer srv.Close()
	h := start(t, []poll.Source{shop(srv.URL)}, nil)
	diskFull := errors.New("store feedback: no space left on device")
	h.sinkErr.Store(&diskFull)
	h.clock.next(t).Fire()
	w := h.clock.next(t)
	if w.d != 22500*time.Millisecond || h.count(t, "shop", "store") != 1 {
		t.Errorf("after a store failure: wait %v, store failures %v; want a backoff, 1", w.d, h.count(t, "shop", "store"))
	}
	h.sinkErr.Store(nil)
	w.Fire()
	if b := h.batch(t); len(b.items) != 2 {
		t.Errorf("refetch stored %d items, want 2", len(b.items))
	}
	if conditional.Load() != 0 {
		t.Error("the fetch after a store failure was conditional; it must get the whole document again")
	}
}

const rssFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Bewertungen Filiale Süd</title><language>de</language>
<item><guid>g-1</guid><title>★★★★★ Bestes Schnitzel der Stadt</title><pubDate>Mon, 23 Nov 2026 12:30:00 +0100</pubDate>
<description>&lt;p&gt;Freundlich, schnell &amp;amp; lecker.&lt;/p&gt;</description></item>
</channel></rss>`

const atomFeed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Reviews</title><id>urn:x</id><updated>2026-11-23T10:00:00Z</updated>
<entry><title>Rated 2 out of 5</title><id>urn:review:7</id><updated>2026-11-23T09:00:00Z</updated>
<summary>Waited 40 minutes on the hotline.</summary></entry>
</feed>`

func TestPollRSSAndAtom(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/sued.rss", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept"), "application/rss+xml") {
			t.Errorf("Accept = %q, want feed types", r.Header.Get("Accept"))
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rssFeed)
	})
	mux.HandleFunc("/hotline.atom", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml")
		fmt.Fprint(w, atomFeed)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	h := start(t, []poll.Source{
		{Name: "sued", URL: srv.URL + "/sued.rss", Interval: 15 * time.Minute, Timeout: 5 * time.Second,
			Decode: ingest.PollOptions{Scale: feed.ScaleStars, Format: "rss", Touchpoint: "Filiale"}},
		{Name: "hotline", URL: srv.URL + "/hotline.atom", Interval: 15 * time.Minute, Timeout: 5 * time.Second,
			Decode: ingest.PollOptions{Scale: feed.ScaleStars, Format: "feed"}},
	}, nil)
	h.fetchNew(t, 2)
	got := map[string]feed.Feedback{}
	for range 2 {
		b := h.batch(t)
		if len(b.items) != 1 {
			t.Fatalf("%s: %d items, want 1", b.source, len(b.items))
		}
		got[b.source] = b.items[0]
	}
	if s := got["sued"]; s.ID != "g-1" || s.Score != 5 || s.Comment != "Freundlich, schnell & lecker." || s.Touchpoint != "Filiale" || s.Language != "de" {
		t.Errorf("rss answer = %+v", s)
	}
	if a := got["hotline"]; a.ID != "urn:review:7" || a.Score != 2 || a.Comment != "Waited 40 minutes on the hotline." {
		t.Errorf("atom answer = %+v", a)
	}
}

func TestPollUpdate(t *testing.T) {
	var hits sync.Map // path → *atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := hits.LoadOrStore(r.URL.Path, new(atomic.Int32))
		n.(*atomic.Int32).Add(1)
		fmt.Fprint(w, `[{"id":"`+r.URL.Path+`","score":9}]`)
	}))
	defer srv.Close()
	hitsOf := func(path string) int32 {
		n, ok := hits.Load(path)
		if !ok {
			return 0
		}
		return n.(*atomic.Int32).Load()
	}
	src := func(name, path string) poll.Source {
		return poll.Source{Name: name, URL: srv.URL + path, Interval: time.Hour, Timeout: 5 * time.Second, Decode: ingest.PollOptions{Scale: feed.ScaleNPS}}
	}
	// A source without an interval is not polled: it is logged, not fetched.
	broken := poll.Source{Name: "broken", URL: srv.URL + "/broken"}
	h := start(t, []poll.Source{src("a", "/a"), src("b", "/b"), broken}, nil)
	h.fetchNew(t, 2) // both wait an hour now
	h.batch(t)
	h.batch(t)
	if h.logs.Count("cannot poll", "broken") != 1 || hitsOf("/broken") != 0 {
		t.Errorf("a source without interval: fetched %d times, logged %d; want 0 and 1", hitsOf("/broken"), h.logs.Count("cannot poll", "broken"))
	}

	// a is unchanged, b moves, c is new.
	h.p.Update([]poll.Source{src("a", "/a"), src("b", "/b2"), src("c", "/c")})
	h.fetchNew(t, 2)
	got := map[string]bool{}
	for range 2 {
		b := h.batch(t)
		got[b.source+" "+b.items[0].ID] = true
	}
	if !got["b /b2"] || !got["c /c"] {
		t.Errorf("after Update the sink got %v, want b from /b2 and c", got)
	}
	if hitsOf("/a") != 1 || hitsOf("/b") != 1 {
		t.Errorf("fetches of /a, /b = %d, %d; want 1 each: an unchanged source is not refetched, a moved one not at its old URL", hitsOf("/a"), hitsOf("/b"))
	}

	h.p.Update(nil)
	deadline := time.Now().Add(10 * time.Second)
	for h.logs.Count("stopped polling") < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("sources not stopped after Update; log:\n%s", h.logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPollStopsDuringFetch(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	src := shop(srv.URL)
	src.Timeout = time.Minute
	h := &harness{}
	h.clock = &clock{waits: make(chan wait, 10)}
	p := poll.New(func(context.Context, string, source.Batch) (int, error) { return 0, nil },
		poll.Options{After: h.clock.After})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx, []poll.Source{src}); close(done) }()
	h.clock.next(t).Fire()
	<-entered
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return while a fetch was in flight")
	}
}

// A tool's pull (feed/intake) runs on the same loop as a fetched URL: its
// answers reach the sink, a failure is reported and backed off, and a
// reload with the same settings keeps the loop.
func TestPull(t *testing.T) {
	var calls atomic.Int32
	var failed atomic.Pointer[string]
	pull := func(context.Context) (source.Batch, error) {
		if calls.Add(1) == 2 {
			return source.Batch{}, errors.New("appstore: page 1: HTTP 503")
		}
		b := source.Batch{Items: []feed.Feedback{{ID: "rv-1", Source: "ios", Scale: feed.ScaleStars, Score: 4, CreatedAt: now}}}
		b.Skip("rv-2", "no rating")
		return b, nil
	}
	src := poll.Source{Name: "ios", Interval: time.Hour, Timeout: time.Minute, Pull: pull, Settings: "123456789/de"}
	h := start(t, []poll.Source{src}, func(o *poll.Options) {
		o.Failed = func(name string, err error) { msg := name + ": " + err.Error(); failed.Store(&msg) }
	})
	h.clock.next(t).Fire() // the first pull, at once
	if b := h.batch(t); b.source != "ios" || len(b.items) != 1 || b.items[0].ID != "rv-1" {
		t.Fatalf("first pull = %+v", b)
	}
	if w := h.clock.next(t); w.d != time.Hour {
		t.Errorf("wait after a good pull = %v, want the interval", w.d)
	} else {
		w.Fire()
	}
	if h.logs.Count("skipped an entry", "rv-2: no rating") != 1 {
		t.Errorf("the skipped review was not logged once")
	}
	w := h.clock.next(t)
	if w.d < poll.MinBackoff/2 || w.d > poll.MinBackoff {
		t.Errorf("wait after a failed pull = %v, want a backoff of about %v", w.d, poll.MinBackoff)
	}
	if msg := failed.Load(); msg == nil || *msg != "ios: appstore: page 1: HTTP 503" {
		t.Errorf("Failed heard %v, want the pull's error", msg)
	}
	if h.count(t, "ios", "pull") != 1 {
		t.Errorf("cxtv_poll_fetches_total{ios,pull} = %v, want 1", h.count(t, "ios", "pull"))
	}

	// The same settings with a new function (a reload) keep the loop: no
	// new first fetch.
	again := src
	again.Pull = func(context.Context) (source.Batch, error) { return source.Batch{}, nil }
	h.p.Update([]poll.Source{again})
	w.Fire()
	h.batch(t) // the third pull, by the first function
	if n := calls.Load(); n != 3 {
		t.Errorf("pulls = %d, want 3", n)
	}
}
