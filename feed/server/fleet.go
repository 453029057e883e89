package server

import (
	"errors"
	"slices"
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
