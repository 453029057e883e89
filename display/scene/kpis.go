package scene

import (
	"math"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// maxKPITiles is how many KPI tiles one slide holds; more would be too
// small to read from across the room. Further KPIs are not shown.
const maxKPITiles = 6

// kpis lays out the O-data tiles beside the experience score (the NPS, or
// average stars, when meaningful): each tile a name, the value with its
// unit, and the change since the previous value, coloured by whether it
// went the better way.
func (p *page) kpis() CardLayout {
	u := p.u
	ops := p.background()
	tiles := p.snap.KPIs[:min(len(p.snap.KPIs), maxKPITiles)]
	var latest time.Time
	for _, k := range tiles {
		if k.At.After(latest) {
			latest = k.At
		}
	}
	context := ""
	if !latest.IsZero() {
		if !p.now.IsZero() {
			latest = latest.In(p.now.Location())
		}
		context = p.lang.AsOf(latest)
	}
	head, hb := p.heading(p.lang.KPITitle(), context)
	ops = append(ops, head...)

	in := p.fr.inner
	area := Rect{X: in.X, Y: hb + 56*u, W: in.W}
	area.H = in.Y + in.H - area.Y
	gap := 32 * u
	portrait := p.size.Portrait()
	exp, hasExp := p.experience()
	var er Rect
	if hasExp {
		if portrait {
			er = Rect{X: area.X, Y: area.Y, W: area.W, H: math.Min(area.H*0.32, 400*u)}
			area.Y += er.H + gap
			area.H -= er.H + gap
		} else {
			er = Rect{X: area.X, Y: area.Y, W: area.W * 0.3, H: area.H}
			area.X += er.W + gap
			area.W -= er.W + gap
		}
	}

	n := len(tiles)
	cols := map[int]int{1: 1, 2: 2, 3: 3, 4: 2, 5: 3, 6: 3}[n]
	if portrait {
		cols = min(n, 2)
	}
	rows := (n + cols - 1) / cols
	tw := (area.W - float64(cols-1)*gap) / float64(cols)
	th := math.Min((area.H-float64(rows-1)*gap)/float64(rows), 380*u)
	gridH := float64(rows)*th + float64(rows-1)*gap
	top := area.Y + (area.H-gridH)/2
	if portrait {
		// Score and tiles stay together, the group a little above the
		// middle, rather than the tiles floating away from the score.
		shift := (area.H - gridH) * 0.4
		er.Y += shift
		top = area.Y + shift
	}
	if hasExp {
		ops = append(ops, exp(er)...)
	}
	for i, k := range tiles {
		x := area.X + float64(i%cols)*(tw+gap)
		y := top + float64(i/cols)*(th+gap)
		ops = append(ops, p.kpiTile(k, tw, th).at(x, y)...)
	}
	return CardLayout{Ops: ops}
}

// kpiTile lays out one KPI in a w×h tile.
func (p *page) kpiTile(k feed.KPITile, w, h float64) block {
	u := p.u
	pad := 36 * u
	nf := Face{SemiBold, px(38 * u)}
	out := block{ops: []Op{RoundRect{Rect: Rect{W: w, H: h}, Radius: 24 * u, Color: p.th.Tile}}, w: w, h: h}
	name := p.lines(nf, p.th.Muted, k.Name, w-2*pad, 2, 1.15)
	out.add(name, pad, pad)

	dec := Decimals(k.Value)
	if k.Previous != nil {
		dec = max(dec, Decimals(*k.Previous))
	}
	var change block
	if k.Previous != nil {
		d := k.Value - *k.Previous
		if math.Abs(d) < math.Pow(10, -float64(dec))/2 {
			d = 0
		}
		better := map[string]int{"up": 1, "down": -1}[k.Better]
		col := p.verdict(d, better)
		cf := Face{SemiBold, px(38 * u)}
		change = row(14*u, p.trendMark(d, 30*u, col), p.line(cf, col, p.lang.WithUnit(p.lang.Signed(d, dec), k.Unit)))
		out.add(change, pad, h-pad-change.h)
	}
	nameBottom := pad + name.h
	room := h - nameBottom - pad - change.h
	value := p.value(p.lang.Number(k.Value, dec), k.Unit, w-2*pad, room-48*u, 132*u)
	out.add(value, pad, nameBottom+(room-value.h)/2)
	return out
}

// value sets a number with its unit, the unit smaller and on the same
// baseline, as large as fits w×h up to most design pixels.
func (p *page) value(num, unit string, w, h, most float64) block {
	l := p.l
	gapEm := 0.22
	if p.lang == English && unit == "%" {
		gapEm = 0.04
	}
	size := px(most)
	for ; size > px(40*p.u); size -= max(size/24, 1) {
		vf, uf := Face{DisplayBold, size}, Face{SemiBold, px(float64(size) * 0.42)}
		tw := l.fonts.Width(vf, num)
		if unit != "" {
			tw += float64(uf.Size)*gapEm + l.fonts.Width(uf, unit)
		}
		if tw <= w && l.fonts.CapHeight(vf) <= h {
			break
		}
	}
	vf, uf := Face{DisplayBold, size}, Face{SemiBold, px(float64(size) * 0.42)}
	capH := l.fonts.CapHeight(vf)
	nw := l.fonts.Width(vf, num)
	out := block{ops: []Op{l.text(vf, p.th.Text, 0, capH, num)}, w: nw, h: capH}
	if unit != "" {
		x := nw + float64(uf.Size)*gapEm
		out.ops = append(out.ops, l.text(uf, p.th.Muted, x, capH, unit))
		out.w = x + l.fonts.Width(uf, unit)
	}
	return out
}

// experience returns a function laying out the experience score tile,
// and false when no score is meaningful enough to show.
func (p *page) experience() (func(Rect) []Op, bool) {
	s := p.snap
	var label, num string
	var delta *float64
	dec := 0
	switch {
	case s.NPS != nil && s.NPS.Meaningful:
		label = "NPS"
		score := math.Round(s.NPS.Score)
		num = p.lang.Score(score)
		if s.NPS.Previous != nil {
			d := score - math.Round(*s.NPS.Previous)
			delta = &d
		}
	case s.Stars != nil && s.Stars.Meaningful:
		label, dec = p.lang.AverageStars(), 1
		avg := round1(s.Stars.Average)
		num = p.lang.Number(avg, 1)
		if s.Stars.Previous != nil {
			d := round1(avg - round1(*s.Stars.Previous))
			delta = &d
		}
	default:
		return nil, false
	}
	return func(r Rect) []Op {
		l, u := p.l, p.u
		pad := 40 * u
		ef := Face{SemiBold, px(38 * u)}
		ops := []Op{RoundRect{Rect: r, Radius: 24 * u, Color: mix(p.th.Panel, p.th.Accent, 0.16)}}
		head := vstack(22*u,
			p.line(ef, p.th.Accent, l.fonts.fitLine(ef, p.lang.Experience(), r.W-2*pad)),
			p.line(Face{Regular, px(34 * u)}, p.th.Muted, label))
		ops = append(ops, head.at(r.X+pad, r.Y+pad)...)
		var change block
		if delta != nil {
			col := p.verdict(*delta, 1)
			cf := Face{SemiBold, px(38 * u)}
			change = row(14*u, p.trendMark(*delta, 30*u, col), p.line(cf, col, p.lang.Signed(*delta, dec)))
			if vs := p.line(Face{Regular, px(38 * u)}, p.th.Muted, p.lang.Versus(p.period().days)); change.w+14*u+vs.w <= r.W-2*pad {
				change = row(14*u, change, vs)
			}
			ops = append(ops, change.at(r.X+pad, r.Y+r.H-pad-change.h)...)
		}
		room := r.H - 2*pad - head.h - change.h
		v := p.value(num, "", r.W-2*pad, room-48*u, 220*u)
		return append(ops, v.at(r.X+pad, r.Y+pad+head.h+(room-v.h)/2)...)
	}, true
}
