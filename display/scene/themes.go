package scene

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/cxtv/cxtv/feed"
)

// The most themes one slide lists. The server sends at most six
// (feed/curate.MaxThemes), and six rows fit either way round at the
// journey slide's sizes: the score a primary number (60 design pixels,
// about 44 px cap height at 1080p), the name 44 (32 px), the counts, the
// trend and the quotes 32–36 (23–26 px). Quotes go to the top rows as far
// as the height allows, in two lines or else one: of the test snapshot's
// six themes, two in landscape and three in portrait at 1920×1080 and
// 1080×1920 with the ticker band. More themes than these would push the
// type below what reads from across a canteen; the rest are counted in a
// footer.
const (
	maxThemeRowsLandscape = 6
	maxThemeRowsPortrait  = 6
	// topicQuoteLines is the most lines a theme's quote takes; the server
	// shortens it to 140 characters, two lines of the quote face. Where
	// two do not fit, one does, cut with an ellipsis.
	topicQuoteLines = 2
)

// topicsOf returns the themes the slide can show, most comments first
// (the server lists the admins' first; the slide ranks what customers
// talk about most), or none and the slide is skipped.
func topicsOf(s *feed.Snapshot) []feed.Topic {
	if s == nil {
		return nil
	}
	var out []feed.Topic
	for _, t := range s.Themes {
		if strings.TrimSpace(t.Name) != "" && t.Comments > 0 {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b feed.Topic) int { return cmp.Compare(b.Comments, a.Comments) })
	return out
}

// themeFaceSet holds the faces of the themes slide. value is the primary
// number; every other face stays at or above 32 design pixels (23 px cap
// height at 1080p).
type themeFaceSet struct {
	name, value, label, small, trend, quote Face
}

func themeFaces(u float64) themeFaceSet {
	return themeFaceSet{
		name:  Face{SemiBold, px(44 * u)},
		value: Face{DisplayBold, px(60 * u)},
		label: Face{SemiBold, px(32 * u)},
		small: Face{Regular, px(34 * u)},
		trend: Face{SemiBold, px(36 * u)},
		quote: Face{Regular, px(34 * u)},
	}
}

// themes lays out the themes slide: a ranked row per theme with the
// name, a bar of its share of the period's comments, the count and the
// share, the score of those comments and its trend against the previous
// period, and under the top rows an example quote. Landscape sets a row
// on one line and its quote below; portrait on three (name and score,
// bar, counts and trend) and the quote below.
func (p *page) themes() CardLayout {
	u := p.u
	ops := p.background()
	context := p.lang.ThemesChange(p.period().days)
	if per := p.lang.PeriodLabel(p.period()); per != "" {
		context = per + "  ·  " + context
	}
	head, hb := p.heading(p.lang.ThemesTitle(), context)
	ops = append(ops, head...)

	portrait := p.size.Portrait()
	limit := maxThemeRowsLandscape
	if portrait {
		limit = maxThemeRowsPortrait
	}
	rows := topicsOf(p.snap)
	more := max(len(rows)-limit, 0)
	rows = rows[:min(len(rows), limit)]
	in := p.fr.inner
	f := themeFaces(u)
	top := hb + 64*u
	bottom := in.Y + in.H
	if more > 0 {
		foot := p.line(f.small, p.th.Muted, p.l.fonts.fitLine(f.small, p.lang.MoreThemes(more), in.W))
		ops = append(ops, foot.at(in.X, bottom-foot.h)...)
		bottom -= foot.h + 40*u
	}
	if portrait {
		return CardLayout{Ops: append(ops, p.themesPortrait(rows, top, bottom, f)...)}
	}
	return CardLayout{Ops: append(ops, p.themesLandscape(rows, top, bottom, f)...)}
}

// themeShareMax is the share the bars are drawn against: the largest
// share among the rows, rounded up to a tenth, so that the bars use the
// width and still compare with one another.
func themeShareMax(rows []feed.Topic) float64 {
	hi := 0.1
	for _, t := range rows {
		hi = math.Max(hi, math.Ceil(t.Share*10-1e-9)/10)
	}
	return math.Min(hi, 1)
}

// themeBar is the share of one theme as a bar over an empty track.
func (p *page) themeBar(t feed.Topic, hi, x, y, w, h float64) []Op {
	ops := []Op{RoundRect{Rect: Rect{X: x, Y: y, W: w, H: h}, Radius: h / 2, Color: p.th.Tile}}
	bw := math.Max(h, w*math.Min(t.Share/hi, 1))
	return append(ops, RoundRect{Rect: Rect{X: x, Y: y, W: bw, H: h}, Radius: h / 2, Color: p.th.Accent})
}

// themeCounts is the comments that mention a theme and their share:
// "42 Kommentare  ·  18 %".
func (p *page) themeCounts(t feed.Topic) string {
	return p.lang.Mentions(t.Comments) + "  ·  " + p.lang.Percent(t.Share)
}

// themeScore is the score of a theme's comments as a block: "NPS" and the
// number on one baseline, or a star and the average; empty when none of
// its comments has a score.
func (p *page) themeScore(t feed.Topic, f themeFaceSet) block {
	l, u := p.l, p.u
	var lead block
	var num string
	switch {
	case t.NPS != nil:
		num = p.lang.Score(*t.NPS)
		lead = p.line(f.label, p.th.Muted, "NPS")
	case t.Stars != nil:
		num = p.lang.Number(round1(*t.Stars), 1)
		r := l.fonts.CapHeight(f.value) * 0.5
		lead = block{ops: []Op{Star{CX: r, CY: r, R: r, Color: p.th.StarOn}}, w: 2 * r, h: 2 * r}
	default:
		return block{}
	}
	v := p.line(f.value, p.th.Text, num)
	gap := 14 * u
	var out block
	// The label sits on the number's baseline; a star in its middle.
	out.add(lead, 0, v.h-lead.h)
	out.add(v, lead.w+gap, 0)
	return out
}

// themeTrend is a theme's trend as an arrow (a level bar when steady) and
// its word, in the accent colour when it rises and muted otherwise: the
// shape and the word carry it, not the colour alone. Whether more talk
// of a theme is good depends on the theme, so it is not coloured as
// better or worse.
func (p *page) themeTrend(t feed.Topic, f themeFaceSet) block {
	word := p.lang.TopicTrend(t.Trend)
	if word == "" {
		return block{}
	}
	u := p.u
	col, delta := p.th.Muted, 0.0
	switch t.Trend {
	case feed.TrendRising:
		col, delta = p.th.Accent, 1
	case feed.TrendFalling:
		delta = -1
	}
	return row(14*u, p.trendMark(delta, 30*u, col), p.line(f.trend, col, word))
}

// themeQuote sets a theme's example quote in quotation marks, at most
// lines lines of width w, cut with an ellipsis before the closing mark if
// longer; redaction marks are dimmed as on comment cards.
func (p *page) themeQuote(t feed.Topic, w float64, lines int, f themeFaceSet) block {
	if t.Quote == nil || strings.TrimSpace(t.Quote.Text) == "" {
		return block{}
	}
	l := p.l
	open, closing := p.marks(t.Quote.Language)
	b := l.fonts.fit(f.quote.Font, open+strings.TrimSpace(t.Quote.Text)+closing, closing, w, math.Inf(1),
		f.quote.Size, f.quote.Size, lines, themeQuoteLeading)
	capH := l.fonts.CapHeight(f.quote)
	col := mix(p.th.Text, p.th.Panel, 0.12)
	var out block
	inMark := false
	for i, line := range b.lines {
		var run []Op
		run, inMark = p.runs(f.quote, col, 0, capH+float64(i)*b.leading, line, inMark)
		out.ops = append(out.ops, run...)
		out.w = math.Max(out.w, l.fonts.Width(f.quote, line))
	}
	out.h = capH + float64(max(len(b.lines)-1, 0))*b.leading
	return out
}

const themeQuoteLeading = 1.3

// themeQuotes returns the quotes the rows show, an empty block for a row
// without: the top rows keep theirs, in two lines or else one, as long as
// all rows still fit height h — each row taking rowH, a quote quoteGap
// and its height more, the rows at least gap apart.
func (p *page) themeQuotes(rows []feed.Topic, w, rowH, quoteGap, gap, h float64, f themeFaceSet) []block {
	n := len(rows)
	out := make([]block, n)
	used := float64(n)*rowH + float64(max(n-1, 0))*gap
	for i, t := range rows {
		if t.Quote == nil {
			continue
		}
		fits := false
		for lines := topicQuoteLines; lines >= 1 && !fits; lines-- {
			q := p.themeQuote(t, w, lines, f)
			if q.h > 0 && used+quoteGap+q.h <= h {
				out[i], used, fits = q, used+quoteGap+q.h, true
			}
		}
		if !fits {
			break
		}
	}
	return out
}

// themesLandscape sets one row per line — name, share bar, counts, score,
// trend, the columns as wide as their widest entry — and the quotes of
// the top rows under their names.
func (p *page) themesLandscape(rows []feed.Topic, top, bottom float64, f themeFaceSet) []Op {
	l, u := p.l, p.u
	in := p.fr.inner
	gap := 36 * u
	var nameW, countsW, scoreW, trendW float64
	for _, t := range rows {
		nameW = math.Max(nameW, l.fonts.Width(f.name, t.Name))
		countsW = math.Max(countsW, l.fonts.Width(f.small, p.themeCounts(t)))
		scoreW = math.Max(scoreW, p.themeScore(t, f).w)
		trendW = math.Max(trendW, p.themeTrend(t, f).w)
	}
	trendX := in.X + in.W - trendW
	scoreR := trendX - gap
	countsR := scoreR - scoreW - gap
	// Names take what the bar leaves them, the bar keeping 15 % of
	// the width; a longer name is shortened with an ellipsis. Where that
	// would leave a name less than a fifth too (a 4:3 screen), the bar
	// gives way: the counts say the share in words.
	avail := countsR - countsW - gap - in.X
	minBar := in.W * 0.15
	var barW float64
	switch {
	case nameW+gap+minBar <= avail:
		barW = avail - nameW - gap
	case avail-gap-minBar >= in.W*0.2:
		nameW, barW = avail-gap-minBar, minBar
	default:
		nameW = math.Min(nameW, avail)
	}
	barX := in.X + nameW + gap

	capV := l.fonts.CapHeight(f.value)
	quoteGap := 22 * u
	quotes := p.themeQuotes(rows, in.W, capV, quoteGap, 44*u, bottom-top, f)
	height := func(i int) float64 {
		if quotes[i].h > 0 {
			return capV + quoteGap + quotes[i].h
		}
		return capV
	}
	used := 0.0
	for i := range rows {
		used += height(i)
	}
	rowGap := 56 * u
	if n := len(rows); n > 1 {
		rowGap = math.Min((bottom-top-used)/float64(n-1), 72*u)
	}

	barH := 30 * u
	hi := themeShareMax(rows)
	ops := []Op{}
	y := top
	for i, t := range rows {
		cy := y + capV/2
		name := p.line(f.name, p.th.Text, l.fonts.fitLine(f.name, t.Name, nameW))
		ops = append(ops, name.at(in.X, cy-name.h/2)...)
		if barW > 0 {
			ops = append(ops, p.themeBar(t, hi, barX, cy-barH/2, barW, barH)...)
		}
		counts := p.line(f.small, p.th.Muted, p.themeCounts(t))
		ops = append(ops, counts.at(countsR-counts.w, cy-counts.h/2)...)
		if s := p.themeScore(t, f); s.w > 0 {
			ops = append(ops, s.at(scoreR-s.w, y)...)
		}
		if tr := p.themeTrend(t, f); tr.w > 0 {
			ops = append(ops, tr.at(trendX, cy-tr.h/2)...)
		}
		if quotes[i].h > 0 {
			ops = append(ops, quotes[i].at(in.X, y+capV+quoteGap)...)
		}
		y += height(i) + rowGap
	}
	return ops
}

// themesPortrait sets a row on three lines — name and score, the share
// bar across the width, counts and trend — and the quotes of the top rows
// below.
func (p *page) themesPortrait(rows []feed.Topic, top, bottom float64, f themeFaceSet) []Op {
	l, u := p.l, p.u
	in := p.fr.inner
	barH := 28 * u
	lineGap := 24 * u
	capV, capS := l.fonts.CapHeight(f.value), l.fonts.CapHeight(f.small)
	rowH := capV + lineGap + barH + lineGap + capS
	quoteGap := 28 * u
	quotes := p.themeQuotes(rows, in.W, rowH, quoteGap, 56*u, bottom-top, f)
	height := func(i int) float64 {
		if quotes[i].h > 0 {
			return rowH + quoteGap + quotes[i].h
		}
		return rowH
	}
	used := 0.0
	for i := range rows {
		used += height(i)
	}
	rowGap := 72 * u
	if n := len(rows); n > 1 {
		rowGap = math.Min((bottom-top-used)/float64(n-1), 96*u)
	}

	hi := themeShareMax(rows)
	ops := []Op{}
	y := top
	for i, t := range rows {
		s := p.themeScore(t, f)
		if s.w > 0 {
			ops = append(ops, s.at(in.X+in.W-s.w, y)...)
		}
		name := p.line(f.name, p.th.Text, l.fonts.fitLine(f.name, t.Name, in.W-s.w-32*u))
		ops = append(ops, name.at(in.X, y+capV-name.h)...)
		barY := y + capV + lineGap
		ops = append(ops, p.themeBar(t, hi, in.X, barY, in.W, barH)...)
		lineY := barY + barH + lineGap
		counts := p.line(f.small, p.th.Muted, p.themeCounts(t))
		ops = append(ops, counts.at(in.X, lineY)...)
		if tr := p.themeTrend(t, f); tr.w > 0 {
			ops = append(ops, tr.at(in.X+in.W-tr.w, lineY+capS/2-tr.h/2)...)
		}
		if quotes[i].h > 0 {
			ops = append(ops, quotes[i].at(in.X, y+rowH+quoteGap)...)
		}
		y += height(i) + rowGap
	}
	return ops
}
