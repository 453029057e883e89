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

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"github.com/cxtv/cxtv/display/scene"
)

// Painter draws operations onto images. It keeps its own font faces and a
// reusable rasterizer, so a Painter belongs to one goroutine.
type Painter struct {
	fonts *scene.Fonts
	z     vector.Rasterizer
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
		case scene.Text:
			d := font.Drawer{
				Dst:  dst,
				Src:  image.NewUniform(o.Color),
				Face: p.fonts.Face(o.Face),
				Dot:  fixed.Point26_6{X: fixed.Int26_6(math.Round(o.X * 64)), Y: fixed.Int26_6(math.Round(o.Y * 64))},
			}
			d.DrawString(o.S)
		}
	}
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
	if area.In(dst.Bounds()) {
		p.z.DrawOp = draw.Over
		p.z.Draw(dst, area, image.NewUniform(c), image.Point{})
		return
	}
	// The rasterizer's fast path does not clip, so a shape reaching past
	// the canvas goes through a mask that draw.DrawMask clips.
	mask := image.NewAlpha(image.Rect(0, 0, area.Dx(), area.Dy()))
	p.z.DrawOp = draw.Src
	p.z.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
	draw.DrawMask(dst, area, image.NewUniform(c), image.Point{}, mask, image.Point{}, draw.Over)
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
	p.fill(dst, area, o.Color)
}
