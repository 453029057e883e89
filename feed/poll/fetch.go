package poll

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cxtv/cxtv/feed/backoff"
	"github.com/cxtv/cxtv/feed/ingest"
	"github.com/cxtv/cxtv/feed/source"
)

// state is what a source's loop remembers between fetches; only that loop
// touches it.
type state struct {
	etag, lastModified string // of the last document stored
	failures           int    // in a row
	failing            string // what the last failure was, as logged; "" while fetches succeed
	skipped            map[string]bool
}

// fetchError is a failed fetch. class labels the metric; what tells
// failures apart in the log, so that a source failing the same way is
// logged once, not at every retry.
type fetchError struct {
	class      string // http_error, timeout, network, too_large, malformed, store
	what       string
	err        error
	retryAfter time.Duration // the server asked to wait this long
}

func (e *fetchError) Error() string { return e.err.Error() }
func (e *fetchError) Unwrap() error { return e.err }

// maxSkipLogs bounds the entries logged one by one after a fetch.
const maxSkipLogs = 5

// run fetches src every interval until ctx ends.
func (p *Poller) run(ctx context.Context, src Source, dec *ingest.PollDecoder) {
	log := p.o.Logger.With("source", src.Name)
	if src.Pull == nil {
		log = log.With("url", safeURL(src.URL))
	}
	log.Info("polling", "interval", src.Interval)
	st := &state{}
	var wait time.Duration // the first fetch at once
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.o.After(wait):
		}
		err := p.once(ctx, src, dec, st, log)
		if ctx.Err() != nil {
			return
		}
		wait = p.next(src, st, err, log)
	}
}

// once fetches src's document, or pulls it, and stores what is new in it.
func (p *Poller) once(ctx context.Context, src Source, dec *ingest.PollDecoder, st *state, log *slog.Logger) error {
	if src.Pull != nil {
		return p.pull(ctx, src, st, log)
	}
	body, resp, err := p.get(ctx, src, st)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusNotModified {
		p.o.Metrics.fetched(src.Name, "not_modified", p.o.Now())
		log.Debug("polled", "status", resp.StatusCode)
		return nil
	}
	polled, err := dec.Decode(body, p.o.Now())
	if err != nil {
		return &fetchError{class: "malformed", what: "malformed", err: err}
	}
	b := source.Batch{Items: polled.Items}
	for _, sk := range polled.Skipped {
		if sk.ID != "" { // the key of a skip logged once: stable while the feed moves on
			b.Skip(sk.ID, sk.Field+": "+sk.Reason)
		} else {
			b.Skip("", sk.String())
		}
	}
	stored, err := p.sink(ctx, src.Name, b)
	if err != nil {
		return &fetchError{class: "store", what: "store", err: err}
	}
	p.noteSkipped(src.Name, st, b.Skipped, log)
	// Only now: if storing had failed, the next fetch must get it all again.
	st.etag, st.lastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	p.o.Metrics.fetched(src.Name, "ok", p.o.Now())
	log.Debug("polled", "status", resp.StatusCode, "bytes", len(body), "items", len(polled.Items), "new", stored, "skipped", len(polled.Skipped))
	return nil
}

// pull has src's adapter read the tool's API and stores what is new.
func (p *Poller) pull(ctx context.Context, src Source, st *state, log *slog.Logger) error {
	tctx, cancel := context.WithTimeout(ctx, src.Timeout)
	defer cancel()
	b, err := src.Pull(tctx)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err() // stopping, not failing
		}
		if tctx.Err() != nil {
			return &fetchError{class: "timeout", what: "timeout", err: fmt.Errorf("no complete answer within %v: %w", src.Timeout, err)}
		}
		return &fetchError{class: "pull", what: err.Error(), err: err}
	}
	stored, err := p.sink(ctx, src.Name, b)
	if err != nil {
		return &fetchError{class: "store", what: "store", err: err}
	}
	p.noteSkipped(src.Name, st, b.Skipped, log)
	p.o.Metrics.fetched(src.Name, "ok", p.o.Now())
	log.Debug("pulled", "items", len(b.Items), "new", stored, "skipped", len(b.Skipped))
	return nil
}

// get fetches src's URL; a 304 answer has no body.
func (p *Poller) get(ctx context.Context, src Source, st *state) ([]byte, *http.Response, error) {
	tctx, cancel := context.WithTimeout(ctx, src.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(tctx, http.MethodGet, src.URL, nil)
	if err != nil {
		return nil, nil, &fetchError{class: "network", what: "request", err: err}
	}
	req.Header.Set("User-Agent", p.o.UserAgent)
	if src.Decode.Format == "" || src.Decode.Format == "json" {
		req.Header.Set("Accept", "application/json")
	} else {
		req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8")
	}
	for k, v := range src.Headers {
		req.Header.Set(k, v)
	}
	if st.etag != "" {
		req.Header.Set("If-None-Match", st.etag)
	}
	if st.lastModified != "" {
		req.Header.Set("If-Modified-Since", st.lastModified)
	}
	resp, err := p.o.Client.Do(req)
	if err != nil {
		return nil, nil, transportError(ctx, tctx, err, src.Timeout)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return nil, resp, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10)) // lets the connection be reused
		return nil, nil, &fetchError{
			class: "http_error", what: "status " + strconv.Itoa(resp.StatusCode),
			err:        fmt.Errorf("the server answered %s", resp.Status),
			retryAfter: retryAfter(resp.Header.Get("Retry-After"), p.o.Now()),
		}
	case resp.ContentLength > p.o.MaxBody:
		return nil, nil, p.tooLarge()
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, p.o.MaxBody+1))
	if err != nil {
		return nil, nil, transportError(ctx, tctx, err, src.Timeout)
	}
	if int64(len(body)) > p.o.MaxBody {
		return nil, nil, p.tooLarge()
	}
	return body, resp, nil
}

func (p *Poller) tooLarge() error {
	return &fetchError{class: "too_large", what: "too_large", err: fmt.Errorf("the document is larger than %d KiB", p.o.MaxBody>>10)}
}

// transportError names a failed request without its URL, whose query may
// hold a key; the log names the URL without it. ctx is the loop's, tctx
// the fetch's, which also ends when the timeout is reached.
func transportError(ctx, tctx context.Context, err error, timeout time.Duration) error {
	if ctx.Err() != nil {
		return ctx.Err() // stopping, not failing
	}
	if tctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
		return &fetchError{class: "timeout", what: "timeout", err: fmt.Errorf("no complete answer within %v", timeout)}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &fetchError{class: "network", what: "network", err: err}
}

// next records the outcome of a fetch and returns the wait until the next.
func (p *Poller) next(src Source, st *state, err error, log *slog.Logger) time.Duration {
	interval := src.Interval
	if err == nil {
		if st.failing != "" {
			log.Info("polling recovered", "failures", st.failures)
		}
		st.failures, st.failing = 0, ""
		return interval
	}
	var fe *fetchError
	if !errors.As(err, &fe) {
		fe = &fetchError{class: "network", what: "network", err: err}
	}
	st.failures++
	limit := max(MaxBackoff, interval)
	wait := backoff.Delay(st.failures, MinBackoff, limit, p.o.Jitter())
	if fe.retryAfter > wait {
		wait = min(fe.retryAfter, limit)
	}
	p.o.Metrics.fetched(src.Name, fe.class, time.Time{})
	if p.o.Failed != nil {
		p.o.Failed(src.Name, err)
	}
	if fe.what != st.failing {
		log.Warn("poll failed", "err", err, "retry_in", wait.Round(time.Second))
	} else {
		log.Debug("poll failed again", "err", err, "failures", st.failures, "retry_in", wait.Round(time.Second))
	}
	st.failing = fe.what
	return wait
}

// maxRetryAfter bounds what a Retry-After header can ask for: the wait is
// capped at the poll's own limit anyway, and a huge number of seconds
// would overflow a Duration.
const maxRetryAfter = 24 * time.Hour

// retryAfter reads a Retry-After header: seconds or an HTTP date; 0 when
// there is none or it makes no sense.
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil && s > 0 {
		return time.Duration(min(s, int(maxRetryAfter/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return min(t.Sub(now), maxRetryAfter)
	}
	return 0
}

// noteSkipped logs and counts the entries a fetch skipped that the fetch
// before did not: a broken review stays in a feed for weeks, and is worth
// one warning, not one at every fetch.
func (p *Poller) noteSkipped(name string, st *state, skipped []source.Skipped, log *slog.Logger) {
	seen := make(map[string]bool, len(skipped))
	fresh := 0
	for _, s := range skipped {
		key := s.ID
		if key == "" {
			key = s.Reason
		}
		seen[key] = true
		if st.skipped[key] {
			continue
		}
		fresh++
		if fresh <= maxSkipLogs {
			log.Warn("skipped an entry of the feed", "entry", s.String())
		}
	}
	if fresh > maxSkipLogs {
		log.Warn("skipped more entries of the feed", "more", fresh-maxSkipLogs)
	}
	st.skipped = seen
	p.o.Metrics.skipped(name, fresh)
}

// safeURL is u without its query and user info, which may hold keys.
func safeURL(u string) string {
	parsed, err := url.Parse(u)
	if err != nil {
		return "(invalid URL)"
	}
	return (&url.URL{Scheme: parsed.Scheme, Host: parsed.Host, Path: parsed.Path}).String()
}
