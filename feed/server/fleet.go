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
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed"
)

// Fleet bounds. The fleet lives in memory only: after a server
// restart every screen reappears with its next heartbeat (30 s), so nothing
// here is worth a write to the store.
const (
	// ForgetAfter drops a screen from the fleet view once it has not been
	// seen for this long (a screen taken down for good).
	ForgetAfter = 30 * 24 * time.Hour
	// MaxDevices bounds the fleet; a new screen beyond it pushes out the one
	// seen longest ago. It is twice the largest fleet measured (make bench:
	// 10,000 screens), at about 1 KB a screen.
	MaxDevices = 20000
	// MaxDeviceName bounds a device name in bytes; heartbeats with a longer,
	// empty or unprintable name are ignored.
	MaxDeviceName = 128
	// MaxScreenshot bounds one uploaded screenshot; a larger body is 413.
	MaxScreenshot = 512 << 10
	// MaxScreenshotSide bounds a screenshot's width and height in pixels, so
	// that a small, highly compressed file cannot make the admin's phone
	// decode a gigapixel image.
	MaxScreenshotSide = 3840
	// MaxScreenshotTotal bounds the memory all screenshots take together; a
	// new one beyond it pushes out the oldest of other screens.
	MaxScreenshotTotal = 64 << 20
)

// ErrUnknownDevice is returned for a device that has sent no heartbeat.
var ErrUnknownDevice = errors.New("unknown device")

// Fleet remembers the latest heartbeat and screenshot of every screen.
//
// A screen is online while it has an open WebSocket and its last heartbeat
// is at most offlineAfter old. It goes offline at once when its connection
// closes, cleanly or not (the hub notices a dead one within its pongWait):
// a screen the server cannot reach is not online, even while it still shows
// cached content, and a restarting display is back within seconds. One that
// stays connected but silent (a hung display) goes offline after
// offlineAfter. Alert rules ride out restarts with `for: 5m`.
type Fleet struct {
	now func() time.Time
	mu  sync.Mutex // guards devices and shotBytes, and the *device values
	// devices is keyed by channel and device name: a screen speaks with its
	// channel's display token, so it can only ever be a screen of that
	// channel. A display moved to another channel appears there as a new
	// screen, and its old entry goes offline.
	devices   map[feed.Screen]*device
	shotBytes int       // sum of len(shot.Data) over devices
	forgotAt  time.Time // last look for screens to forget
}

type device struct {
	remote    string
	hb        feed.Heartbeat
	connected time.Time // first heartbeat of the current connection
	lastSeen  time.Time
	requested time.Time // last screenshot request sent; zero: none
	shot      *Screenshot
}

// Screenshot is the latest picture a screen uploaded of itself. Its Data is
// never changed once stored: a new upload replaces the whole value.
type Screenshot struct {
	Data        []byte
	ContentType string // image/png or image/jpeg
	Width       int
	Height      int
	At          time.Time // received, server clock
}

// DisplayStatus is what the fleet view shows of one screen.
type DisplayStatus struct {
	Device  string `json:"device"`
	Channel string `json:"channel"`
	Remote  string `json:"remote"`
	Online  bool   `json:"online"`
	State   string `json:"state"` // "online" or "offline"
	// Connections counts the screen's open WebSockets; more than one is a
	// reconnect the server has not noticed yet, or two screens sharing a
	// name.
	Connections    int       `json:"connections"`
	ConnectedSince time.Time `json:"connected_since"` // first heartbeat of this connection
	LastSeen       time.Time `json:"last_seen"`       // last heartbeat
	// UptimeSeconds is the display process's own uptime (from its
	// started_at, else since it connected), up to now while online and up
	// to its last heartbeat while offline. CacheAgeSeconds is how old the
	// content it shows is, absent when the display does not say.
	UptimeSeconds   *int64          `json:"uptime_seconds,omitempty"`
	CacheAgeSeconds *int64          `json:"cache_age_seconds,omitempty"`
	Screenshot      *ScreenshotInfo `json:"screenshot,omitempty"`
	// ScreenshotRequested is when the last screenshot request was sent.
	ScreenshotRequested *time.Time `json:"screenshot_requested,omitempty"`
	// Status is the screen's last heartbeat as it sent it.
	Status feed.Heartbeat `json:"status"`
}

// ScreenshotInfo describes a stored screenshot without its bytes.
type ScreenshotInfo struct {
	URL         string    `json:"url"`
	ContentType string    `json:"content_type"`
	Bytes       int       `json:"bytes"`
	Width       int       `json:"width"`
	Height      int       `json:"height"`
	At          time.Time `json:"at"`
}

// NewFleet returns an empty fleet that reads the time from now.
func NewFleet(now func() time.Time) *Fleet {
	return &Fleet{now: now, devices: map[feed.Screen]*device{}}
}

// ValidDeviceName reports whether name can be a device in the fleet: 1 to
// MaxDeviceName bytes of printable UTF-8, and not "." or "..", which no URL
// path segment can carry.
func ValidDeviceName(name string) bool {
	if name == "" || name == "." || name == ".." || len(name) > MaxDeviceName || !utf8.ValidString(name) {
		return false
	}
	return !strings.ContainsFunc(name, func(r rune) bool { return !unicode.IsPrint(r) })
}

// Heartbeat records a screen's report; it fits hub.HeartbeatFunc. A report
// with an invalid device name is ignored.
func (f *Fleet) Heartbeat(channel, remote string, hb feed.Heartbeat) {
	if !ValidDeviceName(hb.Device) {
		return
	}
	now := f.now().UTC()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.forgetLocked(now)
	sc := feed.Screen{Channel: channel, Device: hb.Device}
	d := f.devices[sc]
	if d == nil {
		if len(f.devices) >= MaxDevices {
			f.evictLocked()
		}
		d = &device{}
		f.devices[sc] = d
	}
	// A new connection, or a restarted display on the same one, starts a
	// new session.
	if d.remote != remote || !d.hb.StartedAt.Equal(hb.StartedAt) || d.connected.IsZero() {
		d.connected = now
	}
	d.remote, d.hb, d.lastSeen = remote, hb, now
}

// forgetLocked drops the screens not seen for ForgetAfter. It looks once a
// minute at most: with ten thousand screens a heartbeat arrives every few
// milliseconds.
func (f *Fleet) forgetLocked(now time.Time) {
	if now.Sub(f.forgotAt) < time.Minute && !now.Before(f.forgotAt) {
		return
	}
	f.forgotAt = now
	for sc, d := range f.devices {
		if now.Sub(d.lastSeen) > ForgetAfter {
			f.removeLocked(sc, d)
		}
	}
}

// evictLocked drops the screen seen longest ago, to make room.
func (f *Fleet) evictLocked() {
	var oldest feed.Screen
	var od *device
	for sc, d := range f.devices {
		if od == nil || d.lastSeen.Before(od.lastSeen) {
			oldest, od = sc, d
		}
	}
	if od != nil {
		f.removeLocked(oldest, od)
	}
}

func (f *Fleet) removeLocked(sc feed.Screen, d *device) {
	if d.shot != nil {
		f.shotBytes -= len(d.shot.Data)
	}
	delete(f.devices, sc)
}

// Known reports whether the screen has sent a heartbeat.
func (f *Fleet) Known(sc feed.Screen) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.devices[sc] != nil
}

// Named returns the screens that go by the device name, the most recently
// seen first: one, unless displays of several channels were given the same
// name.
func (f *Fleet) Named(device string) []feed.Screen {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []feed.Screen
	for sc := range f.devices {
		if sc.Device == device {
			out = append(out, sc)
		}
	}
	slices.SortFunc(out, func(a, b feed.Screen) int {
		return f.devices[b].lastSeen.Compare(f.devices[a].lastSeen)
	})
	return out
}

// SetScreenshot stores the screen's latest screenshot, taking ownership of
// s.Data. When all screenshots together would exceed MaxScreenshotTotal, the
// oldest of other screens are dropped.
func (f *Fleet) SetScreenshot(sc feed.Screen, s Screenshot) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	d := f.devices[sc]
	if d == nil {
		return ErrUnknownDevice
	}
	if d.shot != nil {
		f.shotBytes -= len(d.shot.Data)
	}
	d.shot = &s
	f.shotBytes += len(s.Data)
	for f.shotBytes > MaxScreenshotTotal {
		var oldest *device
		for _, o := range f.devices {
			if o != d && o.shot != nil && (oldest == nil || o.shot.At.Before(oldest.shot.At)) {
				oldest = o
			}
		}
		if oldest == nil {
			break // this one alone; MaxScreenshot keeps it far below
		}
		f.shotBytes -= len(oldest.shot.Data)
		oldest.shot = nil
	}
	return nil
}

// Screenshot returns the screen's latest screenshot.
func (f *Fleet) Screenshot(sc feed.Screen) (Screenshot, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d := f.devices[sc]
	if d == nil || d.shot == nil {
		return Screenshot{}, false
	}
	return *d.shot, true
}

// Requested records that a screenshot request was sent to the screen.
func (f *Fleet) Requested(sc feed.Screen) {
	now := f.now().UTC()
	f.mu.Lock()
	defer f.mu.Unlock()
	if d := f.devices[sc]; d != nil {
		d.requested = now
	}
}

// List returns every screen, offline ones first, then by device name and
// channel. A screen is online while its last heartbeat is at most
// offlineAfter old and, when conns is not nil, it has an open connection in
// conns (screen → open WebSockets). With conns nil — a hub that cannot
// tell — only the time counts.
func (f *Fleet) List(offlineAfter time.Duration, conns map[feed.Screen]int) []DisplayStatus {
	now := f.now().UTC()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.forgetLocked(now)
	out := make([]DisplayStatus, 0, len(f.devices))
	for sc, d := range f.devices {
		st := DisplayStatus{
			Device: sc.Device, Channel: sc.Channel, Remote: d.remote,
			ConnectedSince: d.connected, LastSeen: d.lastSeen, Status: d.hb,
			Connections: conns[sc],
		}
		st.Online = now.Sub(d.lastSeen) <= offlineAfter && (conns == nil || st.Connections > 0)
		st.State = "offline"
		if st.Online {
			st.State = "online"
		}
		// Uptime runs to now while online, and stops at the last heartbeat
		// of an offline screen. Display clocks can be off (a Raspberry Pi
		// has no battery clock and syncs by NTP after boot): a start after
		// that is ignored.
		upTo := now
		if !st.Online {
			upTo = d.lastSeen
		}
		if start := d.hb.StartedAt; !start.IsZero() && !start.After(upTo) {
			st.UptimeSeconds = seconds(upTo.Sub(start))
		} else {
			st.UptimeSeconds = seconds(max(upTo.Sub(d.connected), 0))
		}
		if c := d.hb.CachedAt; !c.IsZero() {
			st.CacheAgeSeconds = seconds(max(now.Sub(c), 0))
		}
		if s := d.shot; s != nil {
			st.Screenshot = &ScreenshotInfo{URL: screenshotPath(sc), ContentType: s.ContentType, Bytes: len(s.Data), Width: s.Width, Height: s.Height, At: s.At}
		}
		if !d.requested.IsZero() {
			at := d.requested
			st.ScreenshotRequested = &at
		}
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, b DisplayStatus) int {
		if a.Online != b.Online {
			if a.Online {
				return 1
			}
			return -1
		}
		if c := strings.Compare(a.Device, b.Device); c != 0 {
			return c
		}
		return strings.Compare(a.Channel, b.Channel)
	})
	return out
}

func seconds(d time.Duration) *int64 {
	s := int64(d / time.Second)
	return &s
}

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
