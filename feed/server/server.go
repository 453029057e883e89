// Package server is the feed server's HTTP surface: ingest from sources,
// snapshots and WebSockets for screens, fleet status for admins.
package server

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
	"github.com/cxtv/cxtv/feed/health"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/store"
)

// MaxBody bounds a request body; a larger one is answered 413.
const MaxBody = 1 << 20

// Store stores answers and KPI values.
type Store interface {
	AddFeedback(items []feed.Feedback) (store.Added, error)
	AddKPIs(kpis []feed.KPI) error
}

// Publisher rebuilds channel snapshots: Changed is told of the answers
// stored, Notify of other changes to the channels of sources.
type Publisher interface {
	Changed(answers []feed.Feedback)
	Notify(sources ...string)
}

// Hub connects screens and holds each channel's current snapshot. One that
// is also a DeviceHub lets the fleet view see connections and ask screens
// for screenshots.
type Hub interface {
	// ServeWS connects a screen of channel unless it has max screens
	// already (0: no bound).
	ServeWS(w http.ResponseWriter, r *http.Request, channel string, max int)
	Snapshot(channel string) (feed.Snapshot, bool)
	Connected() int
}

// Config is what the server checks requests against. It is taken as it is:
// cmd/cxtv-feed builds it from a validated config.
type Config struct {
	AdminToken string
	Sources    []Source
	Channels   []Channel
	RateLimit  RateLimit
	// OfflineAfter is how long a connected screen may stay silent before
	// the fleet view and the metrics call it offline.
	OfflineAfter time.Duration
}

// Source is a configured source and the ways its answers come in; a nil
// function is a way its type does not have (feed/intake builds them).
type Source struct {
	Name  string
	Type  string     // cxtv, delighted, typeform, …
	Token string     // "": the source's deliveries carry a signature, or it is pulled
	Scale feed.Scale // cxtv: of answers that name none
	// Verify checks a webhook delivery's signature; nil: the token does.
	Verify  func(h http.Header, body []byte) error
	Webhook func(ctx context.Context, body []byte) (source.Batch, error)
	Import  func(ctx context.Context, r io.Reader, contentType string) (source.Batch, error)
	Pulled  bool // the server fetches it
}

// Channel is a channel whose screens connect.
type Channel struct {
	Name         string
	DisplayToken string
	MaxScreens   int // open connections at most; 0: no bound
	// Logo is the channel's PNG, served under feed.LogoPath(Name, LogoHash)
	// to its screens, which fetch it once per hash. Empty: no logo.
	Logo     []byte
	LogoHash string
}

// RateLimit bounds requests per token.
type RateLimit struct {
	PerMinute int // 0: no limit
	Burst     int
}

// channel returns the channel named name.
func (c *Config) channel(name string) (*Channel, bool) {
	for i := range c.Channels {
		if c.Channels[i].Name == name {
			return &c.Channels[i], true
		}
	}
	return nil, false
}

// Deps is what the server needs.
type Deps struct {
	Store     Store
	Publisher Publisher
	Hub       Hub
	Fleet     *Fleet
	Health    *health.Board // nil: a board of its own
	// Redactions lists what a channel's candidate comments had redacted
	// or why they were hidden (publish.Redactions); nil: not offered.
	Redactions func(channel string) ([]curate.Redaction, error)
	Metrics    *Metrics
	// Pages are more routes, served by other packages behind the
	// server's token checks (the web player and preview).
	Pages  []Page
	Now    func() time.Time
	Logger *slog.Logger
}

// Server serves the feed HTTP API.
type Server struct {
	Deps
	mux *http.ServeMux
	// state is owned by the atomic pointer: a reload stores a new one, a
	// request loads the one in force when it starts.
	state atomic.Pointer[state]
	// starting: the channels' first snapshots are being built.
	starting atomic.Bool
	storage  storage
}

// state is what a config reload replaces as a whole.
type state struct {
	cfg       *Config
	limit     *limiter
	configErr error // the newest file on disk failed to load; cfg is older
	errSince  time.Time
}

// New returns the server's handler, checking requests against cfg until
// SetConfig replaces it.
func New(cfg Config, d Deps) *Server {
	if d.Metrics == nil {
		d.Metrics = NewMetrics(func() float64 { return float64(d.Hub.Connected()) })
	}
	if d.Health == nil {
		d.Health = health.New(d.Now)
	}
	d.Metrics.reg.MustRegister(d.Health.Collectors()...)
	s := &Server{Deps: d, mux: http.NewServeMux()}
	s.SetConfig(cfg)
	s.routes()
	return s
}

// SetConfig makes cfg the config of every later request.
func (s *Server) SetConfig(cfg Config) {
	list := make([]health.Source, len(cfg.Sources))
	for i, src := range cfg.Sources {
		list[i] = health.Source{Name: src.Name, Type: src.Type}
	}
	s.Health.SetSources(list)
	s.state.Store(&state{cfg: &cfg, limit: newLimiter(cfg.RateLimit.PerMinute, cfg.RateLimit.Burst)})
	s.Metrics.ConfigError.Set(0)
}

// SetConfigError records that the config file on disk is invalid, so that
// /healthz and the metrics say so while the previous config stays in use.
func (s *Server) SetConfigError(err error) {
	old := s.state.Load()
	next := *old
	next.configErr, next.errSince = err, s.Now()
	s.state.Store(&next)
	s.Metrics.ConfigError.Set(1)
}

// ConfigError returns the error of the config file on disk and since
// when it failed, or nil while the file in force is the newest.
func (s *Server) ConfigError() (since time.Time, err error) {
	st := s.state.Load()
	return st.errSince, st.configErr
}

// config returns the config in use.
func (s *Server) config() *Config { return s.state.Load().cfg }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// bearer returns the request's token: the Authorization header, or the
// token query parameter (browsers cannot set headers on WebSockets).
func bearer(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return ""
		}
		return strings.TrimSpace(tok)
	}
	return r.URL.Query().Get("token")
}

// tokenEqual compares in constant time, so a wrong token's timing tells
// nothing about the right one.
func tokenEqual(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// source returns the source whose token the request carries, answering
// 401 or 429 itself otherwise.
func (s *Server) source(w http.ResponseWriter, r *http.Request) (*Source, bool) {
	st := s.state.Load()
	tok := bearer(r)
	var found *Source
	for i := range st.cfg.Sources {
		// Compare against every source, not stopping early, to keep timing flat.
		if tokenEqual(tok, st.cfg.Sources[i].Token) {
			found = &st.cfg.Sources[i]
		}
	}
	if found == nil {
		s.reject(w, http.StatusUnauthorized, "unauthorized", "missing or unknown source token (Authorization: Bearer …)")
		return nil, false
	}
	if !st.limit.allow(tok) {
		w.Header().Set("Retry-After", "1")
		s.reject(w, http.StatusTooManyRequests, "rate_limited", "too many requests for this token; slow down")
		return nil, false
	}
	return found, true
}

// reject answers an error and counts it by reason.
func (s *Server) reject(w http.ResponseWriter, status int, reason, msg string) {
	s.Metrics.Rejected.WithLabelValues(reason).Inc()
	writeError(w, status, msg)
}

// apiError is the JSON body of every error answer.
type apiError struct {
	Error string `json:"error"`
	Index *int   `json:"index,omitempty"`
	Field string `json:"field,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, apiError{Error: msg})
}
