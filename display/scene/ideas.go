package scene

import (
	"image/color"
	"math"
	"strings"

	"github.com/cxtv/cxtv/feed"
)

// The most idea cards one slide holds: three side by side in landscape,
// four stacked in portrait. Each quote is set in the display cut between
// 64 and 40 design pixels (29 px cap height at 1080p at the least, above
// the 27.5 px of a primary text) and its touchpoint and age at 36 (26 px);
// a fourth column in landscape would leave a quote four words a line.
// Fewer are shown when the ideas together have more words than the
// slide's time allows to read (readableWords): the newest first, and a
// lone idea longer than that is shortened like a comment.
const (
	maxIdeaCardsLandscape = 3
	maxIdeaCardsPortrait  = 4
)

// ideasOf returns the ideas the slide can show, newest first as the
// server sends them, or none and the slide is skipped.
func ideasOf(s *feed.Snapshot) []feed.Comment {
	if s == nil {
		return nil
	}
	var out []feed.Comment
	for _, c := range s.Ideas {
		if strings.TrimSpace(c.Text) != "" {
			out = append(out, c)
		}
	}
	return out
}

// ideaCount is how many of ideas one slide shows: at most limit, and no
// more than can be read together in words words, but at least one.
func ideaCount(ideas []feed.Comment, limit, words int) int {
	n := min(len(ideas), limit)
	for ; n > 1; n-- {
		sum := 0
		for _, c := range ideas[:n] {
			sum += len(wordStarts(c.Text))
		}
		if sum <= words {
			break
		}
	}
	return n
}

// ideas lays out the ideas slide: a card per idea with the quote as large
// as it fits and, at its foot, a bulb, the touchpoint and the age; side
// by side in landscape, stacked in portrait.
func (p *page) ideas() CardLayout {
	u := p.u
	ops := p.background()
	head, hb := p.heading(p.lang.IdeasTitle(), p.lang.PeriodLabel(p.period()))
	ops = append(ops, head...)

	portrait := p.size.Portrait()
	limit := maxIdeaCardsLandscape
	if portrait {
		limit = maxIdeaCardsPortrait
	}
	all := ideasOf(p.snap)
	words := readableWords(p.secs)
	ideas := all[:ideaCount(all, limit, words)]

	in := p.fr.inner
	area := Rect{X: in.X, Y: hb + 56*u, W: in.W}
	area.H = in.Y + in.H - area.Y
	gap := 32 * u
	n := float64(len(ideas))
	rects := make([]Rect, len(ideas))
	for i := range ideas {
		r := area
		if portrait {
			// Two or three ideas do not stretch into towers of empty
			// tile: a card is at most as tall as one of three.
			r.H = math.Min((area.H-(n-1)*gap)/n, (area.H-2*gap)/3)
			r.Y += float64(i) * (r.H + gap)
		} else {
			r.W = (area.W - (n-1)*gap) / n
			r.X += float64(i) * (r.W + gap)
		}
		rects[i] = r
	}
	// Every quote is set in one size, the largest at which all fit: cards
	// side by side in different sizes look untidy.
	most := 64.0
	for i := range ideas {
		_, q := p.ideaCard(&ideas[i], words, rects[i], most)
		most = math.Min(most, float64(q.face.Size)/u)
	}
	out := CardLayout{}
	for i := range ideas {
		card, q := p.ideaCard(&ideas[i], words, rects[i], most)
		ops = append(ops, card...)
		if i == 0 {
			out.QuoteBox, out.QuoteFace, out.Lines, out.Truncated = q.box, q.face, q.lines, q.truncated
		}
	}
	out.Ops = ops
	return out
}

// ideaQuote is where a card's quote went, for CardLayout.
type ideaQuote struct {
	setQuote
	box Rect
}

// ideaCard lays out one idea in r: the quote, at most most design
// pixels, in the room above its meta line, the meta line at the foot:
// a bulb, the touchpoint and the age, the age on a line of its own when
// both do not fit on one.
func (p *page) ideaCard(cm *feed.Comment, words int, r Rect, most float64) ([]Op, ideaQuote) {
	l, u := p.l, p.u
	pad := 40 * u
	ops := []Op{RoundRect{Rect: r, Radius: 24 * u, Color: p.th.Tile}}
	inner := Rect{X: r.X + pad, Y: r.Y + pad, W: r.W - 2*pad, H: r.H - 2*pad}

	mf := Face{SemiBold, px(36 * u)}
	bulb := ideaBulb(30*u, p.th.Accent)
	gap := 16 * u
	room := inner.W - bulb.w - gap
	age := p.ageOf(cm.CreatedAt)
	var meta block
	switch one := cm.Touchpoint + "  ·  " + age; {
	case cm.Touchpoint == "":
		meta = row(gap, bulb, p.line(mf, p.th.Muted, l.fonts.fitLine(mf, age, room)))
	case l.fonts.Width(mf, one) <= room:
		meta = row(gap, bulb, p.line(mf, p.th.Muted, one))
	default:
		meta = row(gap, bulb, vstack(20*u,
			p.line(mf, p.th.Muted, l.fonts.fitLine(mf, cm.Touchpoint, room)),
			p.line(mf, p.th.Muted, l.fonts.fitLine(mf, age, room))))
	}
	metaTop := inner.Y + inner.H - meta.h
	ops = append(ops, meta.at(inner.X, metaTop)...)

	// The opening mark hangs into the padding, so the box starts where
	// the words do.
	box := Rect{X: inner.X, Y: inner.Y, W: inner.W, H: metaTop - 36*u - inner.Y}
	// Side by side, the quotes start on one line; stacked, each sits a
	// little above the middle of its room.
	valign := 0.0
	if p.size.Portrait() {
		valign = 0.35
	}
	q := p.quoteOf(*cm, words, box, DisplayBold, most, 40, valign)
	ops = append(ops, q.ops...)
	return ops, ideaQuote{q, box}
}

// ideaBulb is a small light bulb drawn with shapes, the mark of an idea:
// a round glass over a narrower base, d wide.
func ideaBulb(d float64, c color.RGBA) block {
	bw := d * 0.5
	ops := []Op{
		RoundRect{Rect: Rect{W: d, H: d}, Radius: d / 2, Color: c},
		Polygon{Points: []Point{{d * 0.18, d * 0.75}, {d * 0.82, d * 0.75}, {d/2 + bw/2, d * 1.02}, {d/2 - bw/2, d * 1.02}}, Color: c},
		RoundRect{Rect: Rect{X: (d - bw) / 2, Y: d * 1.08, W: bw, H: d * 0.14}, Radius: d * 0.07, Color: c},
		RoundRect{Rect: Rect{X: (d - bw*0.7) / 2, Y: d * 1.26, W: bw * 0.7, H: d * 0.12}, Radius: d * 0.06, Color: c},
	}
	return block{ops: ops, w: d, h: d * 1.38}
}
