// Package paint rasterizes the draw operations of display/scene into plain
// RGBA images, with anti-aliased shapes and text. Every slide is an
// ordinary image: golden tests and the render command need no window, and
// the Ebiten renderer only uploads finished pixels.
package paint

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"github.com/cxtv/cxtv/display/scene"
)

// Painter draws operations onto images. It keeps its own font faces, a
// reusable rasterizer and a cache of glyph masks, so a Painter belongs to
// one goroutine.
type Painter struct {
	fonts *scene.Fonts
	z     vector.Rasterizer
	masks map[maskKey]mask // fallback glyphs, rasterized; at most maxMasks
}

// New returns a painter that draws text with fonts. fonts must not be used
// by another goroutine while the painter works.
func New(fonts *scene.Fonts) *Painter { return &Painter{fonts: fonts} }

// Image paints ops onto a new image of size.
func (p *Painter) Image(size scene.Size, ops []scene.Op) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, size.W, size.H))
	p.Paint(dst, ops)
	return dst
}

// Paint draws ops onto dst in order, each over the ones before.
func (p *Painter) Paint(dst *image.RGBA, ops []scene.Op) {
	for _, op := range ops {
		switch o := op.(type) {
		case scene.Fill:
			draw.Draw(dst, dst.Bounds(), image.NewUniform(o.Color), image.Point{}, draw.Src)
		case scene.RoundRect:
			p.roundRect(dst, o)
		case scene.Star:
			p.star(dst, o)
		case scene.Polygon:
			p.polygon(dst, o)
		case scene.Polyline:
			p.polyline(dst, o)
		case scene.Picture:
			p.picture(dst, o)
		case scene.Text:
			p.text(dst, o)
		}
	}
}

// text draws a line: Inter pieces with font.Drawer, as Inter text always
// was, and the glyphs of the fallback fonts (emoji, Arabic, Hebrew) from
// their outlines, each at the place Fonts.SetLine gave it, so that the
// line is as wide as Fonts.Width measured.
func (p *Painter) text(dst *image.RGBA, o scene.Text) {
	line := p.fonts.SetLine(o.Face, o.S)
	src := image.NewUniform(o.Color)
	for _, pc := range line.Pieces {
		if pc.Glyphs == nil {
			d := font.Drawer{
				Dst:  dst,
				Src:  src,
				Face: p.fonts.Face(o.Face),
				Dot:  fixed.Point26_6{X: fixed.Int26_6(math.Round((o.X + pc.X) * 64)), Y: fixed.Int26_6(math.Round(o.Y * 64))},
			}
			d.DrawString(pc.S)
			continue
		}
		for _, g := range pc.Glyphs {
			p.glyph(dst, src, o.Face, g, o.X, o.Y)
		}
	}
}

// maxMasks bounds the glyph cache: a card's Arabic or emoji glyphs at two
// or three sizes fit many times over; when it is full it starts over. A
// mask of a 96-pixel emoji is about 16 KB, so the cache stays below 8 MB.
const maxMasks = 512

// subpixel is how finely a glyph's position is kept in its cached mask:
// a quarter pixel, finer than the eye sees on a screen across the room.
const subpixel = 4

type maskKey struct {
	face   scene.Face
	glyph  scene.GlyphID
	fx, fy uint8 // the fractional position, in quarter pixels
}

// mask is a rasterized glyph, its top-left corner at (dx, dy) from the
// whole pixel of its origin.
type mask struct {
	img    *image.Alpha
	dx, dy int
}

// glyph draws one fallback glyph g of a line whose origin is (x, y) from
// the mask cache, rasterizing it on first use.
func (p *Painter) glyph(dst *image.RGBA, src image.Image, f scene.Face, g scene.Glyph, x, y float64) {
	gx, gy := x+g.X, y+g.Y
	ix, iy := math.Floor(gx), math.Floor(gy)
	fx := uint8(math.Round((gx - ix) * subpixel))
	fy := uint8(math.Round((gy - iy) * subpixel))
	k := maskKey{face: f, glyph: g.ID(), fx: fx, fy: fy}
	m, ok := p.masks[k]
	if !ok {
		m = p.rasterize(f, g, float64(fx)/subpixel, float64(fy)/subpixel)
		if p.masks == nil || len(p.masks) >= maxMasks {
			p.masks = make(map[maskKey]mask)
		}
		p.masks[k] = m
	}
	if m.img == nil {
		return // a space, a joiner
	}
	at := image.Pt(int(ix)+m.dx, int(iy)+m.dy)
	r := m.img.Bounds().Add(at)
	draw.DrawMask(dst, r, src, image.Point{}, m.img, image.Point{}, draw.Over)
}

// rasterize draws g with its origin at (ox, oy) inside a pixel into a
// mask of its ink box.
func (p *Painter) rasterize(f scene.Face, g scene.Glyph, ox, oy float64) mask {
	b := p.fonts.GlyphBounds(f, g)
	if b.W <= 0 || b.H <= 0 {
		return mask{}
	}
	// GlyphBounds is from the line's origin; the mask wants it from the
	// glyph's own.
	x0 := int(math.Floor(b.X-g.X+ox)) - 1
	y0 := int(math.Floor(b.Y-g.Y+oy)) - 1
	x1 := int(math.Ceil(b.X-g.X+ox+b.W)) + 1
	y1 := int(math.Ceil(b.Y-g.Y+oy+b.H)) + 1
	img := image.NewAlpha(image.Rect(0, 0, x1-x0, y1-y0))
	p.z.Reset(x1-x0, y1-y0)
	at := g
	at.X, at.Y = 0, 0
	p.fonts.GlyphPath(f, at, float32(ox)-float32(x0), float32(oy)-float32(y0), &p.z)
	p.z.DrawOp = draw.Src
	p.z.Draw(img, img.Bounds(), image.Opaque, image.Point{})
	return mask{img: img, dx: x0, dy: y0}
}

// shape prepares the rasterizer for a path inside r (in canvas pixels) and
// returns the integer area it covers and the offset of r inside it.
func (p *Painter) shape(r scene.Rect) (area image.Rectangle, ox, oy float32) {
	x0, y0 := math.Floor(r.X), math.Floor(r.Y)
	x1, y1 := math.Ceil(r.X+r.W), math.Ceil(r.Y+r.H)
	area = image.Rect(int(x0), int(y0), int(x1), int(y1))
	p.z.Reset(area.Dx(), area.Dy())
	return area, float32(r.X - x0), float32(r.Y - y0)
}

func (p *Painter) fill(dst *image.RGBA, area image.Rectangle, c color.RGBA) {
	p.fillClip(dst, area, c, area)
}

// fillClip fills the rasterized shape, drawing only inside clip.
func (p *Painter) fillClip(dst *image.RGBA, area image.Rectangle, c color.RGBA, clip image.Rectangle) {
	if clip == area && area.In(dst.Bounds()) {
		p.z.DrawOp = draw.Over
		p.z.Draw(dst, area, image.NewUniform(c), image.Point{})
		return
	}
	// The rasterizer's fast path does not clip, so a shape reaching past
	// the canvas goes through a mask that draw.DrawMask clips.
	mask := image.NewAlpha(image.Rect(0, 0, area.Dx(), area.Dy()))
	p.z.DrawOp = draw.Src
	p.z.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
	r := area.Intersect(clip)
	draw.DrawMask(dst, r, image.NewUniform(c), image.Point{}, mask, r.Min.Sub(area.Min), draw.Over)
}

func (p *Painter) roundRect(dst *image.RGBA, o scene.RoundRect) {
	if o.Rect.W <= 0 || o.Rect.H <= 0 {
		return
	}
	area, ox, oy := p.shape(o.Rect)
	w, h := float32(o.Rect.W), float32(o.Rect.H)
	r := float32(math.Min(o.Radius, math.Min(o.Rect.W, o.Rect.H)/2))
	// k places cubic control points so that a quarter curve approximates a
	// circle's arc.
	k := r * (1 - 0.5522847)
	z := &p.z
	z.MoveTo(ox+r, oy)
	z.LineTo(ox+w-r, oy)
	z.CubeTo(ox+w-k, oy, ox+w, oy+k, ox+w, oy+r)
	z.LineTo(ox+w, oy+h-r)
	z.CubeTo(ox+w, oy+h-k, ox+w-k, oy+h, ox+w-r, oy+h)
	z.LineTo(ox+r, oy+h)
	z.CubeTo(ox+k, oy+h, ox, oy+h-k, ox, oy+h-r)
	z.LineTo(ox, oy+r)
	z.CubeTo(ox, oy+k, ox+k, oy, ox+r, oy)
	z.ClosePath()
	p.fill(dst, area, o.Color)
}

// starInner is the inner radius of a regular five-pointed star relative to
// its outer radius.
const starInner = 0.3819660

func (p *Painter) star(dst *image.RGBA, o scene.Star) {
	area, ox, oy := p.shape(scene.Rect{X: o.CX - o.R, Y: o.CY - o.R, W: 2 * o.R, H: 2 * o.R})
	for i := range 10 {
		rad := o.R
		if i%2 == 1 {
			rad *= starInner
		}
		a := -math.Pi/2 + float64(i)*math.Pi/5
		x := ox + float32(o.R+rad*math.Cos(a))
		y := oy + float32(o.R+rad*math.Sin(a))
		if i == 0 {
			p.z.MoveTo(x, y)
		} else {
			p.z.LineTo(x, y)
		}
	}
	p.z.ClosePath()
	if o.Part > 0 && o.Part < 1 {
		// Keep the left share of the star: an average of 4.3 fills the
		// fifth star three tenths.
		clip := area
		clip.Max.X = int(math.Round(o.CX - o.R + 2*o.R*o.Part))
		p.fillClip(dst, area, o.Color, clip)
		return
	}
	p.fill(dst, area, o.Color)
}

func (p *Painter) polygon(dst *image.RGBA, o scene.Polygon) {
	if len(o.Points) < 3 {
		return
	}
	area, _, _ := p.shape(bounds(o.Points, 0))
	p.path(o.Points, area)
	p.fill(dst, area, o.Color)
}

// polyline strokes a path: each segment a quadrilateral and each vertex a
// disc, for round joins and ends. The rasterizer adds up overlapping
// shapes of the same winding and caps coverage at full, so the pieces
// merge into one stroke without darker seams; path() gives them all the
// same winding.
func (p *Painter) polyline(dst *image.RGBA, o scene.Polyline) {
	if len(o.Points) == 0 || o.Width <= 0 {
		return
	}
	r := o.Width / 2
	area, _, _ := p.shape(bounds(o.Points, r+1))
	disc := make([]scene.Point, 32)
	for _, c := range o.Points {
		for i := range disc {
			a := 2 * math.Pi * float64(i) / float64(len(disc))
			disc[i] = scene.Point{X: c.X + r*math.Cos(a), Y: c.Y + r*math.Sin(a)}
		}
		p.path(disc, area)
	}
	for i := 0; i+1 < len(o.Points); i++ {
		a, b := o.Points[i], o.Points[i+1]
		dx, dy := b.X-a.X, b.Y-a.Y
		n := math.Hypot(dx, dy)
		if n == 0 {
			continue
		}
		nx, ny := -dy/n*r, dx/n*r
		p.path([]scene.Point{{X: a.X + nx, Y: a.Y + ny}, {X: b.X + nx, Y: b.Y + ny}, {X: b.X - nx, Y: b.Y - ny}, {X: a.X - nx, Y: a.Y - ny}}, area)
	}
	p.fill(dst, area, o.Color)
}

// path adds a closed polygon to the rasterizer, turning it so that every
// polygon has the same winding (see polyline). Points are in canvas
// pixels; area comes from shape.
func (p *Painter) path(pts []scene.Point, area image.Rectangle) {
	sum := 0.0
	for i, a := range pts {
		b := pts[(i+1)%len(pts)]
		sum += a.X*b.Y - b.X*a.Y
	}
	at := func(i int) (float32, float32) {
		if sum < 0 {
			i = len(pts) - 1 - i
		}
		return float32(pts[i].X) - float32(area.Min.X), float32(pts[i].Y) - float32(area.Min.Y)
	}
	x, y := at(0)
	p.z.MoveTo(x, y)
	for i := 1; i < len(pts); i++ {
		x, y := at(i)
		p.z.LineTo(x, y)
	}
	p.z.ClosePath()
}

// bounds is the rectangle around pts, grown by pad on every side.
func bounds(pts []scene.Point, pad float64) scene.Rect {
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		x0, y0 = math.Min(x0, p.X), math.Min(y0, p.Y)
		x1, y1 = math.Max(x1, p.X), math.Max(y1, p.Y)
	}
	return scene.Rect{X: x0 - pad, Y: y0 - pad, W: x1 - x0 + 2*pad, H: y1 - y0 + 2*pad}
}

// picture scales an image into its rectangle, smoothly: a logo is
// usually larger than the header strip and must not look jagged.
func (p *Painter) picture(dst *image.RGBA, o scene.Picture) {
	if o.Img == nil || o.Rect.W < 1 || o.Rect.H < 1 {
		return
	}
	r := image.Rect(int(math.Round(o.Rect.X)), int(math.Round(o.Rect.Y)),
		int(math.Round(o.Rect.X+o.Rect.W)), int(math.Round(o.Rect.Y+o.Rect.H)))
	xdraw.CatmullRom.Scale(dst, r, o.Img, o.Img.Bounds(), xdraw.Over, nil)
}
