package scene

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// HeaderInfo is what the header strip shows.
type HeaderInfo struct {
	Title string // the channel title; the channel name before any snapshot
	Lang  Lang
	// Now is the time the clock and the date show; zero hides both, for
	// when the display's clock is known to be wrong (see Clock).
	Now     time.Time
	Offline bool
	// OfflineSince is when the connection was lost; zero when the display
	// has not reached its server since it started. AsOf is then when its
	// cached content was last known to be current.
	OfflineSince time.Time
	AsOf         time.Time
	Theme        feed.Theme // the channel's colours and the hash of its logo
}

// Note is the discreet offline note ("offline seit 14:05", "offline ·
// Stand 23. Nov. 9:00"), empty while online.
func (h HeaderInfo) Note() string {
	switch {
	case !h.Offline:
		return ""
	case !h.OfflineSince.IsZero():
		return h.Lang.Offline(h.OfflineSince, h.Now)
	}
	return h.Lang.OfflineAsOf(h.AsOf, h.Now)
}

// Key is what the strip shows apart from its theme: equal keys paint
// equal strips, so a renderer repaints only when the key changes.
func (h HeaderInfo) Key() string {
	clock := ""
	if !h.Now.IsZero() {
		clock = h.Lang.Clock(h.Now) + " " + h.Lang.Date(h.Now)
	}
	return h.Title + "|" + string(h.Lang) + "|" + clock + "|" + h.Note()
}

// Status is the connection to the feed server as the header shows it.
type Status struct {
	Known   bool // a state was reported; before that no note is shown
	Online  bool
	Reached bool // the server was reached since the display started
	// Since is, when Reached, when the connection was lost (a reading of
	// the local clock); otherwise when the cached content was received.
	Since time.Time
	Clock Clock
}

// HeaderAt returns the header of snap for a display whose own clock
// reads local: the clock shows the time Status.Clock makes of it, or
// nothing when that is not known, and the offline note says since when
// or as of when. title is shown while there is no snapshot yet. It is the
// one way to a header: the screen passes its connection's status, a
// preview the zero Status (no note; the local clock unless it reads
// before the snapshot was made).
func HeaderAt(snap *feed.Snapshot, title string, local time.Time, st Status) HeaderInfo {
	floor := Floor(snap)
	now, ok := st.Clock.At(local, floor)
	if !ok {
		now = time.Time{}
	}
	h := HeaderInfo{Title: title, Lang: German, Now: now}
	if snap != nil {
		h.Title, h.Lang, h.Theme = snap.Title, LangOf(snap.Language), snap.Theme
	}
	if !st.Known || st.Online {
		return h
	}
	h.Offline = true
	switch {
	case st.Reached:
		if since, ok := st.Clock.At(st.Since, floor); ok {
			h.OfflineSince = since
		} else {
			// The outage began on a clock known to be wrong: say as of
			// when the content is current instead of a wrong time.
			h.AsOf = floor
		}
	case snap != nil: // else nothing is cached: just "offline"
		// The content was received at Since on this display's clock,
		// which may have been wrong then; it was current at least when
		// the server made it.
		h.AsOf = st.Since
		if h.AsOf.Before(floor) {
			h.AsOf = floor
		}
	}
	if !h.AsOf.IsZero() {
		h.AsOf = h.AsOf.In(local.Location()) // the server's zone is not the screen's
	}
	return h
}

// Floor is a time known to have passed: when the server made snap (zero
// without a snapshot).
func Floor(snap *feed.Snapshot) time.Time {
	if snap == nil {
		return time.Time{}
	}
	return snap.GeneratedAt
}

// Clock decides what time a screen shows. A Raspberry Pi has no
// real-time clock: after a boot without network its clock can be days
// or decades behind until NTP sets it, and a screen must not show
// "1970" or "in −3 days". Its own clock is trusted unless it is before
// a time known to have passed (the snapshot's GeneratedAt, the floor).
// When the server's clock was read during this run (the Date of the
// connection's handshake), that reading, moved on by the time elapsed
// since on the monotonic clock, is the reference instead: the local
// clock is trusted only within maxSkew of it.
//
// Without a reading and with a local clock before the floor the time is
// not known: the clock and date are hidden rather than shown wrong (the
// floor itself is only a lower bound: a cached snapshot may be days
// old). Relative ages then count from the floor, which keeps them true
// at the time the snapshot was made.
type Clock struct {
	// Server is the server's clock as read at Local; zero: not read.
	// Local must come from time.Now in this process (it carries the
	// monotonic reading that time since is measured on).
	Server, Local time.Time
}

// maxSkew is how far the local clock may be from the server's before
// the server's is shown: well within a minute, the clock's resolution.
const maxSkew = 30 * time.Second

// At returns the time that local, a reading of this display's clock,
// stands for, and whether it is known. When it is not, it returns floor,
// the latest time known to have passed, for relative ages.
func (c Clock) At(local, floor time.Time) (time.Time, bool) {
	if !c.Server.IsZero() {
		t := c.Server.Add(local.Sub(c.Local))
		if d := local.Sub(t); d > maxSkew || d < -maxSkew {
			return t.In(local.Location()), true
		}
		return local, true
	}
	if local.Before(floor) {
		return floor, false
	}
	return local, true
}

// HeaderHeight is the height of the header strip at a screen size.
func HeaderHeight(size Size) int { return px(96 * size.unit()) }

// Header lays out the header strip for a screen of size: the channel title
// on the left, date and clock on the right (none when the time is not
// known) and, while offline, a discreet note before them. The operations are in the strip's own coordinates, from
// (0, 0) to (size.W, HeaderHeight(size)), so the strip can be painted alone
// once a minute.
func (l *Layout) Header(h HeaderInfo, size Size) []Op {
	th := l.base.WithColors(h.Theme)
	u := size.unit()
	w, hh := float64(size.W), float64(HeaderHeight(size))
	margin := 64 * u
	if size.Portrait() {
		margin = 48 * u
	}
	title := Face{SemiBold, px(38 * u)}
	base := hh/2 + l.fonts.CapHeight(title)/2

	// A rect rather than a Fill, so the strip can also be painted onto a
	// whole-screen image.
	ops := []Op{RoundRect{Rect: Rect{W: w, H: hh}, Color: th.HeaderBG}}

	left := margin
	if logo, ok := l.headerLogo(h, size); ok {
		ops = append(ops, logo)
		left += logo.Rect.W + 28*u
	}

	// Right to left: clock, date, offline note. On a narrow screen the
	// date gives way before the title is cut.
	for _, withDate := range []bool{true, false} {
		right, x := l.headerRight(h, th, u, w-margin, hh, base, withDate)
		room := x - 40*u - left
		if withDate && l.fonts.Width(title, h.Title) > room {
			continue
		}
		ops = append(ops, right...)
		if room > 0 && h.Title != "" {
			ops = append(ops, l.text(title, th.Text, left, base, l.fonts.fitLine(title, h.Title, room)))
		}
		break
	}
	return ops
}

// headerLogo places the logo, if any, before the title, at a little over
// half the strip's height and never wider than four times that.
func (l *Layout) headerLogo(h HeaderInfo, size Size) (Picture, bool) {
	img := l.logo.get(h.Theme.LogoHash)
	if img == nil {
		return Picture{}, false
	}
	u := size.unit()
	hh := float64(HeaderHeight(size))
	margin := 64 * u
	if size.Portrait() {
		margin = 48 * u
	}
	b := img.Bounds()
	lh := hh * 0.58
	lw := lh * float64(b.Dx()) / float64(b.Dy())
	if lw > 4*lh {
		lw, lh = 4*lh, 4*lh*float64(b.Dy())/float64(b.Dx())
	}
	return Picture{Rect: Rect{X: margin, Y: (hh - lh) / 2, W: lw, H: lh}, Img: img, Key: "logo"}, true
}

// headerRight lays out clock, date and offline note ending at x and
// returns them with the left edge they reached.
func (l *Layout) headerRight(h HeaderInfo, th Theme, u, x, hh, base float64, withDate bool) ([]Op, float64) {
	date := Face{Regular, px(38 * u)}
	clock := Face{SemiBold, px(38 * u)}
	note := Face{Regular, px(32 * u)} // 23 px cap height: the 16′ of small print
	var ops []Op
	if !h.Now.IsZero() {
		c := h.Lang.Clock(h.Now)
		x -= l.fonts.Width(clock, c)
		ops = append(ops, l.text(clock, th.Text, x, base, c))
		if withDate {
			d := h.Lang.Date(h.Now) + "  ·  "
			x -= l.fonts.Width(date, d)
			ops = append(ops, l.text(date, th.Muted, x, base, d))
		}
	} else {
		x += 48 * u // no clock: the note's gap before it goes too
	}
	if s := h.Note(); s != "" {
		x -= 48*u + l.fonts.Width(note, s)
		nb := hh/2 + l.fonts.CapHeight(note)/2
		dot := 12 * u
		ops = append(ops,
			RoundRect{Rect: Rect{X: x - dot - 12*u, Y: hh/2 - dot/2, W: dot, H: dot}, Radius: dot / 2, Color: th.Offline},
			l.text(note, th.Offline, x, nb, s))
		x -= dot + 12*u
	}
	return ops, x
}

// maxLogoPixels keeps a huge logo from taking the display's memory.
const maxLogoPixels = 2048 * 2048

// Logos finds the PNG of the logo named hash; ok is false while it is not
// there (not fetched yet).
type Logos func(hash string) (png []byte, ok bool)

// logoCache holds the decoded logo of the snapshot on screen, so that it
// is decoded once per logo, not once per header repaint.
type logoCache struct {
	find Logos
	hash string
	img  image.Image
}

func (c *logoCache) get(hash string) image.Image {
	if hash == "" || c.find == nil {
		return nil
	}
	if hash == c.hash {
		return c.img
	}
	b, ok := c.find(hash)
	if !ok {
		return nil // asked again at the next repaint: it may have come
	}
	c.hash, c.img = hash, decodeLogo(b)
	return c.img
}

// decodeLogo reads a PNG; a logo that does not decode is left out rather
// than shown broken.
func decodeLogo(b []byte) image.Image {
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width == 0 || cfg.Height == 0 || cfg.Width*cfg.Height > maxLogoPixels {
		return nil
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	return img
}

// LiveHeader is where Header puts the clock, date and offline note, for a
// player that paints the strip without them (HeaderInfo.Now zero, no
// note) and draws them itself as time passes: the web player. From Right
// leftwards: the clock, then the date followed by "  ·  ", then, NoteGap
// further, the note, and DotGap before it a dot of Dot pixels. When they
// would come closer than TitleGap to TitleEnd, where the title ends, the
// date gives way.
type LiveHeader struct {
	Height, Right, Baseline, NoteBaseline float64
	Clock, Date, Note                     Face
	NoteGap, Dot, DotGap                  float64
	TitleEnd, TitleGap                    float64
	Text, Muted, Offline                  color.RGBA
}

// Live returns the live parts' places in the header of h at size; it
// follows headerRight.
func (l *Layout) Live(h HeaderInfo, size Size) LiveHeader {
	th := l.base.WithColors(h.Theme)
	u := size.unit()
	hh := float64(HeaderHeight(size))
	margin := 64 * u
	if size.Portrait() {
		margin = 48 * u
	}
	clock := Face{SemiBold, px(38 * u)}
	note := Face{Regular, px(32 * u)}
	titleEnd := margin
	if logo, ok := l.headerLogo(h, size); ok {
		titleEnd += logo.Rect.W + 28*u
	}
	if h.Title != "" {
		titleEnd += l.fonts.Width(Face{SemiBold, px(38 * u)}, h.Title)
	}
	return LiveHeader{
		TitleEnd: titleEnd, TitleGap: 40 * u,
		Height: hh, Right: float64(size.W) - margin,
		Baseline:     hh/2 + l.fonts.CapHeight(Face{SemiBold, px(38 * u)})/2,
		NoteBaseline: hh/2 + l.fonts.CapHeight(note)/2,
		Clock:        clock, Date: Face{Regular, px(38 * u)}, Note: note,
		NoteGap: 48 * u, Dot: 12 * u, DotGap: 12 * u,
		Text: th.Text, Muted: th.Muted, Offline: th.Offline,
	}
}
