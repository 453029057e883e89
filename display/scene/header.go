package scene

import "time"

// HeaderInfo is what the header strip shows.
type HeaderInfo struct {
	Title        string // the channel title; the channel name before any snapshot
	Lang         Lang
	Now          time.Time // local clock, for date and time
	Offline      bool
	OfflineSince time.Time
}

// HeaderHeight is the height of the header strip at a screen size.
func HeaderHeight(size Size) int { return px(96 * size.unit()) }

// Header lays out the header strip for a screen of size: the channel title
// on the left, date and clock on the right and, while offline, a discreet
// note before them. The operations are in the strip's own coordinates, from
// (0, 0) to (size.W, HeaderHeight(size)), so the strip can be painted alone
// once a minute.
func (l *Layout) Header(h HeaderInfo, size Size) []Op {
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
	ops := []Op{RoundRect{Rect: Rect{W: w, H: hh}, Color: l.theme.HeaderBG}}

	// Right to left: clock, date, offline note. On a narrow screen the
	// date gives way before the title is cut.
	for _, withDate := range []bool{true, false} {
		right, x := l.headerRight(h, u, w-margin, hh, base, withDate)
		room := x - 40*u - margin
		if withDate && l.fonts.Width(title, h.Title) > room {
			continue
		}
		ops = append(ops, right...)
		if room > 0 && h.Title != "" {
			ops = append(ops, l.text(title, l.theme.Text, margin, base, l.fonts.fitLine(title, h.Title, room)))
		}
		break
	}
	return ops
}

// headerRight lays out clock, date and offline note ending at x and
// returns them with the left edge they reached.
func (l *Layout) headerRight(h HeaderInfo, u, x, hh, base float64, withDate bool) ([]Op, float64) {
	date := Face{Regular, px(38 * u)}
	clock := Face{SemiBold, px(38 * u)}
	note := Face{Regular, px(28 * u)}
	var ops []Op
	c := h.Lang.Clock(h.Now)
	x -= l.fonts.Width(clock, c)
	ops = append(ops, l.text(clock, l.theme.Text, x, base, c))
	if withDate {
		d := h.Lang.Date(h.Now) + "  ·  "
		x -= l.fonts.Width(date, d)
		ops = append(ops, l.text(date, l.theme.Muted, x, base, d))
	}
	if h.Offline {
		s := h.Lang.Offline(h.OfflineSince, h.Now)
		x -= 48*u + l.fonts.Width(note, s)
		nb := hh/2 + l.fonts.CapHeight(note)/2
		dot := 12 * u
		ops = append(ops,
			RoundRect{Rect: Rect{X: x - dot - 12*u, Y: hh/2 - dot/2, W: dot, H: dot}, Radius: dot / 2, Color: l.theme.Offline},
			l.text(note, l.theme.Offline, x, nb, s))
		x -= dot + 12*u
	}
	return ops, x
}
