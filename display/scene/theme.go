package scene

import (
	"image/color"

	"github.com/cxtv/cxtv/feed"
)

// Theme is the palette of the slides: a calm, dark background with high
// contrast text, so that a card reads from across a canteen and does not
// glare in a dim corridor.
type Theme struct {
	Background color.RGBA
	Panel      color.RGBA // the card behind a quote
	HeaderBG   color.RGBA
	Text       color.RGBA
	Muted      color.RGBA // touchpoint, age, date
	Offline    color.RGBA
	Promoter   color.RGBA
	Passive    color.RGBA
	Detractor  color.RGBA
	ChipText   color.RGBA // text on the green and amber chips
	StarOn     color.RGBA
	StarOff    color.RGBA
	StarChip   color.RGBA
}

// DefaultTheme is deep navy with warm white text.
func DefaultTheme() Theme {
	return Theme{
		Background: rgb(0x14213D),
		Panel:      rgb(0x1B2B4E),
		HeaderBG:   rgb(0x0E182E),
		Text:       rgb(0xF6F2EA),
		Muted:      rgb(0xA8B3C7),
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

func rgb(v uint32) color.RGBA {
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}
}
