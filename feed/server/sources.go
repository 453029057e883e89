package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed/health"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/store"
)

// MaxImport bounds an export posted to a source's import route: a
// 100,000-row Qualtrics export is some 40 MB.
const MaxImport = 256 << 20

// sourceResult is the answer to a delivery or an import.
type sourceResult struct {
	Accepted   int      `json:"accepted"`
	Updated    int      `json:"updated"`
	Duplicates int      `json:"duplicates"`
	Skipped    int      `json:"skipped"`
	Reasons    []string `json:"skipped_reasons,omitempty"` // the first few
	Ignored    string   `json:"ignored,omitempty"`         // an event acknowledged and dropped
}

// webhookFetchTime bounds what a delivery may have the server fetch.
const webhookFetchTime = 20 * time.Second

// maxReasons bounds the skipped responses an answer lists.
const maxReasons = 10

// Receive stores what one delivery, import or pull of the source named name
// brought and records it on the health board; via says which way it came
// (webhook, import, post, pull). Every way in goes through it.
func (s *Server) Receive(name, via string, b source.Batch) (store.Added, error) {
	added, err := s.Ingest(name, b.Items)
	if err != nil {
		s.SourceFailed(name, via, fmt.Errorf("store: %w", err))
		return store.Added{}, err
	}
	r := health.Result{Via: via, New: added.New, Updated: added.Updated, Duplicates: added.Duplicates, Skipped: len(b.Skipped)}
	if len(b.Skipped) > 0 {
		r.SkipReason = b.Skipped[0].String()
	}
	s.Health.Record(name, r)
	return added, nil
}

// SourceFailed records that a delivery, import or pull of the source named
// name failed as a whole.
func (s *Server) SourceFailed(name, via string, err error) {
	s.Health.Record(name, health.Result{Via: via, Err: err})
}

// namedSource returns the source the path names, answering 404 itself
// otherwise.
func (s *Server) namedSource(w http.ResponseWriter, r *http.Request) (*Source, bool) {
	name := r.PathValue("name")
	for i, src := range s.config().Sources {
		if src.Name == name {
			return &s.config().Sources[i], true
		}
	}
	s.reject(w, http.StatusNotFound, "unknown_source", fmt.Sprintf("no source named %q in the config", name))
	return nil, false
}

// sourceToken returns the token a tool sent: as a bearer token, as the
// password of basic auth (tools that only take a URL with user info), or as
// ?token=. The query is never logged.
func sourceToken(r *http.Request) string {
	if _, pw, ok := r.BasicAuth(); ok {
		return pw
	}
	return bearer(r)
}

// handleWebhookCheck answers the HEAD request SurveyMonkey sends to a
// webhook's URL before it creates the webhook.
func (s *Server) handleWebhookCheck(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.namedSource(w, r); ok {
		w.WriteHeader(http.StatusOK)
	}
}

// handleWebhook takes one delivery of a tool's webhook: checked by its
// signature, or by the source token for tools that cannot sign.
func (s *Server) handleWebhook(w http.ResponseWriter, r *http.Request) {
	src, ok := s.namedSource(w, r)
	if !ok {
		return
	}
	if src.Webhook == nil {
		s.reject(w, http.StatusNotFound, "no_webhook", fmt.Sprintf("source %q (type %s) takes no webhooks; %s", src.Name, src.Type, src.Takes()))
		return
	}
	if !s.limited(w, "source:"+src.Name) {
		return
	}
	body, ok := s.readBody(w, r)
	if !ok {
		return
	}
	if src.Verify != nil {
		if err := src.Verify(r.Header, body); err != nil {
			s.Health.Record(src.Name, health.Result{Via: "webhook", Err: err, Refused: true})
			s.reject(w, http.StatusUnauthorized, "bad_signature", "nothing stored: "+err.Error())
			return
		}
	} else if !tokenEqual(sourceToken(r), src.Token) {
		s.Health.Record(src.Name, health.Result{Via: "webhook", Err: errors.New("a delivery without the source token"), Refused: true})
		s.reject(w, http.StatusUnauthorized, "unauthorized",
			"missing or wrong source token (Authorization: Bearer …, basic auth password, or ?token=); nothing stored")
		return
	}
	// SurveyMonkey's callbacks have the server read the response from the
	// API while the tool waits.
	ctx, cancel := context.WithTimeout(r.Context(), webhookFetchTime)
	defer cancel()
	b, err := src.Webhook(ctx, body)
	if s.failedDelivery(w, src.Name, "webhook", err) {
		return
	}
	s.stored(w, src.Name, "webhook", b)
}

// handleImport takes an export of the source (a Qualtrics or Google Forms
// CSV, or cxtv CSV or JSON), read as it streams in and stored all or
// nothing, while the server runs.
func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) {
	src, ok := s.namedSource(w, r)
	if !ok {
		return
	}
	if !s.isAdmin(r) && !tokenEqual(sourceToken(r), src.Token) {
		s.reject(w, http.StatusUnauthorized, "unauthorized", "needs the admin token or the source's token; nothing stored")
		return
	}
	if src.Import == nil {
		s.reject(w, http.StatusNotFound, "no_import", fmt.Sprintf("source %q (type %s) takes no imports; %s", src.Name, src.Type, src.Takes()))
		return
	}
	b, err := src.Import(r.Context(), http.MaxBytesReader(w, r.Body, MaxImport), r.Header.Get("Content-Type"))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		s.SourceFailed(src.Name, "import", err)
		s.reject(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("export over %d bytes; nothing stored", MaxImport))
		return
	}
	if s.failedDelivery(w, src.Name, "import", err) {
		return
	}
	s.stored(w, src.Name, "import", b)
}

// failedDelivery answers a delivery or import that could not be decoded:
// 200 for an event the tool sends besides responses, 502 when the tool's
// API could not be read, 400 naming what was wrong otherwise.
func (s *Server) failedDelivery(w http.ResponseWriter, name, via string, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, source.ErrIgnored):
		writeJSON(w, http.StatusOK, sourceResult{Ignored: err.Error()})
	case errors.Is(err, source.ErrFetch), errors.Is(err, context.DeadlineExceeded):
		s.SourceFailed(name, via, err)
		s.reject(w, http.StatusBadGateway, "upstream", "nothing stored: "+err.Error())
	default:
		s.SourceFailed(name, via, err)
		s.badInput(w, err)
	}
	return true
}

// stored stores b and answers what came of it.
func (s *Server) stored(w http.ResponseWriter, name, via string, b source.Batch) {
	added, err := s.Receive(name, via, b)
	if err != nil {
		s.Logger.Error("store feedback", "source", name, "via", via, "err", err)
		s.storeFailed(w, err, "feedback")
		return
	}
	out := sourceResult{Accepted: added.New, Updated: added.Updated, Duplicates: added.Duplicates, Skipped: len(b.Skipped)}
	for _, sk := range b.Skipped[:min(len(b.Skipped), maxReasons)] {
		out.Reasons = append(out.Reasons, sk.String())
	}
	writeJSON(w, http.StatusAccepted, out)
}

// limited applies the rate limit to key, answering 429 itself.
func (s *Server) limited(w http.ResponseWriter, key string) bool {
	if s.state.Load().limit.allow(key) {
		return true
	}
	w.Header().Set("Retry-After", "1")
	s.reject(w, http.StatusTooManyRequests, "rate_limited", "too many requests for this source; slow down")
	return false
}

// handleSources lists every source's health.
func (s *Server) handleSources(w http.ResponseWriter, r *http.Request) {
	if !s.isAdmin(r) {
		s.reject(w, http.StatusUnauthorized, "unauthorized", "needs the admin token")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"sources": s.Health.Statuses()})
}

// Takes says how a source's answers do arrive, for the errors of the ways
// they do not.
func (src *Source) Takes() string {
	var ways []string
	if src.Webhook != nil {
		ways = append(ways, "POST /api/v1/sources/"+src.Name+"/webhook")
	}
	if src.Import != nil {
		ways = append(ways, "POST /api/v1/sources/"+src.Name+"/import or cxtv-feed import --source "+src.Name)
	}
	if src.Pulled {
		ways = append(ways, "the server pulls it every interval")
	}
	if len(ways) == 0 {
		return "it takes nothing"
	}
	return "it takes " + strings.Join(ways, ", ")
}

// notCXTV answers a post of cxtv JSON to POST /api/v1/feedback by a source
// of another type, which has its own route.
func notCXTV(src *Source) string {
	return fmt.Sprintf("source %q is of type %s, which posts its own format: %s", src.Name, src.Type, src.Takes())
}
