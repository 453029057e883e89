package scene

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// HeaderInfo is what the header strip shows.
type HeaderInfo struct {
	Title        string // the channel title; the channel name before any snapshot
	Lang         Lang
	Now          time.Time // local clock, for date and time
	Offline      bool
	OfflineSince time.Time
	Theme        feed.Theme // the channel's colours and logo
}

// HeaderFor returns the header of snap at now; title is shown while there
// is no snapshot yet.
func HeaderFor(snap *feed.Snapshot, title string, now time.Time) HeaderInfo {
	h := HeaderInfo{Title: title, Lang: German, Now: now}
	if snap != nil {
		h.Title, h.Lang, h.Theme = snap.Title, LangOf(snap.Language), snap.Theme
	}
	return h
}

// HeaderHeight is the height of the header strip at a screen size.
func HeaderHeight(size Size) int { return px(96 * size.unit()) }

// Header lays out the header strip for a screen of size: the channel title
// on the left, date and clock on the right and, while offline, a discreet
// note before them. The operations are in the strip's own coordinates, from
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

	// The logo, if any, before the title, at a little over half the
	// strip's height and never wider than four times that.
	left := margin
	if img := l.logo.get(h.Theme.Logo); img != nil {
		b := img.Bounds()
		lh := hh * 0.58
		lw := lh * float64(b.Dx()) / float64(b.Dy())
		if lw > 4*lh {
			lw, lh = 4*lh, 4*lh*float64(b.Dy())/float64(b.Dx())
		}
		ops = append(ops, Picture{Rect: Rect{X: margin, Y: (hh - lh) / 2, W: lw, H: lh}, Img: img, Key: "logo"})
		left += lw + 28*u
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

// headerRight lays out clock, date and offline note ending at x and
// returns them with the left edge they reached.
func (l *Layout) headerRight(h HeaderInfo, th Theme, u, x, hh, base float64, withDate bool) ([]Op, float64) {
	date := Face{Regular, px(38 * u)}
	clock := Face{SemiBold, px(38 * u)}
	note := Face{Regular, px(28 * u)}
	var ops []Op
	c := h.Lang.Clock(h.Now)
	x -= l.fonts.Width(clock, c)
	ops = append(ops, l.text(clock, th.Text, x, base, c))
	if withDate {
		d := h.Lang.Date(h.Now) + "  ·  "
		x -= l.fonts.Width(date, d)
		ops = append(ops, l.text(date, th.Muted, x, base, d))
	}
	if h.Offline {
		s := h.Lang.Offline(h.OfflineSince, h.Now)
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

// logoCache holds the decoded logo of the snapshot on screen, so that it
// is decoded once per snapshot, not once per header repaint.
type logoCache struct {
	src string
	img image.Image
}

func (c *logoCache) get(b64 string) image.Image {
	if b64 != c.src {
		c.src, c.img = b64, decodeLogo(b64)
	}
	return c.img
}

// decodeLogo reads a base64 PNG (a data: URL prefix is allowed); a logo
// that does not decode is left out rather than shown broken.
func decodeLogo(s string) image.Image {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "base64,"); strings.HasPrefix(s, "data:") && i >= 0 {
		s = s[i+len("base64,"):]
	}
	if s == "" {
		return nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil
	}
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
