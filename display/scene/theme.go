package scene

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/cxtv/cxtv/feed"
)

// Theme is the palette of the slides: a calm, dark background with high
// contrast text and one accent colour, so that a slide reads from across a
// canteen and does not glare in a dim corridor.
type Theme struct {
	Background color.RGBA
	Panel      color.RGBA // the card behind a quote or a chart
	Tile       color.RGBA // a KPI tile or a bar's empty track, on the panel
	HeaderBG   color.RGBA // header strip and ticker band
	Text       color.RGBA
	Muted      color.RGBA // touchpoint, age, date, axis labels
	Dim        color.RGBA // redaction marks, faded chart points
	Accent     color.RGBA // slide titles, the chart line, the target
	Offline    color.RGBA
	Promoter   color.RGBA // also "better" in KPI changes
	Passive    color.RGBA
	Detractor  color.RGBA // also "worse" in KPI changes
	ChipText   color.RGBA // text on the green and amber chips
	StarOn     color.RGBA
	StarOff    color.RGBA
	StarChip   color.RGBA
}

// DefaultTheme is deep navy with warm white text and a sky-blue accent.
// Green, amber and red differ in lightness as well as hue and always come
// with a label, so colour-blind viewers lose nothing.
func DefaultTheme() Theme {
	return Theme{
		Background: rgb(0x14213D),
		Panel:      rgb(0x1B2B4E),
		Tile:       rgb(0x243760),
		HeaderBG:   rgb(0x0E182E),
		Text:       rgb(0xF6F2EA),
		Muted:      rgb(0xA8B3C7),
		Dim:        rgb(0x6E7D9C),
		Accent:     rgb(0x6CB8F0),
		Offline:    rgb(0xE3A857),
		Promoter:   rgb(0x34C375),
		Passive:    rgb(0xF2B53A),
		Detractor:  rgb(0xE5533D),
		ChipText:   rgb(0x0D1526),
		StarOn:     rgb(0xFFC940),
		StarOff:    rgb(0x5B6C92),
		StarChip:   rgb(0x24365F),
	}
}

// WithColors returns t with a channel's colours applied: the shades of
// panels, header and muted text are derived from its background and
// foreground, so that a channel sets three colours and gets a consistent
// palette. Colours that do not parse are ignored, and a foreground too
// close to the background gives way to white or black: a mistyped theme
// must not make the screen unreadable.
func (t Theme) WithColors(ft feed.Theme) Theme {
	bg, okBG := parseHex(ft.Background)
	fg, okFG := parseHex(ft.Foreground)
	acc, okAcc := parseHex(ft.Accent)
	if okBG {
		t.Background = bg
	}
	if okFG {
		t.Text = fg
	}
	if contrast(t.Text, t.Background) < 4.5 {
		// White or near-black, whichever reads better on the background.
		t.Text = rgb(0xFFFFFF)
		if dark := rgb(0x111111); contrast(dark, t.Background) > contrast(t.Text, t.Background) {
			t.Text = dark
		}
	}
	if okBG || okFG {
		dark := luminance(t.Background) < 0.4
		t.Panel = mix(t.Background, t.Text, 0.05)
		t.Tile = mix(t.Background, t.Text, 0.10)
		t.StarChip = t.Tile
		t.Muted = mix(t.Text, t.Background, 0.30)
		t.Dim = mix(t.Text, t.Background, 0.55)
		t.StarOff = mix(t.Text, t.Background, 0.62)
		if dark {
			t.HeaderBG = mix(t.Background, rgb(0x000000), 0.30)
		} else {
			t.HeaderBG = mix(t.Background, t.Text, 0.08)
		}
	}
	if okAcc && contrast(acc, t.Panel) >= 2 {
		t.Accent = acc
	}
	return t
}

// chipColors returns the fill and text colour of an NPS chip.
func (t Theme) chipColors(c feed.Category) (fill, text color.RGBA) {
	switch c {
	case feed.Promoter:
		return t.Promoter, t.ChipText
	case feed.Passive:
		return t.Passive, t.ChipText
	}
	// Dark text on red reads as an error banner; white reads as a label.
	return t.Detractor, rgb(0xFFFFFF)
}

// category returns the colour of an NPS group.
func (t Theme) category(c feed.Category) color.RGBA {
	switch c {
	case feed.Promoter:
		return t.Promoter
	case feed.Passive:
		return t.Passive
	}
	return t.Detractor
}

func rgb(v uint32) color.RGBA {
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}
}

// parseHex reads "#rrggbb" (the # may be left out).
func parseHex(s string) (color.RGBA, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(s) != 6 {
		return color.RGBA{}, false
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return color.RGBA{}, false
	}
	return rgb(uint32(v)), true
}

// mix returns a blended t of the way from a to b, opaque.
func mix(a, b color.RGBA, t float64) color.RGBA {
	f := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return color.RGBA{R: f(a.R, b.R), G: f(a.G, b.G), B: f(a.B, b.B), A: 0xFF}
}

// luminance is the relative luminance of c (WCAG 2).
func luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast is the WCAG contrast ratio of two colours, 1 to 21.
func contrast(a, b color.RGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
