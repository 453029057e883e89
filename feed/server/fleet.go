package server

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// Fleet remembers the latest heartbeat of every screen.
type Fleet struct {
	now func() time.Time
	mu  sync.Mutex // guards seen
	// seen is keyed by channel and device name.
	seen map[string]DisplayStatus
}

// DisplayStatus is what the fleet view shows of one screen.
type DisplayStatus struct {
	Channel  string         `json:"channel"`
	Remote   string         `json:"remote"`
	LastSeen time.Time      `json:"last_seen"`
	Status   feed.Heartbeat `json:"status"`
}

// NewFleet returns an empty fleet.
func NewFleet(now func() time.Time) *Fleet {
	return &Fleet{now: now, seen: map[string]DisplayStatus{}}
}

// Heartbeat records a screen's report; it fits hub.HeartbeatFunc.
func (f *Fleet) Heartbeat(channel, remote string, hb feed.Heartbeat) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen[channel+"\x00"+hb.Device] = DisplayStatus{Channel: channel, Remote: remote, LastSeen: f.now().UTC(), Status: hb}
}

// List returns every screen seen, by channel and device name.
func (f *Fleet) List() []DisplayStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]DisplayStatus, 0, len(f.seen))
	for _, d := range f.seen {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b DisplayStatus) int {
		if c := strings.Compare(a.Channel, b.Channel); c != 0 {
			return c
		}
		return strings.Compare(a.Status.Device, b.Status.Device)
	})
	return out
}

func (s *Server) handleDisplays(w http.ResponseWriter, r *http.Request) {
	if !tokenEqual(bearer(r), s.Config().AdminToken) {
		s.reject(w, http.StatusUnauthorized, "unauthorized", "missing or wrong admin token")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"displays": s.Fleet.List()})
}
