package scene

import (
	"cmp"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/cxtv/cxtv/feed"
)

// The most touchpoints one journey slide lists. A row holds the name, a
// bar, the score as a primary number (60 design pixels, about 44 px cap
// height at 1080p), its change and the answers (34 design pixels, about
// 25 px cap height); more rows than these would push the type below what
// reads from across a canteen. When there are more touchpoints, those
// with the most answers are shown and a footer counts the others.
const (
	maxJourneyRowsLandscape = 6
	maxJourneyRowsPortrait  = 7
)

// journey is what the touchpoints slide draws: a score per touchpoint,
// NPS or average stars, and the channel's target on the same scale.
type journey struct {
	stars  bool
	rows   []journeyRow
	target *float64
}

// journeyRow is one touchpoint. A row that is not meaningful shows "not
// enough answers yet" instead of its value.
type journeyRow struct {
	name       string
	value      float64
	previous   *float64
	responses  int
	meaningful bool
}

// journeyOf picks the journey to draw: NPS per touchpoint when the
// snapshot has it, else average stars per touchpoint; ok is false when
// neither has a touchpoint, and the slide is skipped.
func journeyOf(s *feed.Snapshot) (journey, bool) {
	if s == nil {
		return journey{}, false
	}
	var j journey
	switch {
	case s.NPS != nil && s.NPS.Responses > 0 && len(s.NPS.ByTouchpoint) > 0:
		j.target = s.NPS.Target
		for _, t := range s.NPS.ByTouchpoint {
			j.rows = append(j.rows, journeyRow{t.Touchpoint, t.Score, t.Previous, t.Responses, t.Meaningful})
		}
	case s.Stars != nil && s.Stars.Responses > 0 && len(s.Stars.ByTouchpoint) > 0:
		j.stars, j.target = true, s.Stars.Target
		for _, t := range s.Stars.ByTouchpoint {
			j.rows = append(j.rows, journeyRow{t.Touchpoint, t.Average, t.Previous, t.Responses, t.Meaningful})
		}
	default:
		return journey{}, false
	}
	return j, true
}

// journeyContent is the part of a snapshot the touchpoints slide shows,
// for its card key.
func journeyContent(s *feed.Snapshot) any {
	j, _ := journeyOf(s)
	type entry struct {
		N string
		V float64
		P *float64
		R int
		M bool
	}
	rows := make([]entry, len(j.rows))
	for i, r := range j.rows {
		rows[i] = entry{r.name, r.value, r.previous, r.responses, r.meaningful}
	}
	return []any{j.stars, rows, j.target, shownPeriod(s.Period)}
}

// ranked returns the rows the slide shows, at most n: the n touchpoints
// with the most answers (so the cut keeps the best-founded scores), best
// score first, those with too few answers after all others, most answers
// first. It also returns how many touchpoints were left out.
func (j journey) ranked(n int) ([]journeyRow, int) {
	rows := slices.Clone(j.rows)
	slices.SortStableFunc(rows, func(a, b journeyRow) int {
		if c := cmp.Compare(b.responses, a.responses); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	more := max(len(rows)-n, 0)
	rows = rows[:min(len(rows), n)]
	slices.SortStableFunc(rows, func(a, b journeyRow) int {
		switch {
		case a.meaningful != b.meaningful:
			if a.meaningful {
				return -1
			}
			return 1
		case a.meaningful:
			if c := cmp.Compare(b.value, a.value); c != 0 {
				return c
			}
		}
		if c := cmp.Compare(b.responses, a.responses); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	return rows, more
}

// scale returns the value range of the bars: NPS from 0 (or below, for
// negative scores) up to round twenties that hold the scores and the
// target; stars always 1 to 5. origin is where a bar starts.
func (j journey) scale() (lo, hi, origin float64) {
	if j.stars {
		return 1, 5, 1
	}
	lo, hi = 0, 20
	see := func(v float64) {
		lo = math.Min(lo, math.Floor(v/20)*20)
		hi = math.Max(hi, math.Ceil(v/20)*20)
	}
	for _, r := range j.rows {
		if r.meaningful {
			see(r.value)
		}
	}
	if j.target != nil {
		see(*j.target)
	}
	return math.Max(lo, -100), math.Min(hi, 100), 0
}

// journeyValue formats a value of the journey's scale.
func (p *page) journeyValue(j journey, v float64) string {
	if j.stars {
		return p.lang.Number(round1(v), 1)
	}
	return p.lang.Score(v)
}

// journeyChange is a row's change against the previous period, as the
// score slides round it; ok is false without a previous score.
func journeyChange(j journey, r journeyRow) (delta float64, dec int, ok bool) {
	if r.previous == nil || !r.meaningful {
		return 0, 0, false
	}
	if j.stars {
		return round1(round1(r.value) - round1(*r.previous)), 1, true
	}
	return math.Round(r.value) - math.Round(*r.previous), 0, true
}

// touchpoints lays out the journey slide: a ranked row per touchpoint
// with a bar, the score, its change and the answers, the target as a mark
// on every bar, and "not enough answers yet" for a touchpoint below the
// minimum. Landscape sets a row on one line; portrait on three (name and
// score, bar, change and answers).
func (p *page) touchpoints() CardLayout {
	u := p.u
	ops := p.background()
	j, _ := journeyOf(p.snap)
	context := p.lang.JourneyChange(p.period().days)
	if per := p.lang.PeriodLabel(p.period()); per != "" {
		context = per + "  ·  " + context
	}
	head, hb := p.heading(p.lang.JourneyTitle(j.stars), context)
	ops = append(ops, head...)

	portrait := p.size.Portrait()
	limit := maxJourneyRowsLandscape
	if portrait {
		limit = maxJourneyRowsPortrait
	}
	rows, more := j.ranked(limit)
	in := p.fr.inner

	f := journeyFaces(u)
	top := hb + 64*u
	bottom := in.Y + in.H
	if more > 0 {
		foot := p.line(f.small, p.th.Muted, p.l.fonts.fitLine(f.small, p.lang.MoreTouchpoints(more), in.W))
		ops = append(ops, foot.at(in.X, bottom-foot.h)...)
		bottom -= foot.h + 40*u
	}
	var targetText string
	if j.target != nil {
		targetText = p.lang.phrase("Ziel ", "Target ") + p.journeyValue(j, *j.target)
	}
	if portrait {
		return CardLayout{Ops: append(ops, p.journeyPortrait(j, rows, targetText, top, bottom, f)...)}
	}
	return CardLayout{Ops: append(ops, p.journeyLandscape(j, rows, targetText, top, bottom, f)...)}
}

// journeyFaceSet holds the faces of the journey slide. value is the
// primary number; every other face stays at or above 32 design pixels
// (23 px cap height at 1080p).
type journeyFaceSet struct {
	name, value, change, small, notEnough, target Face
}

func journeyFaces(u float64) journeyFaceSet {
	return journeyFaceSet{
		name:      Face{SemiBold, px(44 * u)},
		value:     Face{DisplayBold, px(60 * u)},
		change:    Face{SemiBold, px(38 * u)},
		small:     Face{Regular, px(34 * u)},
		notEnough: Face{SemiBold, px(36 * u)},
		target:    Face{SemiBold, px(36 * u)},
	}
}

// journeyLandscape sets one row per line: name, bar, value, change,
// answers, the columns as wide as their widest entry.
func (p *page) journeyLandscape(j journey, rows []journeyRow, targetText string, top, bottom float64, f journeyFaceSet) []Op {
	l, u := p.l, p.u
	in := p.fr.inner
	gap := 36 * u
	var valueW, changeW, answersW, nameW float64
	for _, r := range rows {
		nameW = math.Max(nameW, l.fonts.Width(f.name, r.name))
		answersW = math.Max(answersW, l.fonts.Width(f.small, p.lang.Answers(r.responses)))
		if r.meaningful {
			valueW = math.Max(valueW, l.fonts.Width(f.value, p.journeyValue(j, r.value)))
		}
		if d, dec, ok := journeyChange(j, r); ok {
			changeW = math.Max(changeW, p.journeyChangeBlock(d, dec, f).w)
		}
	}
	// Names take what the bar leaves them, the bar keeping at least 30 %
	// of the width; a longer name is shortened with an ellipsis.
	fixed := valueW + changeW + answersW + 4*gap
	nameW = math.Min(nameW, math.Max(in.W*0.2, in.W*0.7-fixed))
	barX := in.X + nameW + gap
	barW := in.W - nameW - fixed
	lo, hi, origin := j.scale()
	x := func(v float64) float64 { return barX + barW*(v-lo)/(hi-lo) }

	ops := []Op{}
	if targetText != "" {
		// The label stands over the marks it names.
		t := p.line(f.target, p.th.Text, targetText)
		tx := math.Min(math.Max(x(*j.target)-t.w/2, barX), barX+barW-t.w)
		ops = append(ops, t.at(tx, top)...)
		top += t.h + 36*u
	}
	n := max(len(rows), 1)
	pitch := math.Min((bottom-top)/float64(n), 120*u)
	barH := 30 * u
	for i, r := range rows {
		cy := top + pitch*(float64(i)+0.5)
		name := p.line(f.name, p.th.Text, l.fonts.fitLine(f.name, r.name, nameW))
		ops = append(ops, name.at(in.X, cy-name.h/2)...)
		answers := p.line(f.small, p.th.Muted, p.lang.Answers(r.responses))
		ops = append(ops, answers.at(in.X+in.W-answers.w, cy-answers.h/2)...)
		if !r.meaningful {
			room := in.W - nameW - answersW - 2*gap
			ne := p.line(f.notEnough, p.th.Muted, l.fonts.fitLine(f.notEnough, p.lang.NotEnough(), room))
			ops = append(ops, ne.at(barX, cy-ne.h/2)...)
			continue
		}
		ops = append(ops, p.journeyBar(j, r, barX, cy-barH/2, barW, barH, x, origin)...)
		v := p.line(f.value, p.th.Text, p.journeyValue(j, r.value))
		ops = append(ops, v.at(barX+barW+gap+valueW-v.w, cy-v.h/2)...)
		if d, dec, ok := journeyChange(j, r); ok {
			c := p.journeyChangeBlock(d, dec, f)
			ops = append(ops, c.at(barX+barW+2*gap+valueW, cy-c.h/2)...)
		}
	}
	return ops
}

// journeyPortrait sets a row on three lines: name and value, the bar
// across the width, change and answers.
func (p *page) journeyPortrait(j journey, rows []journeyRow, targetText string, top, bottom float64, f journeyFaceSet) []Op {
	l, u := p.l, p.u
	in := p.fr.inner
	lo, hi, origin := j.scale()
	x := func(v float64) float64 { return in.X + in.W*(v-lo)/(hi-lo) }
	ops := []Op{}
	if targetText != "" {
		mark := block{ops: []Op{RoundRect{Rect: Rect{W: 8 * u, H: 44 * u}, Radius: 4 * u, Color: p.th.Text}}, w: 8 * u, h: 44 * u}
		legend := row(18*u, mark, p.line(f.target, p.th.Text, targetText))
		ops = append(ops, legend.at(in.X, top)...)
		top += legend.h + 48*u
	}
	barH := 28 * u
	lineGap := 24 * u
	capV, capS := l.fonts.CapHeight(f.value), l.fonts.CapHeight(f.small)
	rowH := capV + lineGap + barH + lineGap + capS
	n := max(len(rows), 1)
	pitch := math.Min((bottom-top)/float64(n), rowH+96*u)
	for i, r := range rows {
		y := top + pitch*float64(i)
		valueW := 0.0
		if r.meaningful {
			v := p.line(f.value, p.th.Text, p.journeyValue(j, r.value))
			valueW = v.w
			ops = append(ops, v.at(in.X+in.W-v.w, y)...)
		}
		name := p.line(f.name, p.th.Text, l.fonts.fitLine(f.name, r.name, in.W-valueW-32*u))
		ops = append(ops, name.at(in.X, y+capV-name.h)...)
		barY := y + capV + lineGap
		lineY := barY + barH + lineGap
		answers := p.line(f.small, p.th.Muted, p.lang.Answers(r.responses))
		if !r.meaningful {
			// The words take the bar's place, and the answers join them
			// on that line when both fit.
			ne := p.line(f.notEnough, p.th.Muted, l.fonts.fitLine(f.notEnough, p.lang.NotEnough(), in.W))
			mid := barY + barH/2
			ops = append(ops, ne.at(in.X, mid-ne.h/2)...)
			if ne.w+48*u+answers.w <= in.W {
				ops = append(ops, answers.at(in.X+in.W-answers.w, mid-answers.h/2)...)
			} else {
				ops = append(ops, answers.at(in.X+in.W-answers.w, lineY)...)
			}
			continue
		}
		ops = append(ops, p.journeyBar(j, r, in.X, barY, in.W, barH, x, origin)...)
		ops = append(ops, answers.at(in.X+in.W-answers.w, lineY)...)
		if d, dec, ok := journeyChange(j, r); ok {
			c := p.journeyChangeBlock(d, dec, f)
			ops = append(ops, c.at(in.X, lineY+capS-c.h)...)
		}
	}
	return ops
}

// journeyBar draws a row's bar from the origin to its value over an empty
// track, green when the value reaches the target and red when it lags,
// and the target as a mark across the bar.
func (p *page) journeyBar(j journey, r journeyRow, bx, by, bw, bh float64, x func(float64) float64, origin float64) []Op {
	u := p.u
	ops := []Op{RoundRect{Rect: Rect{X: bx, Y: by, W: bw, H: bh}, Radius: bh / 2, Color: p.th.Tile}}
	if lo := x(origin); lo > bx+bh/2 {
		// Negative scores reach left of zero: mark where zero is.
		zw := 4 * u
		ops = append(ops, RoundRect{Rect: Rect{X: lo - zw/2, Y: by, W: zw, H: bh}, Color: p.th.Dim})
	}
	col := p.th.Accent
	if j.target != nil {
		col = p.th.Promoter
		if p.journeyBelow(j, r) {
			col = p.th.Detractor
		}
	}
	// The bar ends where the number it stands beside is, so that a 4,48
	// shown as 4,5 reaches a target of 4,5 as its colour says.
	shown := math.Round(r.value)
	if j.stars {
		shown = round1(r.value)
	}
	x0, x1 := x(origin), x(shown)
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	if w := x1 - x0; w < bh {
		// A score at the origin still shows a stub, not nothing.
		x1 = math.Min(x0+bh, bx+bw)
		x0 = x1 - bh
	}
	ops = append(ops, RoundRect{Rect: Rect{X: x0, Y: by, W: x1 - x0, H: bh}, Radius: bh / 2, Color: col})
	if j.target != nil {
		mw, over := 8*u, 8*u
		tx := math.Min(math.Max(x(*j.target)-mw/2, bx), bx+bw-mw)
		ops = append(ops, RoundRect{Rect: Rect{X: tx, Y: by - over, W: mw, H: bh + 2*over}, Radius: mw / 2, Color: p.th.Text})
	}
	return ops
}

// journeyBelow reports whether a row lags the target, as the screen
// rounds both.
func (p *page) journeyBelow(j journey, r journeyRow) bool {
	if j.target == nil {
		return false
	}
	if j.stars {
		return round1(r.value) < round1(*j.target)
	}
	return math.Round(r.value) < math.Round(*j.target)
}

// journeyChangeBlock is an arrow and the signed change, coloured by
// whether it went up (better) or down.
func (p *page) journeyChangeBlock(d float64, dec int, f journeyFaceSet) block {
	var col color.RGBA = p.verdict(d, 1)
	return row(14*p.u, p.trendMark(d, 30*p.u, col), p.line(f.change, col, p.lang.Signed(d, dec)))
}
