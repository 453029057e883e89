package feed

import (
	"image/color"
	"math"
	"strconv"
	"strings"
)

// MinTextContrast is the least contrast text may have against what lies
// behind it: WCAG 2 level AA for normal text. The config refuses a channel
// theme below it and the display's layout tests hold every slide to it.
const MinTextContrast = 4.5

// ParseColor reads a theme colour, "#rrggbb" (the # may be left out).
func ParseColor(s string) (color.RGBA, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(s) != 6 {
		return color.RGBA{}, false
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return color.RGBA{}, false
	}
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}, true
}

// Luminance is the relative luminance of an opaque colour by WCAG 2, from
// 0 (black) to 1 (white).
func Luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// Contrast is the WCAG 2 contrast ratio of two opaque colours, from 1
// (the same) to 21 (black on white); the order does not matter.
func Contrast(a, b color.RGBA) float64 {
	la, lb := Luminance(a), Luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// The display's own colours, which a channel theme's empty fields leave in
// place: the config checks a channel's foreground against the default
// background, and the other way round, with them.
const (
	DefaultBackground = "#14213d"
	DefaultForeground = "#f6f2ea"
)
