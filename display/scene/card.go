package scene

import (
	"image/color"
	"strconv"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// Quote sizes at 1080 pixels on the short side: a short quote is set large,
// a long one smaller, and one that does not fit at the smallest size is cut
// with an ellipsis.
const (
	quoteMaxSize = 96
	quoteMinSize = 56
	quoteLeading = 1.22
)

// Layout turns cards and headers into draw operations. It measures text, so
// it owns a Fonts and belongs to one goroutine.
type Layout struct {
	fonts *Fonts
	theme Theme
}

// NewLayout returns a layout that measures with fonts and paints in theme.
func NewLayout(fonts *Fonts, theme Theme) *Layout {
	return &Layout{fonts: fonts, theme: theme}
}

// CardLayout is a laid-out card: its draw operations and, for tests and
// diagnostics, where the quote went and how it was set.
type CardLayout struct {
	Ops       []Op
	Panel     Rect // the rounded card behind the quote
	QuoteBox  Rect // the area the quote must stay inside
	QuoteFace Face
	Lines     []string // the quote as set, with quotation marks
	Truncated bool     // the quote was cut with an ellipsis
}

// frame holds the measures shared by every card at one size.
type frame struct {
	u             float64
	header        float64
	panel         Rect
	pad           float64
	metaFace      Face
	chipH         float64
	chipNumFace   Face
	chipLabelFace Face
}

func (l *Layout) frame(size Size) frame {
	u := size.unit()
	margin, pad := 64*u, 80*u
	if size.Portrait() {
		margin, pad = 48*u, 64*u
	}
	hh := float64(HeaderHeight(size))
	top := hh + 28*u
	return frame{
		u:             u,
		header:        hh,
		panel:         Rect{X: margin, Y: top, W: float64(size.W) - 2*margin, H: float64(size.H) - top - margin},
		pad:           pad,
		metaFace:      Face{SemiBold, px(40 * u)},
		chipH:         76 * u,
		chipNumFace:   Face{DisplayBold, px(46 * u)},
		chipLabelFace: Face{SemiBold, px(34 * u)},
	}
}

// Card lays out card c of snapshot snap at size; now is the local clock,
// for the comment's relative age.
func (l *Layout) Card(c Card, snap *feed.Snapshot, size Size, now time.Time) CardLayout {
	if c.Waiting() {
		return l.waiting(snap, size)
	}
	fr := l.frame(size)
	lang := LangOf(snap.Language)
	cm := c.Comment
	out := CardLayout{Panel: fr.panel}
	ops := []Op{
		Fill{l.theme.Background},
		RoundRect{Rect: fr.panel, Radius: 28 * fr.u, Color: l.theme.Panel},
	}

	// The meta row sits at the bottom of the panel; the quote gets the rest.
	inner := Rect{X: fr.panel.X + fr.pad, W: fr.panel.W - 2*fr.pad}
	metaOps, metaH := l.meta(fr, cm, lang, snap.GeneratedAt, now, inner.X, inner.W)
	metaTop := fr.panel.Y + fr.panel.H - fr.pad*0.85 - metaH
	for i, op := range metaOps {
		metaOps[i] = shift(op, metaTop)
	}

	box := Rect{X: inner.X, Y: fr.panel.Y + fr.pad, W: inner.W, H: metaTop - 48*fr.u - (fr.panel.Y + fr.pad)}
	out.QuoteBox = box
	open, closing := lang.quoteMarks()
	b := l.fonts.fit(DisplayBold, open+cm.Text+closing, closing, box.W, box.H,
		px(quoteMaxSize*fr.u), px(quoteMinSize*fr.u), quoteLeading)
	out.QuoteFace, out.Lines, out.Truncated = b.face, b.lines, b.truncated

	// Centre the block in its box, nudged up a little: optically centred
	// text looks low.
	asc, _ := l.fonts.Metrics(b.face)
	bh := l.fonts.blockHeight(b.face, len(b.lines), b.leading)
	y := box.Y + (box.H-bh)*0.45 + asc
	for i, line := range b.lines {
		x := box.X
		if i == 0 {
			// Hang the opening mark into the margin so the words align.
			x -= l.fonts.Width(b.face, open)
		}
		ops = append(ops, l.text(b.face, l.theme.Text, x, y, line))
		y += b.leading
	}
	out.Ops = append(ops, metaOps...)
	return out
}

// meta lays out the score chip, touchpoint and age at y = 0 and returns
// the operations and their height. When chip and words do not fit on one
// line (portrait screens), the words go on a second line.
func (l *Layout) meta(fr frame, cm *feed.Comment, lang Lang, ref, now time.Time, x, w float64) ([]Op, float64) {
	ops, chipW := l.chip(fr, cm, lang, x)
	words := lang.Age(cm.CreatedAt, now, ref)
	if cm.Touchpoint != "" {
		words = cm.Touchpoint + "  ·  " + words
	}
	gap := 36 * fr.u
	capH := l.fonts.CapHeight(fr.metaFace)
	if chipW+gap+l.fonts.Width(fr.metaFace, words) <= w {
		base := fr.chipH/2 + capH/2
		ops = append(ops, l.text(fr.metaFace, l.theme.Muted, x+chipW+gap, base, words))
		return ops, fr.chipH
	}
	words = l.fonts.fitLine(fr.metaFace, words, w)
	base := fr.chipH + 28*fr.u + capH
	ops = append(ops, l.text(fr.metaFace, l.theme.Muted, x, base, words))
	_, desc := l.fonts.Metrics(fr.metaFace)
	return ops, base + desc
}

// chip draws the score at (x, 0): an NPS pill coloured by group with its
// label, or five stars. It returns the operations and the chip's width.
func (l *Layout) chip(fr frame, cm *feed.Comment, lang Lang, x float64) ([]Op, float64) {
	h := fr.chipH
	if cm.Scale == feed.ScaleStars {
		r := h * 0.30
		step := r * 2.35
		w := step*5 + h*0.5 - (step - 2*r)
		ops := []Op{RoundRect{Rect: Rect{X: x, Y: 0, W: w, H: h}, Radius: h / 2, Color: l.theme.StarChip}}
		cx := x + h*0.25 + r
		for i := 1; i <= 5; i++ {
			col := l.theme.StarOff
			if i <= cm.Score {
				col = l.theme.StarOn
			}
			ops = append(ops, Star{CX: cx, CY: h / 2, R: r, Color: col})
			cx += step
		}
		return ops, w
	}
	fill, ink := l.theme.chipColors(feed.CategoryOf(cm.Scale, cm.Score))
	num := strconv.Itoa(cm.Score)
	label := lang.CategoryLabel(feed.CategoryOf(cm.Scale, cm.Score))
	padX, gap := 30*fr.u, 18*fr.u
	nw, lw := l.fonts.Width(fr.chipNumFace, num), l.fonts.Width(fr.chipLabelFace, label)
	w := padX + nw + gap + lw + padX
	nb := h/2 + l.fonts.CapHeight(fr.chipNumFace)/2
	lb := h/2 + l.fonts.CapHeight(fr.chipLabelFace)/2
	return []Op{
		RoundRect{Rect: Rect{X: x, Y: 0, W: w, H: h}, Radius: h / 2, Color: fill},
		l.text(fr.chipNumFace, ink, x+padX, nb, num),
		l.text(fr.chipLabelFace, ink, x+padX+nw+gap, lb, label),
	}, w
}

// waiting lays out the calm screen shown before there is anything to show:
// in the channel's language, or in both when no snapshot ever arrived.
func (l *Layout) waiting(snap *feed.Snapshot, size Size) CardLayout {
	fr := l.frame(size)
	ops := []Op{Fill{l.theme.Background}}
	big := Face{SemiBold, px(64 * fr.u)}
	small := Face{Regular, px(40 * fr.u)}
	cy := fr.header + (float64(size.H)-fr.header)/2
	if snap != nil {
		s := LangOf(snap.Language).Waiting()
		ops = append(ops, l.centred(big, l.theme.Text, float64(size.W)/2, cy+l.fonts.CapHeight(big)/2, s))
	} else {
		ops = append(ops,
			l.centred(big, l.theme.Text, float64(size.W)/2, cy, German.Waiting()),
			l.centred(small, l.theme.Muted, float64(size.W)/2, cy+80*fr.u, English.Waiting()))
	}
	return CardLayout{Ops: ops, Panel: fr.panel}
}

// text returns a text operation with its measured box.
func (l *Layout) text(f Face, c color.RGBA, x, y float64, s string) Text {
	a, d := l.fonts.Metrics(f)
	return Text{X: x, Y: y, Face: f, Color: c, S: s, Box: Rect{X: x, Y: y - a, W: l.fonts.Width(f, s), H: a + d}}
}

func (l *Layout) centred(f Face, c color.RGBA, cx, y float64, s string) Text {
	return l.text(f, c, cx-l.fonts.Width(f, s)/2, y, s)
}

// shift moves an operation down by dy.
func shift(op Op, dy float64) Op {
	switch o := op.(type) {
	case RoundRect:
		o.Rect.Y += dy
		return o
	case Text:
		o.Y += dy
		o.Box.Y += dy
		return o
	case Star:
		o.CY += dy
		return o
	}
	return op
}
