package scene

import (
	"image/color"
	"math"
	"strings"

	"github.com/cxtv/cxtv/feed"
)

// announcement lays out a pinned text: an accent strip and label, the
// title large and the text below it, both as large as they fit.
func (p *page) announcement(a *feed.Announcement) CardLayout {
	u := p.u
	ops := p.background()
	pn := p.fr.panel
	ops = append(ops, RoundRect{Rect: Rect{X: pn.X + p.fr.pad*0.4, Y: p.fr.inner.Y, W: 10 * u, H: p.fr.inner.H}, Radius: 5 * u, Color: p.th.Accent})
	head, hb := p.heading(p.lang.AnnouncementTitle(), "")
	ops = append(ops, head...)

	in := p.fr.inner
	top := hb + 72*u
	h := in.Y + in.H - top
	title, text := strings.TrimSpace(a.Title), strings.TrimSpace(a.Text)
	var parts []block
	if title != "" && text != "" {
		t := p.para(DisplayBold, title, p.th.Text, in.W, h*0.5, 120, 64, 1.12)
		parts = append(parts, t, p.para(SemiBold, text, mix(p.th.Text, p.th.Panel, 0.12), in.W, h-t.h-56*u, 64, 40, 1.3))
	} else {
		parts = append(parts, p.para(DisplayBold, title+text, p.th.Text, in.W, h, 104, 56, 1.18))
	}
	body := vstack(56*u, parts...)
	return CardLayout{Ops: append(ops, body.at(in.X, top+math.Max(0, (h-body.h)*0.4))...)}
}

// youSaid lays out a "you said / we did" pair: the customer's quote with
// its score on one panel, what the company did on an accent-tinted one
// beside it (below it in portrait).
func (p *page) youSaid(y *feed.YouSaid) CardLayout {
	u := p.u
	pn := p.fr.panel
	gap := 28 * u
	left, right := pn, pn
	if p.size.Portrait() {
		left.H = (pn.H - gap) * 0.56
		right.Y, right.H = left.Y+left.H+gap, pn.H-left.H-gap
	} else {
		left.W = (pn.W - gap) * 0.56
		right.X, right.W = left.X+left.W+gap, pn.W-left.W-gap
	}
	ops := []Op{
		Fill{p.th.Background},
		RoundRect{Rect: left, Radius: 28 * u, Color: p.th.Panel},
		RoundRect{Rect: right, Radius: 28 * u, Color: mix(p.th.Panel, p.th.Accent, 0.16)},
	}
	pad := p.fr.pad * 0.8
	ef := Face{SemiBold, px(46 * u)}
	capE := p.l.fonts.CapHeight(ef)

	// You said: label, quote, and the score, touchpoint and age.
	li := Rect{X: left.X + pad, Y: left.Y + pad, W: left.W - 2*pad, H: left.H - 2*pad}
	ops = append(ops, p.line(ef, p.th.Muted, p.lang.YouSaid()).at(li.X, li.Y)...)
	meta := p.meta(&y.Comment, li.W)
	metaTop := li.Y + li.H - meta.h
	box := Rect{X: li.X, Y: li.Y + capE + 56*u, W: li.W}
	box.H = metaTop - 48*u - box.Y
	q := p.quote(y.Comment, box, DisplayBold, 80, 44, 0.45)
	ops = append(ops, q.ops...)
	ops = append(ops, meta.at(li.X, metaTop)...)

	// We did: label and the action.
	ri := Rect{X: right.X + pad, Y: right.Y + pad, W: right.W - 2*pad, H: right.H - 2*pad}
	ops = append(ops, p.line(ef, p.th.Accent, p.lang.WeDid()).at(ri.X, ri.Y)...)
	top := ri.Y + capE + 56*u
	act := p.para(SemiBold, y.Action, p.th.Text, ri.W, ri.Y+ri.H-top, 72, 40, 1.25)
	ops = append(ops, act.at(ri.X, top+math.Max(0, (ri.Y+ri.H-top-act.h)*0.45))...)
	return CardLayout{Ops: ops, Panel: pn, QuoteBox: box, QuoteFace: q.face, Lines: q.lines, Truncated: q.truncated}
}

// paraLines is the most lines a paragraph of an announcement or action
// takes; longer ones are cut.
const paraLines = 8

// para sets text as large as fits w×h, between most and least design
// pixels, cut with an ellipsis if even the least is too large. The block's
// top is the first line's cap height.
func (p *page) para(font Font, text string, c color.RGBA, w, h, most, least, leading float64) block {
	l := p.l
	b := l.fonts.fit(font, text, "", w, h, px(most*p.u), px(least*p.u), paraLines, leading)
	if !b.truncated && len(b.lines) > 1 {
		b.lines = l.fonts.balance(b.face, text, w, len(b.lines))
	}
	capH := l.fonts.CapHeight(b.face)
	_, desc := l.fonts.Metrics(b.face)
	var out block
	y := capH
	for _, line := range b.lines {
		t := l.text(b.face, c, 0, y, line)
		out.ops = append(out.ops, t)
		out.w = math.Max(out.w, t.Box.W)
		y += b.leading
	}
	out.h = capH + float64(max(len(b.lines)-1, 0))*b.leading + desc
	return out
}
