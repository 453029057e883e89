package scene

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/cxtv/cxtv/feed"
)

// Sizes of a score slide's main number, in design pixels: at the largest,
// its digits are a quarter of a 1080-pixel screen tall.
const (
	bigNumberMax = 360
	bigNumberMin = 160
)

// nps lays out the NPS slide: the score as a large number with its change
// and target, beside the promoter/passive/detractor split as a bar.
func (p *page) nps(n *feed.NPSStats) CardLayout {
	ops := p.background()
	if !n.Meaningful {
		return p.notEnough(ops, p.lang.NPSTitle(), n.Responses)
	}
	head, hb := p.heading(p.lang.NPSTitle(), p.context(n.Responses))
	ops = append(ops, head...)

	score := math.Round(n.Score)
	portrait := p.size.Portrait()
	in := p.fr.inner
	leftW, rightW := in.W*0.46, in.W*0.5
	if portrait {
		leftW, rightW = in.W, in.W
	}
	var facts []block
	if n.Previous != nil {
		d := score - math.Round(*n.Previous)
		facts = append(facts, p.change(d, p.lang.Signed(d, 0), 1))
	}
	if n.Target != nil {
		t := math.Round(*n.Target)
		facts = append(facts, p.target(p.lang.Score(t), t-score, p.lang.Number(t-score, 0), true))
	}
	left := vstack(56*p.u, p.bigNumber(p.lang.Score(score), leftW), vstack(36*p.u, facts...))
	right := vstack(48*p.u, p.splitBar(n, rightW), p.splitLegend(n, rightW))
	return CardLayout{Ops: append(ops, p.columns(hb, left, right)...)}
}

// stars lays out the stars slide: the average as a large number over a
// row of stars, with change and target, beside the 5…1 distribution.
func (p *page) stars(s *feed.StarStats) CardLayout {
	ops := p.background()
	if !s.Meaningful {
		return p.notEnough(ops, p.lang.StarsTitle(), s.Responses)
	}
	head, hb := p.heading(p.lang.StarsTitle(), p.context(s.Responses))
	ops = append(ops, head...)

	avg := round1(s.Average)
	in := p.fr.inner
	leftW, rightW := in.W*0.42, in.W*0.5
	if p.size.Portrait() {
		leftW, rightW = in.W, in.W
	}
	var facts []block
	if s.Previous != nil {
		d := round1(avg - round1(*s.Previous))
		facts = append(facts, p.change(d, p.lang.Signed(d, 1), 1))
	}
	if s.Target != nil {
		t := round1(*s.Target)
		gap := round1(t - avg)
		facts = append(facts, p.target(p.lang.Number(t, 1), gap, p.lang.Number(gap, 1), false))
	}
	top := vstack(40*p.u, p.bigNumber(p.lang.Number(avg, 1), leftW), p.starRow(avg, 40*p.u))
	left := vstack(56*p.u, top, vstack(36*p.u, facts...))
	return CardLayout{Ops: append(ops, p.columns(hb, left, p.distribution(s, rightW))...)}
}

// columns places two blocks in the body below the heading: side by side
// in landscape, each centred in its height, the right one starting at the
// middle; one above the other in portrait.
func (p *page) columns(headBottom float64, left, right block) []Op {
	in := p.fr.inner
	top := headBottom + 64*p.u
	h := in.Y + in.H - top
	if p.size.Portrait() {
		all := vstack(120*p.u, left, right)
		return all.at(in.X, top+math.Max(0, (h-all.h)*0.45))
	}
	ops := left.at(in.X, top+math.Max(0, (h-left.h)/2))
	return append(ops, right.at(in.X+in.W*0.5, top+math.Max(0, (h-right.h)/2))...)
}

// context is a score slide's context line: "letzte 30 Tage · 312 Antworten".
func (p *page) context(responses int) string {
	s := p.lang.Answers(responses)
	if per := p.lang.PeriodLabel(p.period()); per != "" {
		s = per + "  ·  " + s
	}
	return s
}

func (p *page) period() periodInfo {
	if p.snap == nil {
		return periodInfo{}
	}
	return periodInfo{days: p.snap.Period.Days, from: p.snap.Period.From, to: p.snap.Period.To}
}

// notEnough says that a score rests on too few answers instead of showing
// a wild value.
func (p *page) notEnough(ops []Op, title string, responses int) CardLayout {
	head, hb := p.heading(title, "")
	ops = append(ops, head...)
	in := p.fr.inner
	big := p.l.fitSize(SemiBold, p.lang.NotEnough(), in.W, px(84*p.u), px(40*p.u))
	msg := vstack(48*p.u,
		p.line(big, p.th.Text, p.lang.NotEnough()),
		p.line(Face{Regular, px(44 * p.u)}, p.th.Muted, p.l.fonts.fitLine(Face{Regular, px(44 * p.u)}, p.context(responses), in.W)))
	top := hb + 64*p.u
	h := in.Y + in.H - top
	return CardLayout{Ops: append(ops, msg.at(in.X, top+(h-msg.h)*0.45)...)}
}

// bigNumber is a slide's main number, as large as fits width. A decimal
// comma reaches below the baseline, and the block grows to hold it so
// that nothing stacked below touches it.
func (p *page) bigNumber(s string, width float64) block {
	f := p.l.fitSize(DisplayBold, s, width, px(bigNumberMax*p.u), px(bigNumberMin*p.u))
	b := p.line(f, p.th.Text, s)
	if strings.ContainsAny(s, ",.") {
		b.h += 0.16 * float64(f.Size)
	}
	return b
}

// change lays out a change against the previous period: an arrow and the
// signed difference, coloured good or bad by better (+1: up is good, −1:
// down is good, 0: neither), then what it is measured against, muted.
func (p *page) change(delta float64, signed string, better int) block {
	f := Face{SemiBold, px(46 * p.u)}
	col := p.verdict(delta, better)
	return row(18*p.u, p.trendMark(delta, 34*p.u, col), p.line(f, col, signed),
		p.line(Face{Regular, px(46 * p.u)}, p.th.Muted, p.lang.Versus(p.period().days)))
}

// verdict colours a change: green when it went the better way, red when
// the worse, muted when it did not move or no way is better.
func (p *page) verdict(delta float64, better int) color.RGBA {
	switch {
	case delta == 0 || better == 0:
		return p.th.Muted
	case (delta > 0) == (better > 0):
		return p.th.Better
	}
	return p.th.Worse
}

// trendMark is an arrow up or down, or a level bar when delta is zero.
func (p *page) trendMark(delta, s float64, col color.RGBA) block {
	if delta == 0 {
		bh := s * 0.2
		return block{ops: []Op{RoundRect{Rect: Rect{Y: s*0.41 - bh/2, W: s, H: bh}, Radius: bh / 2, Color: col}}, w: s, h: s * 0.82}
	}
	return arrow(s, delta > 0, col)
}

// target lays out a goal: a target mark and "Ziel 40 · noch 2 Punkte".
func (p *page) target(value string, gap float64, gapText string, points bool) block {
	d := 40 * p.u
	mark := block{ops: []Op{
		RoundRect{Rect: Rect{W: d, H: d}, Radius: d / 2, Color: p.th.Accent},
		RoundRect{Rect: Rect{X: d * 0.2, Y: d * 0.2, W: d * 0.6, H: d * 0.6}, Radius: d * 0.3, Color: p.th.Panel},
		RoundRect{Rect: Rect{X: d * 0.36, Y: d * 0.36, W: d * 0.28, H: d * 0.28}, Radius: d * 0.14, Color: p.th.Accent},
	}, w: d, h: d}
	s := p.lang.Target(value, gap, gapText, points)
	return row(18*p.u, mark, p.line(Face{SemiBold, px(46 * p.u)}, p.th.Text, s))
}

// splitBar is the promoter/passive/detractor split as one bar.
func (p *page) splitBar(n *feed.NPSStats, w float64) block {
	h, gap := 64*p.u, 8*p.u
	counts := [3]int{n.Promoters, n.Passives, n.Detractors}
	cols := [3]color.RGBA{p.th.Promoter, p.th.Passive, p.th.Detractor}
	total, parts := 0, 0
	for _, c := range counts {
		total += c
		if c > 0 {
			parts++
		}
	}
	out := block{w: w, h: h}
	if total == 0 {
		out.ops = []Op{RoundRect{Rect: Rect{W: w, H: h}, Radius: h / 2, Color: p.th.Tile}}
		return out
	}
	room := w - float64(parts-1)*gap
	x := 0.0
	for i, c := range counts {
		if c == 0 {
			continue
		}
		sw := math.Max(room*float64(c)/float64(total), h*0.3)
		out.ops = append(out.ops, RoundRect{Rect: Rect{X: x, W: math.Min(sw, w-x), H: h}, Radius: 12 * p.u, Color: cols[i]})
		x += sw + gap
	}
	return out
}

// splitLegend names the three groups under the bar with their shares.
func (p *page) splitLegend(n *feed.NPSStats, w float64) block {
	shares := wholePercents([]int{n.Promoters, n.Passives, n.Detractors})
	cats := [3]feed.Category{feed.Promoter, feed.Passive, feed.Detractor}
	pf, lf := Face{DisplayBold, px(76 * p.u)}, Face{SemiBold, px(38 * p.u)}
	colW := w / 3
	var out block
	for i, c := range cats {
		num := p.lang.WithUnit(strconv.Itoa(shares[i]), "%")
		sw := p.dotted(p.th.category(c), p.line(pf, p.th.Text, num))
		label := p.line(lf, p.th.Muted, p.l.fonts.fitLine(lf, p.lang.CategoryLabel(c), colW-16*p.u))
		out.add(vstack(28*p.u, sw, label), float64(i)*colW, 0)
	}
	out.w = w
	return out
}

// dotted puts a coloured dot before b, on its cap height's middle.
func (p *page) dotted(c color.RGBA, b block) block {
	return row(16*p.u, dot(26*p.u, c), b)
}

// distribution is the 5…1 star distribution: a labelled bar a row.
func (p *page) distribution(s *feed.StarStats, w float64) block {
	u := p.u
	lf := Face{SemiBold, px(44 * u)}
	shares := wholePercents(s.Counts[:])
	most := 0
	for _, c := range s.Counts {
		most = max(most, c)
	}
	labelW := p.l.fonts.Width(lf, "5") + 14*u + 36*u
	pctW := p.l.fonts.Width(lf, p.lang.WithUnit("100", "%"))
	barH, pitch := 36*u, 84*u
	trackX := labelW + 32*u
	trackW := w - trackX - 32*u - pctW
	var out block
	for i := 0; i < 5; i++ {
		stars := 5 - i
		y := float64(i) * pitch
		label := row(14*u, p.line(lf, p.th.Text, strconv.Itoa(stars)),
			block{ops: []Op{Star{CX: 18 * u, CY: 18 * u, R: 18 * u, Color: p.th.StarOn}}, w: 36 * u, h: 36 * u})
		out.add(label, 0, y+(barH-label.h)/2)
		out.ops = append(out.ops, RoundRect{Rect: Rect{X: trackX, Y: y, W: trackW, H: barH}, Radius: barH / 2, Color: p.th.Tile})
		if c := s.Counts[stars-1]; c > 0 && most > 0 {
			fw := math.Max(trackW*float64(c)/float64(most), barH)
			out.ops = append(out.ops, RoundRect{Rect: Rect{X: trackX, Y: y, W: fw, H: barH}, Radius: barH / 2, Color: p.th.StarOn})
		}
		pct := p.line(lf, p.th.Muted, p.lang.WithUnit(strconv.Itoa(shares[stars-1]), "%"))
		out.add(pct, w-pct.w, y+(barH-pct.h)/2)
	}
	out.w = w
	return out
}

// starRow is five stars of radius r filled up to avg, the last one partly.
func (p *page) starRow(avg, r float64) block {
	step := r * 2.3
	var out block
	for i := 0; i < 5; i++ {
		cx := r + float64(i)*step
		out.ops = append(out.ops, Star{CX: cx, CY: r, R: r, Color: p.th.StarOff})
		switch fill := avg - float64(i); {
		case fill >= 1:
			out.ops = append(out.ops, Star{CX: cx, CY: r, R: r, Color: p.th.StarOn})
		case fill > 0:
			out.ops = append(out.ops, Star{CX: cx, CY: r, R: r, Color: p.th.StarOn, Part: fill})
		}
	}
	out.w, out.h = 4*step+2*r, 2*r
	return out
}

// wholePercents turns counts into whole percentages that add up to 100
// (largest remainder), so a legend never sums to 99 or 101.
func wholePercents(counts []int) []int {
	total := 0
	for _, c := range counts {
		total += c
	}
	out := make([]int, len(counts))
	if total == 0 {
		return out
	}
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, len(counts))
	sum := 0
	for i, c := range counts {
		exact := float64(c) * 100 / float64(total)
		out[i] = int(exact)
		sum += out[i]
		rems[i] = rem{i, exact - float64(out[i])}
	}
	for left := 100 - sum; left > 0; left-- {
		best := -1
		for j, r := range rems {
			if best < 0 || r.r > rems[best].r {
				best = j
			}
		}
		out[rems[best].i]++
		rems[best].r = -1
	}
	return out
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
