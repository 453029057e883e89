package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/ingest"
)

type ingestResult struct {
	Accepted   int `json:"accepted"`
	Duplicates int `json:"duplicates"`
}

// handleFeedback stores one answer or a batch: all of it, or none.
func (s *Server) handleFeedback(w http.ResponseWriter, r *http.Request) {
	src, ok := s.source(r)
	if !ok {
		writeError(w, http.StatusUnauthorized, "missing or unknown source token (Authorization: Bearer …)")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body over %d bytes", MaxBody))
			return
		}
		writeError(w, http.StatusBadRequest, "read body: "+err.Error())
		return
	}
	items, err := ingest.DecodeFeedback(body, src.Name, src.Scale, s.Now())
	if err != nil {
		e := apiError{Error: "batch rejected, nothing stored: " + err.Error()}
		var fe *feed.FieldError
		if errors.As(err, &fe) {
			e.Field = fe.Field
			if fe.Index >= 0 {
				e.Index = &fe.Index
			}
		}
		writeJSON(w, http.StatusBadRequest, e)
		return
	}
	accepted, dups, err := s.Store.AddFeedback(items)
	if err != nil {
		s.Logger.Error("store feedback", "source", src.Name, "err", err)
		writeError(w, http.StatusInternalServerError, "could not store the feedback; nothing was stored")
		return
	}
	if accepted > 0 {
		if err := s.Publisher.Rebuild(src.Name); err != nil {
			s.Logger.Error("rebuild channels", "source", src.Name, "err", err)
		}
	}
	writeJSON(w, http.StatusAccepted, ingestResult{Accepted: accepted, Duplicates: dups})
}
