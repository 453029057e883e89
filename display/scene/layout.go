package scene

import (
	"image/color"
	"math"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// Layout turns cards, the header and the ticker into draw operations. It
// measures text and keeps the decoded logo, so it belongs to one
// goroutine.
type Layout struct {
	fonts *Fonts
	base  Theme // the display's palette; a snapshot's colours go over it
	logo  logoCache
}

// NewLayout returns a layout that measures with fonts and paints in theme,
// with each snapshot's own colours applied over it.
func NewLayout(fonts *Fonts, theme Theme) *Layout {
	return &Layout{fonts: fonts, base: theme}
}

// SetLogos tells the layout where to find the channel's logo; without it
// the header shows none.
func (l *Layout) SetLogos(find Logos) { l.logo.find = find }

// Theme returns the palette a snapshot is shown in (nil: the display's).
func (l *Layout) Theme(snap *feed.Snapshot) Theme {
	if snap == nil {
		return l.base
	}
	return l.base.WithColors(snap.Theme)
}

// CardLayout is a laid-out card: its draw operations and, for tests and
// diagnostics, the area it must stay inside and, for a quote, where the
// quote went and how it was set.
type CardLayout struct {
	Ops       []Op
	Area      Rect // between header and ticker band: nothing may leave it
	Panel     Rect // the rounded panel behind the content
	QuoteBox  Rect // the area the quote must stay inside
	QuoteFace Face
	Lines     []string // the quote as set, with quotation marks
	Truncated bool     // the quote was cut with an ellipsis
}

// page carries what every part of one card's layout needs.
type page struct {
	l    *Layout
	th   Theme
	lang Lang
	size Size
	u    float64
	fr   frame
	snap *feed.Snapshot
	now  time.Time
	secs int // how long the card holds (0: DefaultCardSeconds)
}

// frame holds the measures shared by every card at one size.
type frame struct {
	area  Rect // between header and ticker band
	panel Rect
	inner Rect // the panel less its padding
	pad   float64
}

func (l *Layout) frame(size Size, ticker bool) frame {
	u := size.unit()
	margin, pad := 64*u, 80*u
	if size.Portrait() {
		margin, pad = 48*u, 64*u
	}
	hh := float64(HeaderHeight(size))
	bottom := float64(size.H)
	gapBottom := margin
	if ticker {
		bottom -= float64(TickerHeight(size))
		gapBottom = 28 * u
	}
	top := hh + 28*u
	panel := Rect{X: margin, Y: top, W: float64(size.W) - 2*margin, H: bottom - gapBottom - top}
	return frame{
		area:  Rect{Y: hh, W: float64(size.W), H: bottom - hh},
		panel: panel,
		inner: Rect{X: panel.X + pad, Y: panel.Y + pad, W: panel.W - 2*pad, H: panel.H - 2*pad},
		pad:   pad,
	}
}

// Card lays out card c of snapshot snap at size; now is the local clock,
// for a comment's relative age. The operations cover the whole screen;
// header and ticker band are painted over them.
func (l *Layout) Card(c Card, snap *feed.Snapshot, size Size, now time.Time) CardLayout {
	p := &page{l: l, th: l.Theme(snap), size: size, u: size.unit(), snap: snap, now: now, secs: c.Seconds}
	p.fr = l.frame(size, HasTicker(snap))
	if snap != nil {
		p.lang = LangOf(snap.Language)
	}
	var out CardLayout
	switch k := c.kind(); {
	case snap == nil || k == KindWaiting:
		out = p.waiting()
	case k == KindComment:
		out = p.comment(c.Comment)
	case k == KindNPS && snap.NPS != nil:
		out = p.nps(snap.NPS)
	case k == KindStars && snap.Stars != nil:
		out = p.stars(snap.Stars)
	case k == KindTrend:
		out = p.trend()
	case k == KindKPIs:
		out = p.kpis()
	case k == KindTouchpoints:
		if _, ok := journeyOf(snap); ok {
			out = p.touchpoints()
		} else {
			out = p.waiting()
		}
	case k == KindThemes && len(topicsOf(snap)) > 0:
		out = p.themes()
	case k == KindIdeas && len(ideasOf(snap)) > 0:
		out = p.ideas()
	case k == KindAnnouncement && c.Announcement != nil:
		out = p.announcement(c.Announcement)
	case k == KindYouSaid && c.YouSaid != nil:
		out = p.youSaid(c.YouSaid)
	default:
		out = p.waiting()
	}
	out.Area = p.fr.area
	if out.Panel == (Rect{}) {
		out.Panel = p.fr.panel
	}
	return out
}

// waiting lays out the calm screen shown before there is anything to show:
// in the channel's language, or in both when no snapshot ever arrived.
func (p *page) waiting() CardLayout {
	l := p.l
	ops := []Op{Fill{p.th.Background}}
	big := Face{SemiBold, px(64 * p.u)}
	small := Face{Regular, px(40 * p.u)}
	a := p.fr.area
	cx, cy := a.X+a.W/2, a.Y+a.H/2
	if p.snap != nil {
		ops = append(ops, l.centred(big, p.th.Text, cx, cy+l.fonts.CapHeight(big)/2, p.lang.Waiting()))
	} else {
		ops = append(ops,
			l.centred(big, p.th.Text, cx, cy, German.Waiting()),
			l.centred(small, p.th.Muted, cx, cy+80*p.u, English.Waiting()))
	}
	return CardLayout{Ops: ops}
}

// background returns the screen background and the panel.
func (p *page) background() []Op {
	return []Op{
		Fill{p.th.Background},
		RoundRect{Rect: p.fr.panel, Radius: 28 * p.u, Color: p.th.Panel},
	}
}

// heading lays out a slide's title at the top of the inner area in the
// accent colour, and its context (period, answers) muted and right-aligned
// on the same line, or on a second line when both do not fit; a lead
// colour puts a legend dot before the context. It returns the operations
// and the y of the lowest baseline.
func (p *page) heading(title, context string, lead ...color.RGBA) ([]Op, float64) {
	l := p.l
	in := p.fr.inner
	tf := Face{SemiBold, px(46 * p.u)}
	cf := Face{Regular, px(40 * p.u)}
	base := in.Y + l.fonts.CapHeight(tf)
	ops := []Op{l.text(tf, p.th.Accent, in.X, base, l.fonts.fitLine(tf, title, in.W))}
	if context == "" {
		return ops, base
	}
	ctx := p.line(cf, p.th.Muted, context)
	if len(lead) > 0 {
		ctx = row(14*p.u, dot(22*p.u, lead[0]), ctx)
	}
	if l.fonts.Width(tf, title)+48*p.u+ctx.w <= in.W {
		return append(ops, ctx.at(in.X+in.W-ctx.w, base-ctx.h)...), base
	}
	bottom := base + 24*p.u + ctx.h
	if ctx.w > in.W {
		ctx = p.line(cf, p.th.Muted, l.fonts.fitLine(cf, context, in.W))
	}
	return append(ops, ctx.at(in.X, bottom-ctx.h)...), bottom
}

// text returns a text operation with its measured box.
func (l *Layout) text(f Face, c color.RGBA, x, y float64, s string) Text {
	a, d := l.fonts.Metrics(f)
	return Text{X: x, Y: y, Face: f, Color: c, S: s, Box: Rect{X: x, Y: y - a, W: l.fonts.Width(f, s), H: a + d}}
}

func (l *Layout) centred(f Face, c color.RGBA, cx, y float64, s string) Text {
	return l.text(f, c, cx-l.fonts.Width(f, s)/2, y, s)
}

// block is a group of operations laid out around (0, 0) with the extent
// w×h, so that it can be measured first and placed afterwards. Text in a
// block is measured from its cap height: blocks stack by what the eye
// sees, not by the font's line box.
type block struct {
	ops  []Op
	w, h float64
}

// at returns b's operations moved to (x, y).
func (b block) at(x, y float64) []Op {
	out := make([]Op, len(b.ops))
	for i, op := range b.ops {
		out[i] = Translate(op, x, y)
	}
	return out
}

// add places o at (x, y) inside b and grows b to hold it.
func (b *block) add(o block, x, y float64) {
	b.ops = append(b.ops, o.at(x, y)...)
	b.w = math.Max(b.w, x+o.w)
	b.h = math.Max(b.h, y+o.h)
}

// vstack stacks blocks top to bottom, gap apart, left-aligned.
func vstack(gap float64, bs ...block) block {
	var out block
	y := 0.0
	for _, b := range bs {
		if b.h == 0 && len(b.ops) == 0 {
			continue
		}
		if len(out.ops) > 0 || out.h > 0 {
			y += gap
		}
		out.add(b, 0, y)
		y += b.h
	}
	return out
}

// line is one line of text as a block, its top at the cap height.
func (p *page) line(f Face, c color.RGBA, s string) block {
	capH := p.l.fonts.CapHeight(f)
	return block{ops: []Op{p.l.text(f, c, 0, capH, s)}, w: p.l.fonts.Width(f, s), h: capH}
}

// lines wraps s into at most n lines of width w, the last shortened with
// an ellipsis if needed, as a block whose top is the cap height.
func (p *page) lines(f Face, c color.RGBA, s string, w float64, n int, leading float64) block {
	l := p.l
	ls := l.fonts.wrap(f, s, w)
	if len(ls) > n {
		ls = append(ls[:n-1:n-1], l.fonts.ellipsize(f, strings.Join(ls[n-1:], " "), "", w))
	}
	capH := l.fonts.CapHeight(f)
	lead := float64(f.Size) * leading
	var out block
	for i, line := range ls {
		t := l.text(f, c, 0, capH+float64(i)*lead, line)
		out.ops = append(out.ops, t)
		out.w = math.Max(out.w, t.Box.W)
	}
	out.h = capH + float64(max(len(ls)-1, 0))*lead
	return out
}

// row lays blocks side by side, gap apart, centred on their common middle.
func row(gap float64, bs ...block) block {
	h := 0.0
	for _, b := range bs {
		h = math.Max(h, b.h)
	}
	var out block
	x := 0.0
	for i, b := range bs {
		if i > 0 {
			x += gap
		}
		out.add(b, x, (h-b.h)/2)
		x += b.w
	}
	out.h = h
	return out
}

// arrow is a triangle pointing up or down, s wide, as a block.
func arrow(s float64, up bool, c color.RGBA) block {
	h := s * 0.82
	pts := []Point{{0, h}, {s, h}, {s / 2, 0}}
	if !up {
		pts = []Point{{0, 0}, {s, 0}, {s / 2, h}}
	}
	return block{ops: []Op{Polygon{Points: pts, Color: c}}, w: s, h: h}
}

// dot is a filled circle of diameter d as a block.
func dot(d float64, c color.RGBA) block {
	return block{ops: []Op{RoundRect{Rect: Rect{W: d, H: d}, Radius: d / 2, Color: c}}, w: d, h: d}
}

// fitSize returns the largest size from most down to least at which s fits
// width in font f.
func (l *Layout) fitSize(f Font, s string, width float64, most, least int) Face {
	step := max((most-least)/16, 1)
	for size := most; size > least; size -= step {
		if l.fonts.Width(Face{f, size}, s) <= width {
			return Face{f, size}
		}
	}
	return Face{f, least}
}
