// Package scene decides what the display shows and where: which card of
// the playlist is on screen (cycling counted in ticks, kinds without data
// skipped), where the ticker band's items are, and the layout of every
// card — comments, scores, trend, KPIs, the touchpoint journey, themes,
// ideas, announcements — of the header and of the ticker as lists of draw
// operations. It has no Ebiten import, so layouts are plain data that
// tests assert on and that display/paint rasterizes without a window.
package scene

import (
	"fmt"
	"image"
	"image/color"
	"strings"
)

// Size is a logical screen size in pixels, after rotation: a screen mounted
// at 90° has a portrait logical size.
type Size struct{ W, H int }

func (s Size) String() string { return fmt.Sprintf("%dx%d", s.W, s.H) }

// Turned is the logical size of a w×h physical screen whose content is
// turned by rotation degrees clockwise: a landscape panel mounted upright
// at 90 or 270 shows a portrait canvas.
func Turned(w, h, rotation int) Size {
	if rotation == 90 || rotation == 270 {
		return Size{W: h, H: w}
	}
	return Size{W: w, H: h}
}

// Portrait reports whether the screen is taller than wide.
func (s Size) Portrait() bool { return s.H > s.W }

// unit is the scale of a layout: one design pixel at 1080 pixels on the
// short side. Scaling by the short side keeps portrait cards as legible as
// landscape ones.
func (s Size) unit() float64 { return float64(min(s.W, s.H)) / 1080 }

// Rect is an axis-aligned rectangle in pixels.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether o lies inside r (edges included).
func (r Rect) Contains(o Rect) bool {
	const eps = 0.5
	return o.X >= r.X-eps && o.Y >= r.Y-eps && o.X+o.W <= r.X+r.W+eps && o.Y+o.H <= r.Y+r.H+eps
}

// Point is a position in pixels.
type Point struct{ X, Y float64 }

// Op is one draw operation. The concrete types are Fill, RoundRect, Text,
// Star, Polygon, Polyline and Picture; a painter draws them in order, each
// over the previous.
type Op interface{ isOp() }

// Fill covers the whole canvas with one colour.
type Fill struct{ Color color.RGBA }

// RoundRect is a filled rectangle with rounded corners (Radius 0: square).
type RoundRect struct {
	Rect   Rect
	Radius float64
	Color  color.RGBA
}

// Text is one line of text. X is the left edge of the first glyph's
// advance, Y the baseline.
type Text struct {
	X, Y  float64
	Face  Face
	Color color.RGBA
	S     string
	// Box is the line's extent (advance width, ascent to descent), for
	// tests and for checking that nothing leaves its area.
	Box Rect
}

// Star is a five-pointed star with outer radius R centred on (CX, CY).
// Part, between 0 and 1 exclusive, keeps only that share of it from the
// left (a partly filled star of an average rating); 0 draws it whole.
type Star struct {
	CX, CY, R float64
	Color     color.RGBA
	Part      float64
}

// Polygon is a filled closed shape, such as an arrow.
type Polygon struct {
	Points []Point
	Color  color.RGBA
}

// Polyline is an open path stroked Width wide with round joins and ends,
// such as the line of a chart.
type Polyline struct {
	Points []Point
	Width  float64
	Color  color.RGBA
}

// Picture is an image scaled into Rect, such as the channel's logo. Key
// names the image in dumps.
type Picture struct {
	Rect Rect
	Img  image.Image
	Key  string
}

func (Fill) isOp()      {}
func (RoundRect) isOp() {}
func (Text) isOp()      {}
func (Star) isOp()      {}
func (Polygon) isOp()   {}
func (Polyline) isOp()  {}
func (Picture) isOp()   {}

// Translate returns op moved by (dx, dy). Fill covers the canvas and does
// not move.
func Translate(op Op, dx, dy float64) Op {
	switch o := op.(type) {
	case RoundRect:
		o.Rect.X += dx
		o.Rect.Y += dy
		return o
	case Text:
		o.X += dx
		o.Y += dy
		o.Box.X += dx
		o.Box.Y += dy
		return o
	case Star:
		o.CX += dx
		o.CY += dy
		return o
	case Polygon:
		o.Points = movePoints(o.Points, dx, dy)
		return o
	case Polyline:
		o.Points = movePoints(o.Points, dx, dy)
		return o
	case Picture:
		o.Rect.X += dx
		o.Rect.Y += dy
		return o
	}
	return op
}

// TranslateAll moves every operation of ops by (dx, dy), in place, and
// returns ops.
func TranslateAll(ops []Op, dx, dy float64) []Op {
	if dx == 0 && dy == 0 {
		return ops
	}
	for i, op := range ops {
		ops[i] = Translate(op, dx, dy)
	}
	return ops
}

func movePoints(ps []Point, dx, dy float64) []Point {
	out := make([]Point, len(ps))
	for i, p := range ps {
		out[i] = Point{p.X + dx, p.Y + dy}
	}
	return out
}

// Texts returns the text operations of ops, in order.
func Texts(ops []Op) []Text {
	var out []Text
	for _, op := range ops {
		if t, ok := op.(Text); ok {
			out = append(out, t)
		}
	}
	return out
}

// Dump writes ops as one line each, for golden layout files and test
// failure messages.
func Dump(ops []Op) string {
	var b strings.Builder
	for _, op := range ops {
		switch o := op.(type) {
		case Fill:
			fmt.Fprintf(&b, "fill %s\n", hex(o.Color))
		case RoundRect:
			fmt.Fprintf(&b, "rect %.0f,%.0f %.0fx%.0f r%.0f %s\n", o.Rect.X, o.Rect.Y, o.Rect.W, o.Rect.H, o.Radius, hex(o.Color))
		case Text:
			fmt.Fprintf(&b, "text %.0f,%.0f %v %s %q\n", o.X, o.Y, o.Face, hex(o.Color), o.S)
		case Star:
			fmt.Fprintf(&b, "star %.0f,%.0f r%.0f %s", o.CX, o.CY, o.R, hex(o.Color))
			if o.Part > 0 && o.Part < 1 {
				fmt.Fprintf(&b, " part %.2f", o.Part)
			}
			b.WriteByte('\n')
		case Polygon:
			fmt.Fprintf(&b, "polygon %s %s\n", points(o.Points), hex(o.Color))
		case Polyline:
			fmt.Fprintf(&b, "polyline w%.0f %s %s\n", o.Width, points(o.Points), hex(o.Color))
		case Picture:
			fmt.Fprintf(&b, "picture %.0f,%.0f %.0fx%.0f %s\n", o.Rect.X, o.Rect.Y, o.Rect.W, o.Rect.H, o.Key)
		}
	}
	return b.String()
}

func points(ps []Point) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.0f,%.0f", p.X, p.Y)
	}
	return b.String()
}

func hex(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x%02x", c.R, c.G, c.B, c.A) }
