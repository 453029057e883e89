package server

import (
	"net/http"
	"strconv"
	"time"
)

// channel returns the channel named in the path if the request carries its
// display token, answering 401 or 404 itself otherwise.
func (s *Server) channel(w http.ResponseWriter, r *http.Request) (*Channel, bool) {
	ch, ok := s.config().channel(r.PathValue("channel"))
	// An unknown channel gets the same answer as a wrong token, so that
	// channel names cannot be probed without one.
	// A browser playing the channel (/tv/…) has its screen cookie instead.
	if !ok || !(tokenEqual(bearer(r), ch.DisplayToken) || screenCookie(r, ch)) {
		s.reject(w, http.StatusUnauthorized, "unauthorized", "missing or wrong display token")
		return nil, false
	}
	return ch, true
}

func (s *Server) handleSnapshot(w http.ResponseWriter, r *http.Request) {
	ch, ok := s.channel(w, r)
	if !ok {
		return
	}
	snap, ok := s.Hub.Snapshot(ch.Name)
	if !ok {
		writeError(w, http.StatusServiceUnavailable, "snapshot not built yet")
		return
	}
	writeJSON(w, http.StatusOK, snap)
}

// handleLogo serves a channel's logo by its hash. A hash names one file
// for ever, so the answer may be cached for good; a hash no longer in
// force is a 404, and the screen fetches the one its snapshot names.
func (s *Server) handleLogo(w http.ResponseWriter, r *http.Request) {
	ch, ok := s.channel(w, r)
	if !ok {
		return
	}
	if ch.LogoHash == "" || r.PathValue("hash") != ch.LogoHash {
		writeError(w, http.StatusNotFound, "no logo "+r.PathValue("hash")+" for channel "+ch.Name)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	w.Header().Set("ETag", `"`+ch.LogoHash+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(ch.Logo)))
	w.Write(ch.Logo)
}

func (s *Server) handleWS(w http.ResponseWriter, r *http.Request) {
	ch, ok := s.channel(w, r)
	if !ok {
		return
	}
	s.Hub.ServeWS(w, r, ch.Name, ch.MaxScreens)
}

// handleHealth answers 200 while the server runs. A config file that failed
// to reload does not make it unhealthy — the previous config serves on —
// nor does a failing source, but the answer says so: status degraded, the
// config error naming the key, and each failing source (its error only at
// GET /api/v1/sources).
// SetStarting says whether the channels' first snapshots are still being
// built; /healthz then says "starting".
func (s *Server) SetStarting(v bool) { s.starting.Store(v) }

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	st := s.state.Load()
	status := "ok"
	cfg := map[string]any{"ok": st.configErr == nil}
	if st.configErr != nil {
		cfg["error"] = st.configErr.Error()
		cfg["since"] = st.errSince.UTC()
		status = "degraded"
	}
	// No error text: /healthz needs no token, and an error may quote a
	// refused cell of an export (an answer, an e-mail address). The admin
	// token sees it at GET /api/v1/sources.
	type failing struct {
		Source string    `json:"source"`
		Type   string    `json:"type"`
		Since  time.Time `json:"since"`
	}
	out := map[string]any{"displays": s.Hub.Connected(), "config": cfg}
	if bad := s.Health.Failing(); len(bad) > 0 {
		list := make([]failing, len(bad))
		for i, b := range bad {
			list[i] = failing{Source: b.Source, Type: b.Type, Since: b.LastErrorAt}
		}
		out["failing_sources"] = list
		status = "degraded"
	}
	if sh := s.storeHealth(); sh != nil {
		out["store"] = sh
		status = "degraded"
	}
	if s.starting.Load() {
		out["starting"] = true
		if status == "ok" {
			status = "starting"
		}
	}
	out["status"] = status
	writeJSON(w, http.StatusOK, out)
}

// Logo returns the PNG of channel's logo if hash names the one in force.
func (s *Server) Logo(channel, hash string) ([]byte, bool) {
	ch, ok := s.config().channel(channel)
	if !ok || ch.LogoHash == "" || ch.LogoHash != hash {
		return nil, false
	}
	return ch.Logo, true
}
