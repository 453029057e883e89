// Package scene decides what the display shows and where: which card is on
// screen (cycling counted in ticks), and the layout of every card and of the
// header as a list of draw operations. It has no Ebiten import, so layouts
// are plain data that tests assert on and that display/paint rasterizes
// without a window.
package scene

import (
	"fmt"
	"image/color"
	"strings"
)

// Size is a logical screen size in pixels, after rotation: a screen mounted
// at 90° has a portrait logical size.
type Size struct{ W, H int }

func (s Size) String() string { return fmt.Sprintf("%dx%d", s.W, s.H) }

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

// Op is one draw operation. The concrete types are Fill, RoundRect, Text and
// Star; a painter draws them in order, each over the previous.
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
type Star struct {
	CX, CY, R float64
	Color     color.RGBA
}

func (Fill) isOp()      {}
func (RoundRect) isOp() {}
func (Text) isOp()      {}
func (Star) isOp()      {}

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
			fmt.Fprintf(&b, "star %.0f,%.0f r%.0f %s\n", o.CX, o.CY, o.R, hex(o.Color))
		}
	}
	return b.String()
}

func hex(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x%02x", c.R, c.G, c.B, c.A) }
