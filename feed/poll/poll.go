// Package poll fetches the documents of polled sources on their intervals
// and hands the answers in them to a sink. Each source has one goroutine
// that fetches with a timeout, a conditional GET and a body limit, and
// backs off exponentially, with jitter, while its URL fails.
//
// It is a package of its own, rather than part of feed/ingest, so that
// ingest stays pure decoding (fuzzed, no network, no goroutines) while this
// package owns the HTTP client, the timers and the per-source state.
package poll

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/cxtv/cxtv/feed/ingest"
	"github.com/cxtv/cxtv/feed/source"
)

// Sink stores what one good fetch of source brought — its answers, and
// the entries left out — and returns how many answers were new or
// updated. An error counts as a failed fetch: the document is fetched
// again, in full, after a backoff.
type Sink func(ctx context.Context, source string, b source.Batch) (stored int, err error)

// Bounds of fetching.
const (
	// DefaultMaxBody bounds a fetched document; review feeds are a few
	// hundred KiB at most.
	DefaultMaxBody = 5 << 20
	// MinBackoff is the wait after the first failure; it doubles with every
	// further failure up to MaxBackoff (or the source's interval, if that
	// is longer). Half of each wait is random, so that many servers
	// restarted together do not fetch in step.
	MinBackoff = 30 * time.Second
	MaxBackoff = 30 * time.Minute
)

// Options are the poller's dependencies; the zero value of each field is
// a working default.
type Options struct {
	Client    *http.Client // each fetch is bounded by its source's timeout, not the client's
	UserAgent string
	MaxBody   int64                                // 0: DefaultMaxBody
	Now       func() time.Time                     // dates answers that carry no date
	After     func(time.Duration) <-chan time.Time // waits between fetches; tests fire it themselves
	Jitter    func() float64                       // in [0, 1): the random part of a backoff
	Logger    *slog.Logger
	Metrics   *Metrics // nil: not counted
	// Failed hears of every failed fetch, with its error; nil: nobody.
	Failed func(source string, err error)
}

// Source is one polled source: a URL to fetch and decode, or a tool's pull.
// It is taken as it is: cmd/cxtv-feed builds it from a validated config,
// whose validation has filled in the defaults.
type Source struct {
	Name     string
	URL      string             // http or https
	Interval time.Duration      // between fetches; a source without one is not polled
	Timeout  time.Duration      // of one fetch; a source without one is not polled
	Headers  map[string]string  // sent with every fetch, e.g. an API key
	Decode   ingest.PollOptions // its Source is Name
	// Pull, when set, fetches instead of URL and Decode: a tool's API
	// read by its adapter (feed/intake). Settings describes what Pull
	// reads, so that a reload that changes nothing keeps its loop.
	Pull     func(ctx context.Context) (source.Batch, error)
	Settings string
}

// Poller runs one fetch loop per polled source.
type Poller struct {
	sink Sink
	o    Options

	mu      sync.Mutex    // makes Update's drain-and-send atomic
	updates chan []Source // the newest source list not yet applied; capacity 1
}

// keepSecretsOnHost follows at most 10 redirects, and drops every header
// but the standard ones when a redirect leaves the source's host: the
// configured headers (API keys) are meant for that host alone. Go itself
// drops only Authorization and Cookie.
func keepSecretsOnHost(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if req.URL.Host == via[0].URL.Host {
		return nil
	}
	for k := range req.Header {
		switch k {
		case "User-Agent", "Accept", "If-None-Match", "If-Modified-Since":
		default:
			req.Header.Del(k)
		}
	}
	return nil
}

// New returns a poller that hands what it fetches to sink; Run starts it.
func New(sink Sink, o Options) *Poller {
	if o.Client == nil {
		o.Client = &http.Client{CheckRedirect: keepSecretsOnHost}
	}
	if o.UserAgent == "" {
		o.UserAgent = "cxtv-feed"
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.After == nil {
		o.After = time.After
	}
	if o.Jitter == nil {
		o.Jitter = rand.Float64
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Metrics == nil {
		o.Metrics = NewMetrics()
	}
	return &Poller{sink: sink, o: o, updates: make(chan []Source, 1)}
}

// Update replaces the list of sources, for example after a config reload.
// A source whose settings are unchanged keeps its loop (and its
// conditional-GET and backoff state); a changed one is restarted and
// fetched at once; one no longer listed is stopped. It does not block.
func (p *Poller) Update(sources []Source) {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.updates: // superseded
	default:
	}
	p.updates <- slices.Clone(sources)
}

// loop is the running fetch loop of one source.
type loop struct {
	src    Source
	cancel context.CancelFunc
	done   chan struct{}
}

// Run polls sources, and those of later Updates, until ctx ends; it returns
// once every fetch has stopped.
func (p *Poller) Run(ctx context.Context, sources []Source) {
	loops := map[string]*loop{} // owned by Run
	defer func() {
		for name := range loops {
			p.stop(loops, name)
		}
	}()
	p.apply(ctx, loops, sources)
	for {
		select {
		case <-ctx.Done():
			return
		case next := <-p.updates:
			p.apply(ctx, loops, next)
		}
	}
}

// apply makes loops match sources.
func (p *Poller) apply(ctx context.Context, loops map[string]*loop, sources []Source) {
	want := map[string]Source{}
	for _, s := range sources {
		want[s.Name] = s
	}
	for name, l := range loops {
		if s, ok := want[name]; ok && sameSettings(s, l.src) {
			delete(want, name)
			continue
		}
		p.stop(loops, name)
		if _, ok := want[name]; !ok {
			p.o.Metrics.forget(name)
			p.o.Logger.Info("stopped polling", "source", name)
		}
	}
	for name, s := range want {
		var dec *ingest.PollDecoder
		var err error
		if s.Pull == nil {
			do := s.Decode
			do.Source = s.Name
			dec, err = ingest.NewPollDecoder(do)
		}
		if err == nil && (s.Interval <= 0 || s.Timeout <= 0) {
			err = fmt.Errorf("interval %v and timeout %v must be > 0", s.Interval, s.Timeout)
		}
		if err != nil { // config validation rejects what would fail here
			p.o.Logger.Error("cannot poll", "source", name, "err", err)
			continue
		}
		lctx, cancel := context.WithCancel(ctx)
		l := &loop{src: s, cancel: cancel, done: make(chan struct{})}
		loops[name] = l
		go func() {
			defer close(l.done)
			p.run(lctx, s, dec)
		}()
	}
}

// sameSettings reports whether a and b poll the same way. Pull functions
// cannot be compared: their Settings are.
func sameSettings(a, b Source) bool {
	if (a.Pull == nil) != (b.Pull == nil) {
		return false
	}
	a.Pull, b.Pull = nil, nil
	return reflect.DeepEqual(a, b)
}

// stop ends a source's loop and waits for it, so that two loops of one
// source never run at once.
func (p *Poller) stop(loops map[string]*loop, name string) {
	l := loops[name]
	l.cancel()
	<-l.done
	delete(loops, name)
}
