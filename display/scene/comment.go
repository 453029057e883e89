package scene

import (
	"image/color"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed"
)

// Quote sizes at 1080 pixels on the short side: a short quote is set large,
// a long one smaller, and one that does not fit at the smallest size is cut
// with an ellipsis.
const (
	quoteMaxSize = 96
	quoteMinSize = 56
	quoteLeading = 1.22
	// quoteLines is the most lines a quote takes; longer ones are cut.
	quoteLines = 9
)

// comment lays out a comment card: the quote as large as it fits, and
// below it the score chip, touchpoint and age.
func (p *page) comment(cm *feed.Comment) CardLayout {
	u := p.u
	in := p.fr.inner
	out := CardLayout{Panel: p.fr.panel}
	ops := p.background()

	// The meta row sits at the bottom of the panel; the quote gets the rest.
	meta := p.meta(cm, in.W)
	metaTop := p.fr.panel.Y + p.fr.panel.H - p.fr.pad*0.85 - meta.h
	box := Rect{X: in.X, Y: in.Y, W: in.W, H: metaTop - 48*u - in.Y}
	out.QuoteBox = box
	q := p.quote(*cm, box, DisplayBold, quoteMaxSize, quoteMinSize, 0.45)
	out.QuoteFace, out.Lines, out.Truncated = q.face, q.lines, q.truncated
	ops = append(ops, q.ops...)
	out.Ops = append(ops, meta.at(in.X, metaTop)...)
	return out
}

// setQuote is a quote fitted into a box.
type setQuote struct {
	ops       []Op
	face      Face
	lines     []string
	truncated bool
	h         float64 // from the first line's ascent to the last's descent
}

// quote sets the comment's text in the quotation marks of its language
// as large as fits box, between most
// and least design pixels, the opening mark hanging into the margin; a
// text longer than the card's time allows to read is shortened first
// (shortenToRead). The
// block sits at valign of the free height (0.5 centres; a little less
// looks centred, since text reads low).
func (p *page) quote(c feed.Comment, box Rect, font Font, most, least float64, valign float64) setQuote {
	return p.quoteOf(c, readableWords(p.secs), box, font, most, least, valign)
}

// quoteOf is quote for a text that may take words of the card's reading
// time, for a card that shows more than one quote.
func (p *page) quoteOf(c feed.Comment, words int, box Rect, font Font, most, least float64, valign float64) setQuote {
	l := p.l
	open, closing := p.marks(c.Language)
	text, short := shortenToRead(c.Text, words)
	b := l.fonts.fit(font, open+text+closing, closing, box.W, box.H,
		px(most*p.u), px(least*p.u), quoteLines, quoteLeading)
	b.truncated = b.truncated || short
	asc, _ := l.fonts.Metrics(b.face)
	bh := l.fonts.blockHeight(b.face, len(b.lines), b.leading)
	y := box.Y + (box.H-bh)*valign + asc
	var ops []Op
	inMark := false
	rtl := rightToLeft(text)
	for i, line := range b.lines {
		if rtl {
			// Arabic and Hebrew lines align right, the opening mark (on
			// the right, where the reading starts) hanging into the right
			// margin. A line is one text: a dimmed redaction mark split
			// off would land on the wrong side.
			x := box.X + box.W - l.fonts.Width(b.face, line)
			if i == 0 {
				x += l.fonts.Width(b.face, open)
			}
			ops = append(ops, l.text(b.face, p.th.Text, x, y, line))
			y += b.leading
			continue
		}
		x := box.X
		if i == 0 {
			// Hang the opening mark into the margin so the words align.
			x -= l.fonts.Width(b.face, open)
		}
		var run []Op
		run, inMark = p.runs(b.face, p.th.Text, x, y, line, inMark)
		ops = append(ops, run...)
		y += b.leading
	}
	return setQuote{ops: ops, face: b.face, lines: b.lines, truncated: b.truncated, h: bh}
}

// maxMark is the longest bracketed text taken for a redaction mark, such
// as "[…]" or "[E-Mail entfernt]": longer brackets are the customer's own.
const maxMark = 24

// runs lays out one line with its redaction marks dimmed: the server
// replaces personal data with "[…]", which is part of the comment, not a
// fault, so it is shown quietly rather than highlighted. inMark carries a
// mark that a line break split; the returned bool says whether this line
// ends inside one.
func (p *page) runs(f Face, c color.RGBA, x, y float64, line string, inMark bool) ([]Op, bool) {
	l := p.l
	var ops []Op
	emit := func(s string, col color.RGBA) {
		if s == "" {
			return
		}
		ops = append(ops, l.text(f, col, x, y, s))
		x += l.fonts.Width(f, s)
	}
	rest := line
	for rest != "" {
		if inMark {
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				emit(rest, p.th.Dim)
				return ops, true
			}
			emit(rest[:end+1], p.th.Dim)
			rest, inMark = rest[end+1:], false
			continue
		}
		start := strings.IndexByte(rest, '[')
		if start < 0 {
			emit(rest, c)
			break
		}
		end := strings.IndexByte(rest[start:], ']')
		closed := end >= 0
		mark := rest[start:]
		if closed {
			mark = rest[start : start+end+1]
		}
		if utf8.RuneCountInString(mark) > maxMark || (!closed && !strings.Contains(rest[start:], "…")) {
			// Not a mark: keep the bracket in the text colour.
			emit(rest[:start+1], c)
			rest = rest[start+1:]
			continue
		}
		emit(rest[:start], c)
		emit(mark, p.th.Dim)
		rest = rest[start+len(mark):]
		inMark = !closed
	}
	if len(ops) == 0 {
		ops = append(ops, l.text(f, c, x, y, ""))
	}
	return ops, inMark
}

// meta lays out the score chip, touchpoint and age as a block. When chip
// and words do not fit on one line (portrait screens), the words go on a
// second line.
func (p *page) meta(cm *feed.Comment, w float64) block {
	l, u := p.l, p.u
	mf := Face{SemiBold, px(40 * u)}
	chip := p.chip(cm)
	words := p.ageOf(cm.CreatedAt)
	if cm.Touchpoint != "" {
		words = cm.Touchpoint + "  ·  " + words
	}
	gap := 36 * u
	capH := l.fonts.CapHeight(mf)
	var out block
	out.add(chip, 0, 0)
	if chip.w+gap+l.fonts.Width(mf, words) <= w {
		base := chip.h/2 + capH/2
		out.ops = append(out.ops, l.text(mf, p.th.Muted, chip.w+gap, base, words))
		out.w += gap + l.fonts.Width(mf, words)
		return out
	}
	words = l.fonts.fitLine(mf, words, w)
	base := chip.h + 28*u + capH
	out.ops = append(out.ops, l.text(mf, p.th.Muted, 0, base, words))
	_, desc := l.fonts.Metrics(mf)
	out.h = base + desc
	return out
}

// chip draws the score: an NPS pill coloured by group with its label, or
// five stars.
func (p *page) chip(cm *feed.Comment) block {
	l, u := p.l, p.u
	h := 76 * u
	if cm.Scale == feed.ScaleStars {
		r := h * 0.30
		step := r * 2.35
		w := step*5 + h*0.5 - (step - 2*r)
		ops := []Op{RoundRect{Rect: Rect{W: w, H: h}, Radius: h / 2, Color: p.th.StarChip}}
		cx := h*0.25 + r
		for i := 1; i <= 5; i++ {
			col := p.th.StarOff
			if i <= cm.Score {
				col = p.th.StarOn
			}
			ops = append(ops, Star{CX: cx, CY: h / 2, R: r, Color: col})
			cx += step
		}
		return block{ops: ops, w: w, h: h}
	}
	cat := feed.CategoryOf(cm.Scale, cm.Score)
	fill, ink := p.th.chipColors(cat)
	num := strconv.Itoa(cm.Score)
	label := p.lang.CategoryLabel(cat)
	numFace, labelFace := Face{DisplayBold, px(46 * u)}, Face{SemiBold, px(34 * u)}
	padX, gap := 30*u, 18*u
	nw, lw := l.fonts.Width(numFace, num), l.fonts.Width(labelFace, label)
	w := padX + nw + gap + lw + padX
	nb := h/2 + l.fonts.CapHeight(numFace)/2
	lb := h/2 + l.fonts.CapHeight(labelFace)/2
	return block{ops: []Op{
		RoundRect{Rect: Rect{W: w, H: h}, Radius: h / 2, Color: fill},
		l.text(numFace, ink, padX, nb, num),
		l.text(labelFace, ink, padX+nw+gap, lb, label),
	}, w: w, h: h}
}

// ageOf is the relative age of a comment as the card prints it.
func (p *page) ageOf(t time.Time) string {
	ref := time.Time{}
	if p.snap != nil {
		ref = p.snap.GeneratedAt
	}
	return p.lang.Age(t, p.now, ref)
}
