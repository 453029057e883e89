package web

import (
	"net/http"
	"time"
)

// previewView is what preview.html shows.
type previewView struct {
	Channel, Revision string
	Size              string // of the screen, before rotation
	Rotation          int
	Sizes             []string
	Cards             []card
	Picture           [2]int // width and height of each picture
	ConfigError       string
	ErrorSince        string
	Error             string // a bad size or rotation
}

// handlePreview shows every card of the channel as it is now, at the size
// and rotation the form asks for. Its script reloads the page when the
// snapshot or the config error changes (GET …/state).
func (h *Handler) handlePreview(w http.ResponseWriter, r *http.Request) {
	channel := r.PathValue("channel")
	v, err := parseView(r)
	pv := previewView{Channel: channel}
	for _, s := range Sizes {
		pv.Sizes = append(pv.Sizes, s.String())
	}
	status := http.StatusOK
	if err != nil {
		pv.Error, status = err.Error(), http.StatusBadRequest
	}
	pv.Size, pv.Rotation = v.size.String(), v.rotation
	if since, cerr := h.opt.ConfigError(); cerr != nil {
		pv.ConfigError, pv.ErrorSince = cerr.Error(), since.Local().Format("2006-01-02 15:04:05")
	}
	if d, ok := h.deck(channel, v); ok && err == nil {
		pv.Revision, pv.Cards = d.Revision, d.Cards
		p := v.picture()
		pv.Picture = [2]int{p.W, p.H}
	}
	pageHeaders(w, previewCSP)
	w.Header().Set("Cache-Control", "no-store")
	h.render(w, status, "preview.html", pv)
}

// state is what the preview polls: it reloads when either changes.
type state struct {
	Revision    string     `json:"revision"`
	ConfigError string     `json:"config_error,omitempty"`
	Since       *time.Time `json:"config_error_since,omitempty"`
}

func (h *Handler) handleState(w http.ResponseWriter, r *http.Request) {
	var st state
	if s, ok := h.opt.Snapshots.Snapshot(r.PathValue("channel")); ok {
		st.Revision = s.Revision
	}
	if since, err := h.opt.ConfigError(); err != nil {
		st.ConfigError, st.Since = err.Error(), &since
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, st)
}
