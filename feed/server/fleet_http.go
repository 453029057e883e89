package server

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for screenshot uploads
	_ "image/png"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// The fleet's HTTP side: the fleet as JSON, and the screenshots that
// displays upload and admins ask for.

// DeviceHub is a Hub that can also reach single screens, as
// *hub.Hub does. With it the fleet view tells a connected screen from a gone
// one and can ask a screen for a screenshot; with a plain Hub, screens go
// offline by time alone and screenshot requests answer 501.
type DeviceHub interface {
	Hub
	// Send queues m for every open connection of the screen and returns
	// how many that is.
	Send(sc feed.Screen, m feed.Message) (int, error)
	// Devices returns the screens with an open connection, each with how
	// many.
	Devices() map[feed.Screen]int
}

// fleetStatus lists the fleet as it is now.
func (s *Server) fleetStatus() []DisplayStatus {
	var conns map[feed.Screen]int
	if dh, ok := s.Hub.(DeviceHub); ok {
		conns = dh.Devices()
	}
	return s.Fleet.List(s.offlineAfter(), conns)
}

// offlineAfter is how long a screen may stay silent and still be online.
func (s *Server) offlineAfter() time.Duration { return s.config().OfflineAfter }

func screenshotPath(sc feed.Screen) string {
	return "/api/v1/channels/" + url.PathEscape(sc.Channel) + "/displays/" + url.PathEscape(sc.Device) + "/screenshot"
}

// handleDisplays answers the fleet as JSON, in the page's order.
func (s *Server) handleDisplays(w http.ResponseWriter, r *http.Request) {
	if !s.isAdmin(r) {
		s.reject(w, http.StatusUnauthorized, "unauthorized", "missing or wrong admin token")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{
		"displays":              s.fleetStatus(),
		"offline_after_seconds": int64(s.offlineAfter() / time.Second),
	})
}

// handleScreenshotUpload takes a display's picture of its own screen, sent
// when the server asks (feed.TypeScreenshotRequest) and every few minutes.
// The display authenticates with the display token of its channel and
// names the channel in the path; a display of another channel cannot
// upload a picture for a screen of this one even when it gives the same
// device name. A screen that has sent no heartbeat yet is refused alike,
// so that device names cannot be probed.
//
// The older path without the channel is still taken: the screen is then
// the one of that name whose channel's display token this is.
func (s *Server) handleScreenshotUpload(w http.ResponseWriter, r *http.Request) {
	sc, ok := s.uploader(r)
	if !ok {
		s.reject(w, http.StatusUnauthorized, "unauthorized",
			"missing or wrong display token for this screen's channel (a display sends a heartbeat before its first screenshot)")
		return
	}
	declared, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || declared != "image/png" && declared != "image/jpeg" {
		s.reject(w, http.StatusUnsupportedMediaType, "screenshot_type", "Content-Type must be image/png or image/jpeg")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxScreenshot))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.reject(w, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("screenshot over %d bytes", MaxScreenshot))
			return
		}
		s.reject(w, http.StatusBadRequest, "read", "read body: "+err.Error())
		return
	}
	if sniffed := http.DetectContentType(body); sniffed != declared {
		s.reject(w, http.StatusUnsupportedMediaType, "screenshot_type", fmt.Sprintf("body is %s, not the %s its Content-Type says", sniffed, declared))
		return
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(body))
	if err != nil || "image/"+format != declared {
		s.reject(w, http.StatusBadRequest, "screenshot_invalid", "body is not a valid "+declared+" image")
		return
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxScreenshotSide || cfg.Height > MaxScreenshotSide {
		s.reject(w, http.StatusBadRequest, "screenshot_invalid",
			fmt.Sprintf("screenshot is %d×%d pixels; at most %d on each side", cfg.Width, cfg.Height, MaxScreenshotSide))
		return
	}
	shot := Screenshot{Data: body, ContentType: declared, Width: cfg.Width, Height: cfg.Height, At: s.Now().UTC()}
	if err := s.Fleet.SetScreenshot(sc, shot); err != nil {
		// Forgotten between the token check and now.
		writeError(w, http.StatusNotFound, "unknown device")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// uploader returns the screen a screenshot upload is for, when the
// request carries the display token of that screen's channel.
func (s *Server) uploader(r *http.Request) (feed.Screen, bool) {
	token := bearer(r)
	speaksFor := func(channel string) bool {
		c, ok := s.config().channel(channel)
		return ok && tokenEqual(token, c.DisplayToken)
	}
	device := r.PathValue("device")
	if ch := r.PathValue("channel"); ch != "" {
		sc := feed.Screen{Channel: ch, Device: device}
		return sc, speaksFor(ch) && s.Fleet.Known(sc)
	}
	for _, sc := range s.Fleet.Named(device) {
		if speaksFor(sc.Channel) {
			return sc, true
		}
	}
	return feed.Screen{}, false
}

// adminScreen returns the screen an admin's request names, writing the
// error when there is none. The older path without the channel names a
// screen as long as only one channel has a display of that name.
func (s *Server) adminScreen(w http.ResponseWriter, r *http.Request) (feed.Screen, bool) {
	device := r.PathValue("device")
	if ch := r.PathValue("channel"); ch != "" {
		sc := feed.Screen{Channel: ch, Device: device}
		if !s.Fleet.Known(sc) {
			writeError(w, http.StatusNotFound, "unknown device")
			return sc, false
		}
		return sc, true
	}
	named := s.Fleet.Named(device)
	switch len(named) {
	case 0:
		writeError(w, http.StatusNotFound, "unknown device")
		return feed.Screen{}, false
	case 1:
		return named[0], true
	}
	channels := make([]string, len(named))
	for i, sc := range named {
		channels[i] = sc.Channel
	}
	slices.Sort(channels)
	writeError(w, http.StatusConflict, fmt.Sprintf("displays of channels %s are all named %q; use /api/v1/channels/{channel}/displays/{device}/…", strings.Join(channels, ", "), device))
	return feed.Screen{}, false
}

// handleScreenshot serves a screen's latest screenshot to admins.
func (s *Server) handleScreenshot(w http.ResponseWriter, r *http.Request) {
	if !s.isAdmin(r) {
		s.reject(w, http.StatusUnauthorized, "unauthorized", "missing or wrong admin token")
		return
	}
	sc, ok := s.adminScreen(w, r)
	if !ok {
		return
	}
	shot, ok := s.Fleet.Screenshot(sc)
	if !ok {
		writeError(w, http.StatusNotFound, "no screenshot of this device")
		return
	}
	h := w.Header()
	h.Set("Content-Type", shot.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(shot.Data)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'")
	h.Set("Last-Modified", shot.At.Format(http.TimeFormat))
	w.Write(shot.Data)
}

// handleScreenshotRequest asks a connected display for a screenshot now.
//
// Protocol: the server sends {"v":1,"type":"screenshot"} (no payload) on
// the display's WebSocket; the display answers, within a few seconds, with
// POST /api/v1/displays/{device}/screenshot, its display token as
// Authorization: Bearer, Content-Type image/png or image/jpeg, at most
// MaxScreenshot bytes and MaxScreenshotSide pixels a side (a JPEG about
// 640 px wide is plenty). A display also uploads one unasked every few
// minutes; one that does not know the message ignores it.
func (s *Server) handleScreenshotRequest(w http.ResponseWriter, r *http.Request) {
	if !s.isAdmin(r) {
		s.reject(w, http.StatusUnauthorized, "unauthorized", "missing or wrong admin token")
		return
	}
	sc, ok := s.adminScreen(w, r)
	if !ok {
		return
	}
	dh, ok := s.Hub.(DeviceHub)
	if !ok {
		writeError(w, http.StatusNotImplemented, "this server cannot reach single displays")
		return
	}
	n, err := dh.Send(sc, feed.Message{Type: feed.TypeScreenshotRequest})
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "server is shutting down")
		return
	}
	if n == 0 {
		writeError(w, http.StatusConflict, "the display is not connected")
		return
	}
	s.Fleet.Requested(sc)
	if strings.Contains(r.Header.Get("Accept"), "text/html") {
		// The page's form, posted without JavaScript: back to the page.
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]int{"requested": n})
}
