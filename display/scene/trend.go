package scene

import (
	"image/color"
	"math"
	"slices"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// series is what the trend slide draws: a value per week (nil: no
// answers that week) and the target.
type series struct {
	stars  bool
	vals   []*float64
	resp   []int
	weeks  []time.Time
	target *float64
}

// trendSeries picks the trend to draw: weekly NPS when at least two weeks
// have one, else weekly average stars; ok is false when neither has two
// weeks, and the slide is skipped.
func trendSeries(s *feed.Snapshot) (series, bool) {
	if s == nil {
		return series{}, false
	}
	var nps, stars int
	for _, tp := range s.Trend {
		if tp.NPS != nil {
			nps++
		}
		if tp.Stars != nil {
			stars++
		}
	}
	var out series
	switch {
	case nps >= 2:
		if s.NPS != nil {
			out.target = s.NPS.Target
		}
	case stars >= 2:
		out.stars = true
		if s.Stars != nil {
			out.target = s.Stars.Target
		}
	default:
		return series{}, false
	}
	for _, tp := range s.Trend {
		v := tp.NPS
		if out.stars {
			v = tp.Stars
		}
		out.vals = append(out.vals, v)
		out.resp = append(out.resp, tp.Responses)
		out.weeks = append(out.weeks, tp.Week)
	}
	return out, true
}

// few reports which weeks rest on few answers: fewer than half the median
// week's, or fewer than five. Their points are drawn faded.
func (s series) few() []bool {
	var counts []int
	for i, v := range s.vals {
		if v != nil {
			counts = append(counts, s.resp[i])
		}
	}
	slices.Sort(counts)
	limit := 5
	if len(counts) > 0 {
		limit = max(limit, (counts[len(counts)/2]+1)/2)
	}
	out := make([]bool, len(s.vals))
	for i, v := range s.vals {
		out[i] = v != nil && s.resp[i] < limit
	}
	return out
}

// scale returns the value range and grid step of the chart: round
// numbers around the values and the target, within the scale's bounds.
func (s series) scale() (lo, hi, step float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	see := func(v float64) { lo, hi = math.Min(lo, v), math.Max(hi, v) }
	for _, v := range s.vals {
		if v != nil {
			see(*v)
		}
	}
	if s.target != nil {
		see(*s.target)
	}
	if s.stars {
		step = 0.5
		if hi-lo > 2 {
			step = 1
		}
		lo = math.Max(1, math.Floor((lo-0.15)/step)*step)
		hi = math.Min(5, math.Ceil((hi+0.15)/step)*step)
	} else {
		step = 10
		if hi-lo > 50 {
			step = 25
		}
		lo = math.Max(-100, math.Floor((lo-4)/step)*step)
		hi = math.Min(100, math.Ceil((hi+4)/step)*step)
	}
	if hi-lo < 2*step {
		hi = lo + 2*step
	}
	return lo, hi, step
}

// trend lays out the weekly trend as a line chart with the target as a
// dashed line; faded points rest on few answers, and a week without
// answers leaves a gap in the line.
func (p *page) trend() CardLayout {
	l, u := p.l, p.u
	ops := p.background()
	s, _ := trendSeries(p.snap)
	few := s.few()
	faded := mix(p.th.Accent, p.th.Panel, 0.62)
	var lead []color.RGBA
	context := p.lang.Weeks(len(s.vals))
	if slices.Contains(few, true) {
		lead = []color.RGBA{faded}
		context = p.lang.FewAnswers() + "  ·  " + context
	}
	head, hb := p.heading(p.lang.TrendTitle(s.stars), context, lead...)
	ops = append(ops, head...)

	in := p.fr.inner
	lf := Face{Regular, px(34 * u)}
	cf := Face{DisplayBold, px(64 * u)}
	tf := Face{SemiBold, px(36 * u)}
	lo, hi, step := s.scale()
	label := func(v float64) string {
		if s.stars {
			return p.lang.Number(v, 1)
		}
		return p.lang.Score(v)
	}
	labelW := 0.0
	for v := lo; v <= hi+step/2; v += step {
		labelW = math.Max(labelW, l.fonts.Width(lf, label(v)))
	}
	var last int = -1
	for i, v := range s.vals {
		if v != nil {
			last = i
		}
	}
	callout := label(*s.vals[last])
	targetText := ""
	if s.target != nil {
		targetText = p.lang.phrase("Ziel ", "Target ") + label(*s.target)
	}
	reserve := math.Max(l.fonts.Width(cf, callout), l.fonts.Width(tf, targetText)) + 40*u
	capL := l.fonts.CapHeight(lf)
	plot := Rect{X: in.X + labelW + 28*u, Y: hb + 64*u + capL/2}
	plot.W = in.X + in.W - reserve - plot.X
	plot.H = in.Y + in.H - (capL + 32*u) - plot.Y
	if most := plot.W * 1.2; plot.H > most {
		// A tall, narrow chart (portrait) exaggerates every wiggle: keep
		// it not much taller than wide and centre it in the room.
		plot.Y += (plot.H - most) * 0.45
		plot.H = most
	}
	y := func(v float64) float64 { return plot.Y + plot.H*(hi-v)/(hi-lo) }
	n := len(s.vals)
	x := func(i int) float64 { return plot.X + plot.W*float64(i)/float64(max(n-1, 1)) }

	// Grid and axis labels.
	for v := lo; v <= hi+step/2; v += step {
		gy := y(v)
		col := p.th.Tile
		if v == 0 && !s.stars {
			col = p.th.Dim
		}
		ops = append(ops, RoundRect{Rect: Rect{X: plot.X, Y: gy - u, W: plot.W, H: 2 * u}, Color: col})
		t := label(v)
		ops = append(ops, l.text(lf, p.th.Muted, plot.X-24*u-l.fonts.Width(lf, t), gy+capL/2, t))
	}
	dx := plot.W / float64(max(n-1, 1))
	widest := 0.0
	for _, w := range s.weeks {
		widest = math.Max(widest, l.fonts.Width(lf, p.lang.ShortDate(w)))
	}
	every := max(1, int(math.Ceil((widest+28*u)/dx)))
	for i := n - 1; i >= 0; i -= every {
		t := p.lang.ShortDate(s.weeks[i])
		w := l.fonts.Width(lf, t)
		lx := math.Min(math.Max(x(i)-w/2, in.X), in.X+in.W-w)
		ops = append(ops, l.text(lf, p.th.Muted, lx, plot.Y+plot.H+28*u+capL, t))
	}

	// The target, dashed, with its label in the reserve on the right.
	calloutY := y(*s.vals[last])
	if s.target != nil {
		ty := y(*s.target)
		tc := mix(p.th.Text, p.th.Panel, 0.35)
		dash, gap, th := 22*u, 14*u, 4*u
		for dxp := 0.0; dxp < plot.W; dxp += dash + gap {
			ops = append(ops, RoundRect{Rect: Rect{X: plot.X + dxp, Y: ty - th/2, W: math.Min(dash, plot.W-dxp), H: th}, Radius: th / 2, Color: tc})
		}
		// Keep the label clear of the callout of the last value.
		need := (l.fonts.CapHeight(cf)+l.fonts.CapHeight(tf))/2 + 24*u
		ly := ty
		if math.Abs(ly-calloutY) < need {
			if ly >= calloutY {
				ly = calloutY + need
			} else {
				ly = calloutY - need
			}
		}
		ops = append(ops, l.text(tf, tc, plot.X+plot.W+28*u, ly+l.fonts.CapHeight(tf)/2, targetText))
	}

	// The line: faded segments first, then runs of solid points, then dots.
	lw := 7 * u
	for i := 0; i+1 < n; i++ {
		if s.vals[i] != nil && s.vals[i+1] != nil && (few[i] || few[i+1]) {
			ops = append(ops, Polyline{Points: []Point{{x(i), y(*s.vals[i])}, {x(i + 1), y(*s.vals[i+1])}}, Width: lw, Color: faded})
		}
	}
	var run []Point
	flush := func() {
		if len(run) > 1 {
			ops = append(ops, Polyline{Points: run, Width: lw, Color: p.th.Accent})
		}
		run = nil
	}
	for i, v := range s.vals {
		if v == nil || few[i] {
			flush()
			continue
		}
		run = append(run, Point{x(i), y(*v)})
	}
	flush()
	for i, v := range s.vals {
		if v == nil {
			continue
		}
		d, col := 22*u, p.th.Accent
		if few[i] {
			col = faded
		}
		if i == last {
			d = 30 * u
		}
		ops = append(ops, RoundRect{Rect: Rect{X: x(i) - d/2, Y: y(*v) - d/2, W: d, H: d}, Radius: d / 2, Color: col})
	}
	cc := p.th.Text
	if few[last] {
		cc = p.th.Muted
	}
	ops = append(ops, l.text(cf, cc, plot.X+plot.W+28*u, calloutY+l.fonts.CapHeight(cf)/2, callout))
	return CardLayout{Ops: ops}
}
