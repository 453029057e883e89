// Package server is the feed server's HTTP surface: ingest from sources,
// snapshots and WebSockets for screens, fleet status for admins.
package server

import (
	"crypto/subtle"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/cxtv/cxtv/config"
	"github.com/cxtv/cxtv/feed"
)

// MaxBody bounds a request body; a larger one is answered 413.
const MaxBody = 1 << 20

// FeedbackStore stores answers.
type FeedbackStore interface {
	AddFeedback(items []feed.Feedback) (accepted, duplicates int, err error)
}

// Publisher rebuilds and serves channel snapshots.
type Publisher interface {
	Rebuild(sources ...string) error
	Snapshot(channel string) (feed.Snapshot, bool)
}

// Hub connects screens.
type Hub interface {
	ServeWS(w http.ResponseWriter, r *http.Request, channel string)
	Connected() int
}

// Deps is what the server needs.
type Deps struct {
	Config    *config.Feed
	Store     FeedbackStore
	Publisher Publisher
	Hub       Hub
	Fleet     *Fleet
	Now       func() time.Time
	Logger    *slog.Logger
}

// Server serves the feed HTTP API.
type Server struct {
	Deps
	mux *http.ServeMux
}

// New returns the server's handler.
func New(d Deps) *Server {
	s := &Server{Deps: d, mux: http.NewServeMux()}
	s.routes()
	return s
}

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

// source returns the source whose token the request carries.
func (s *Server) source(r *http.Request) (*config.SourceConfig, bool) {
	tok := bearer(r)
	var found *config.SourceConfig
	for i := range s.Config.Sources {
		// Compare against every source, not stopping early, to keep timing flat.
		if tokenEqual(tok, s.Config.Sources[i].Token) {
			found = &s.Config.Sources[i]
		}
	}
	return found, found != nil
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
