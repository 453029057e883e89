package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/ingest"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/store"
)

type ingestResult struct {
	Accepted   int `json:"accepted"`          // stored for the first time
	Updated    int `json:"updated,omitempty"` // replaced an earlier version
	Duplicates int `json:"duplicates"`
}

// handleFeedback stores one answer or a batch: all of it, or none.
func (s *Server) handleFeedback(w http.ResponseWriter, r *http.Request) {
	src, ok := s.source(w, r)
	if !ok {
		return
	}
	if src.Type != "" && src.Type != "cxtv" {
		s.reject(w, http.StatusBadRequest, "wrong_route", notCXTV(src))
		return
	}
	body, ok := s.readBody(w, r)
	if !ok {
		return
	}
	items, err := ingest.DecodeFeedback(body, src.Name, src.Scale, s.Now())
	if err != nil {
		s.SourceFailed(src.Name, "post", err)
		s.badInput(w, err)
		return
	}
	added, err := s.Receive(src.Name, "post", source.Batch{Items: items})
	if err != nil {
		s.Logger.Error("store feedback", "source", src.Name, "err", err)
		s.storeFailed(w, err, "feedback")
		return
	}
	writeJSON(w, http.StatusAccepted, ingestResult{Accepted: added.New, Updated: added.Updated, Duplicates: added.Duplicates})
}

// Ingest stores validated answers of source in one transaction, counts
// them, and has the channels that show source rebuilt when something was
// new. Every way in (HTTP, polled sources) goes through it.
func (s *Server) Ingest(source string, items []feed.Feedback) (store.Added, error) {
	if len(items) == 0 {
		return store.Added{}, nil // no write transaction for a pull that brought nothing
	}
	added, err := s.Store.AddFeedback(items)
	s.wrote(err)
	if err != nil {
		return store.Added{}, err
	}
	s.Metrics.Ingested.WithLabelValues(source).Add(float64(added.Stored()))
	s.Metrics.Duplicates.WithLabelValues(source).Add(float64(added.Duplicates))
	s.Publisher.Changed(added.Written)
	return added, nil
}

// handleKPIs stores operational values; every channel may show them.
func (s *Server) handleKPIs(w http.ResponseWriter, r *http.Request) {
	src, ok := s.source(w, r)
	if !ok {
		return
	}
	body, ok := s.readBody(w, r)
	if !ok {
		return
	}
	kpis, err := ingest.DecodeKPIs(body, s.Now())
	if err != nil {
		s.badInput(w, err)
		return
	}
	err = s.Store.AddKPIs(kpis)
	s.wrote(err)
	if err != nil {
		s.Logger.Error("store kpis", "source", src.Name, "err", err)
		s.storeFailed(w, err, "KPI values")
		return
	}
	s.Metrics.KPIs.Add(float64(len(kpis)))
	s.Publisher.Notify()
	writeJSON(w, http.StatusAccepted, ingestResult{Accepted: len(kpis)})
}

// readBody reads at most MaxBody bytes, answering 413 or 400 itself.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.reject(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("body over %d bytes", MaxBody))
			return nil, false
		}
		s.reject(w, http.StatusBadRequest, "read", "read body: "+err.Error())
		return nil, false
	}
	return body, true
}

// badInput answers 400 naming the item and field that were wrong.
func (s *Server) badInput(w http.ResponseWriter, err error) {
	e := apiError{Error: "batch rejected, nothing stored: " + err.Error()}
	reason := "invalid"
	var fe *feed.FieldError
	if errors.As(err, &fe) {
		e.Field = fe.Field
		reason = "invalid_" + fe.Field
		if fe.Index >= 0 {
			e.Index = &fe.Index
		}
	} else if errors.Is(err, ingest.ErrMalformed) {
		reason = "malformed"
	}
	s.Metrics.Rejected.WithLabelValues(reason).Inc()
	writeJSON(w, http.StatusBadRequest, e)
}
