package scene

import (
	"image/color"
	"math"

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
	Dim        color.RGBA // redaction marks, faded chart points; still text contrast
	Accent     color.RGBA // slide titles, the chart line, the target
	Offline    color.RGBA
	Promoter   color.RGBA // a fill: bars, dots, chips
	Passive    color.RGBA
	Detractor  color.RGBA // a fill, dark enough for white text on its chip
	Better     color.RGBA // text of a change the better way, on panels and tiles
	Worse      color.RGBA // text of a change the worse way
	ChipText   color.RGBA // text on the green and amber chips
	StarOn     color.RGBA
	StarOff    color.RGBA
	StarChip   color.RGBA
}

// DefaultTheme is deep navy with warm white text and a sky-blue accent.
// Green, amber and red differ in lightness as well as hue and always come
// with a label, so colour-blind viewers lose nothing. Every text colour
// has a contrast of at least feed.MinTextContrast on every surface it is
// set on (TestEverySlideLegible): muted and dim text at least 4.5:1 on a
// tile, the red of a change lighter than the red of a bar, and the
// detractor chip dark enough for its white label (5.0:1).
func DefaultTheme() Theme {
	return Theme{
		Background: rgb(0x14213D),
		Panel:      rgb(0x1B2B4E),
		Tile:       rgb(0x243760),
		HeaderBG:   rgb(0x0E182E),
		Text:       rgb(0xF6F2EA),
		Muted:      rgb(0xA8B3C7),
		Dim:        rgb(0x95A3BF),
		Accent:     rgb(0x6CB8F0),
		Offline:    rgb(0xE3A857),
		Promoter:   rgb(0x34C375),
		Passive:    rgb(0xF2B53A),
		Detractor:  rgb(0xC8402D),
		Better:     rgb(0x40CF82),
		Worse:      rgb(0xFF8069),
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
	bg, okBG := feed.ParseColor(ft.Background)
	fg, okFG := feed.ParseColor(ft.Foreground)
	acc, okAcc := feed.ParseColor(ft.Accent)
	if okBG {
		t.Background = bg
	}
	if okFG {
		t.Text = fg
	}
	if feed.Contrast(t.Text, t.Background) < feed.MinTextContrast {
		// White or near-black, whichever reads better on the background.
		t.Text = rgb(0xFFFFFF)
		if dark := rgb(0x111111); feed.Contrast(dark, t.Background) > feed.Contrast(t.Text, t.Background) {
			t.Text = dark
		}
	}
	if okBG || okFG {
		dark := feed.Luminance(t.Background) < 0.4
		t.Panel = mix(t.Background, t.Text, 0.05)
		t.Tile = mix(t.Background, t.Text, 0.10)
		t.StarChip = t.Tile
		t.StarOff = mix(t.Text, t.Background, 0.62)
		if dark {
			t.HeaderBG = mix(t.Background, rgb(0x000000), 0.30)
		} else {
			t.HeaderBG = mix(t.Background, t.Text, 0.08)
		}
		// Derived text shades: as far towards the background as they
		// can go and still read on every surface.
		t.Muted = t.readable(mix(t.Text, t.Background, 0.30))
		t.Dim = t.readable(mix(t.Text, t.Background, 0.55))
		t.Better, t.Worse = t.readable(t.Better), t.readable(t.Worse)
		t.Offline = t.readable(t.Offline)
	}
	if okAcc && feed.Contrast(acc, t.Panel) >= 2 {
		t.Accent = acc
	}
	if okAcc || okBG || okFG {
		// The accent sets titles: an accent that reads as a line but not
		// as text is moved towards the text colour until it does.
		t.Accent = t.readable(t.Accent)
	}
	return t
}

// readable returns c, or c mixed towards the text colour just far enough
// to have text contrast on every surface text is set on: background,
// panel, tile and header strip.
func (t Theme) readable(c color.RGBA) color.RGBA {
	least := func(c color.RGBA) float64 {
		m := math.Inf(1)
		for _, s := range []color.RGBA{t.Background, t.Panel, t.Tile, t.HeaderBG} {
			m = min(m, feed.Contrast(c, s))
		}
		return m
	}
	// A little above the minimum, so that a slide's own tints of the
	// panel (a highlighted tile) keep it too.
	const want = feed.MinTextContrast + 0.3
	for k := 0; k <= 20; k++ {
		if m := mix(c, t.Text, float64(k)/20); least(m) >= want {
			return m
		}
	}
	return t.Text
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

// mix returns a blended t of the way from a to b, opaque.
func mix(a, b color.RGBA, t float64) color.RGBA {
	f := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return color.RGBA{R: f(a.R, b.R), G: f(a.G, b.G), B: f(a.B, b.B), A: 0xFF}
}
