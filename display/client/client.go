// Package client keeps a display connected to its channel on the feed
// server: it dials the channel's WebSocket, hands every snapshot to the
// screen, reports what the screen shows in a heartbeat, and reconnects
// with capped, jittered backoff when the server or the network goes away.
package client

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/cxtv/cxtv/display/latest"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/backoff"
)

// Defaults for Options left zero.
const (
	DefaultMinBackoff = time.Second
	DefaultMaxBackoff = 30 * time.Second
	// DefaultSpread is over how long the screens of a restarted server come
	// back: 1,000 screens reconnect at about 100 a second.
	DefaultSpread         = 10 * time.Second
	DefaultHeartbeatEvery = 30 * time.Second
	// DefaultHeartbeatGap is the least time between two heartbeats when
	// what the screen shows changes faster: the server takes two messages
	// a second from a screen (a burst of 20) and drops the rest.
	DefaultHeartbeatGap = time.Second
	// DefaultReadTimeout must exceed the server's ping period: a connection
	// with no message and no ping for this long is dead (a pulled cable
	// gives no error, only silence).
	DefaultReadTimeout = 75 * time.Second
)

// Options configure a Client.
type Options struct {
	Server  string // base URL of cxtv-feed: http://host:8080
	Channel string
	Token   string // the channel's display token
	Device  string // name in the fleet view
	Version string // build version, reported in heartbeats

	MinBackoff, MaxBackoff time.Duration // wait between attempts, doubling
	// Spread bounds the first wait after a connection that worked was
	// lost: a random time in [MinBackoff/2, Spread), so that the screens of
	// a restarted server do not all knock at once.
	Spread time.Duration
	// HeartbeatEvery is how often a heartbeat goes out while nothing
	// changes; a change of what the screen shows (SetStatus) sends one
	// sooner, but never within HeartbeatGap of the last.
	HeartbeatEvery, HeartbeatGap time.Duration
	ReadTimeout                  time.Duration

	// OfflineSince is reported as the start of an outage that began before
	// this process connected: when the cached snapshot was received.
	OfflineSince time.Time
	// StartedAt is when the display process started, sent in every
	// heartbeat for the fleet view's uptime.
	StartedAt time.Time
	// Screenshots, when set, uploads a picture of the screen when the
	// server asks; the client tells it when a heartbeat went out.
	Screenshots *Uploader
	Now         func() time.Time
	Logger      *slog.Logger
}

// State is the connection state shown on screen.
type State struct {
	Online bool
	// Since is when the display went offline (zero while online): when
	// the connection was lost if Reached, else Options.OfflineSince.
	Since time.Time
	// Reached reports whether the server was reached since Run began.
	Reached bool
	// ServerTime is the server's clock as read at LocalTime, a reading of
	// Options.Now (time.Now: with its monotonic reading), taken on every
	// connection; zero until one succeeded. A Raspberry Pi has no
	// real-time clock: the screen shows its clock by this one when its
	// own is off.
	ServerTime, LocalTime time.Time
}

// Status is what the screen shows, reported to the server in heartbeats.
type Status struct {
	Slide    string
	Revision string
	CachedAt time.Time
}

// Client is one display's connection. Create it with New, start it with
// Run, read Snapshots and States.
type Client struct {
	opts      Options
	url       string
	healthURL string       // read for the server's clock (its Date header)
	http      *http.Client // for healthURL and logos
	snapshots chan Received
	states    chan State

	mu     sync.Mutex // guards status, set by the screen, read by the writer
	status Status
	// changed wakes the heartbeat writer when status changed in a way
	// the fleet view shows; one slot, as the writer reads status anew.
	changed chan struct{}
}

// New checks opts and returns a client that has not connected yet.
func New(opts Options) (*Client, error) {
	u, err := WebSocketURL(opts.Server, opts.Channel)
	if err != nil {
		return nil, err
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = DefaultMinBackoff
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = max(DefaultMaxBackoff, opts.MinBackoff)
	}
	if opts.Spread <= 0 {
		opts.Spread = DefaultSpread
	}
	opts.Spread = max(opts.Spread, opts.MinBackoff)
	if opts.HeartbeatEvery <= 0 {
		opts.HeartbeatEvery = DefaultHeartbeatEvery
	}
	if opts.HeartbeatGap <= 0 {
		opts.HeartbeatGap = DefaultHeartbeatGap
	}
	if opts.ReadTimeout <= 0 {
		opts.ReadTimeout = DefaultReadTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.OfflineSince.IsZero() {
		opts.OfflineSince = opts.Now()
	}
	health, err := serverURL(opts.Server, "/healthz")
	if err != nil {
		return nil, err
	}
	return &Client{
		opts:      opts,
		url:       u,
		healthURL: health,
		http:      &http.Client{},
		snapshots: make(chan Received, 1),
		states:    make(chan State, 1),
		changed:   make(chan struct{}, 1),
	}, nil
}

// Received is a snapshot as it came from the server: decoded, and the
// bytes of the message it came in, for the cache to keep as they are.
type Received struct {
	Snapshot feed.Snapshot
	Message  []byte
}

// Snapshots delivers every snapshot received. A reader that falls behind
// gets the latest one: older ones are dropped, never queued.
func (c *Client) Snapshots() <-chan Received { return c.snapshots }

// States delivers changes of the connection state, latest first.
func (c *Client) States() <-chan State { return c.states }

// SetStatus records what the screen shows, for the next heartbeat. When
// the kind of slide or the content changed, that heartbeat goes out within
// HeartbeatGap rather than at the next HeartbeatEvery. It never blocks:
// the screen calls it from its render loop.
func (c *Client) SetStatus(s Status) {
	c.mu.Lock()
	news := newsworthy(c.status, s)
	c.status = s
	c.mu.Unlock()
	if news {
		select {
		case c.changed <- struct{}{}:
		default: // a wake-up is pending; it will read this status
		}
	}
}

func (c *Client) currentStatus() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

// Run connects and stays connected until ctx is done; it always returns
// nil then. Failures are logged and retried, never returned: a display
// waits for its server as long as it runs.
func (c *Client) Run(ctx context.Context) error {
	log := c.opts.Logger
	var online *bool // nil until the first attempt decided
	var last State   // the last state sent: its reached flag and clock reading
	setOnline := func(on bool, since time.Time) {
		if online != nil && *online == on {
			return
		}
		online = &on
		last.Online, last.Since = on, since
		latest.Offer(c.states, last)
	}
	attempt := 0
	for {
		s, err := c.session(ctx, func() {
			last.Reached = true
			if server, local, err := c.serverClock(ctx); err == nil {
				last.ServerTime, last.LocalTime = server, local
			} else {
				log.Debug("could not read the server's clock", "err", err)
			}
			setOnline(true, time.Time{})
			log.Info("connected", "url", c.url)
		})
		if ctx.Err() != nil {
			return nil
		}
		since := c.opts.OfflineSince
		if s.connected {
			since = c.opts.Now()
		}
		setOnline(false, since)
		var wait time.Duration
		if s.snapshots > 0 {
			// The server worked: the next outage starts from a short wait,
			// spread, since every screen of the server lost it just now.
			attempt = 0
			wait = c.spread()
		} else {
			wait = c.backoff(attempt)
		}
		attempt++
		log.Warn("disconnected; retrying", "err", err, "retry_in", wait.Round(time.Millisecond))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// clockTimeout bounds the request for the server's clock: it is made
// right after connecting, before the first snapshot is read.
const clockTimeout = 3 * time.Second

// serverClock reads the server's clock from the Date header of its
// health check (every Go HTTP server sets it; the WebSocket handshake
// does not carry one). It returns the server's time and the local
// reading it corresponds to: the middle of the round trip, and half a
// second added to the server's, which Date truncates to the second.
func (c *Client) serverClock(ctx context.Context) (server, local time.Time, err error) {
	ctx, cancel := context.WithTimeout(ctx, clockTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.healthURL, nil)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	t0 := c.opts.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	t1 := c.opts.Now()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("%s: Date header: %w", c.healthURL, err)
	}
	return date.Add(500 * time.Millisecond), t0.Add(t1.Sub(t0) / 2), nil
}

// spread is the first wait after a working connection was lost.
func (c *Client) spread() time.Duration {
	lo := c.opts.MinBackoff / 2
	return lo + time.Duration(rand.Float64()*float64(c.opts.Spread-lo))
}

// backoff is the wait before attempt n (0-based): the minimum doubled per
// attempt up to the maximum, of which a random half is taken away, so that
// a room of screens does not reconnect in lockstep after a server restart.
func (c *Client) backoff(n int) time.Duration {
	return backoff.Delay(n+1, c.opts.MinBackoff, c.opts.MaxBackoff, rand.Float64())
}
