package server

import (
	"fmt"
	"net/http"

	"github.com/cxtv/cxtv/feed/curate"
)

// ChannelRedactions is one channel's part of GET /api/v1/redactions.
type ChannelRedactions struct {
	Channel    string             `json:"channel"`
	Redactions []curate.Redaction `json:"redactions"`
}

// handleRedactions lists, per channel (?channel= for one), what was
// redacted from the comments it could show, and which were hidden for
// naming a person: what the screens do not show, and why.
func (s *Server) handleRedactions(w http.ResponseWriter, r *http.Request) {
	if !s.isAdmin(r) {
		s.reject(w, http.StatusUnauthorized, "unauthorized", "needs the admin token")
		return
	}
	if s.Redactions == nil {
		s.reject(w, http.StatusNotFound, "not_offered", "this server does not list redactions")
		return
	}
	var names []string
	if c := r.URL.Query().Get("channel"); c != "" {
		if _, ok := s.config().channel(c); !ok {
			s.reject(w, http.StatusNotFound, "unknown_channel", fmt.Sprintf("no channel named %q in the config", c))
			return
		}
		names = []string{c}
	} else {
		for _, ch := range s.config().Channels {
			names = append(names, ch.Name)
		}
	}
	out := struct {
		Channels []ChannelRedactions `json:"channels"`
	}{Channels: []ChannelRedactions{}}
	for _, name := range names {
		list, err := s.Redactions(name)
		if err != nil {
			s.Logger.Error("list redactions", "channel", name, "err", err)
			s.reject(w, http.StatusInternalServerError, "store", "could not read the store")
			return
		}
		if list == nil {
			list = []curate.Redaction{}
		}
		out.Channels = append(out.Channels, ChannelRedactions{Channel: name, Redactions: list})
	}
	writeJSON(w, http.StatusOK, out)
}
