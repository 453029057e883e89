package scene_test

import (
	"image/color"
	"testing"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

func TestThemeWithColors(t *testing.T) {
	base := scene.DefaultTheme()
	rgb := func(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 0xff} }
	tests := []struct {
		name   string
		in     feed.Theme
		bg, fg color.RGBA
		accent color.RGBA
	}{
		{"empty keeps the defaults", feed.Theme{}, base.Background, base.Text, base.Accent},
		{"all three", feed.Theme{Background: "#102030", Foreground: "#fafafa", Accent: "#2ec27e"}, rgb(0x10, 0x20, 0x30), rgb(0xfa, 0xfa, 0xfa), rgb(0x2e, 0xc2, 0x7e)},
		{"without #", feed.Theme{Background: "102030"}, rgb(0x10, 0x20, 0x30), base.Text, base.Accent},
		{"garbage ignored", feed.Theme{Background: "navy", Foreground: "#12345"}, base.Background, base.Text, base.Accent},
		{"unreadable foreground replaced", feed.Theme{Background: "#14213d", Foreground: "#1a2a4a"}, rgb(0x14, 0x21, 0x3d), rgb(0xff, 0xff, 0xff), base.Accent},
		// The default sky blue is too pale for titles on a light background:
		// it is darkened towards the text until it reads.
		{"light background gets dark text", feed.Theme{Background: "#f4f4f0", Foreground: "#eeeeee"}, rgb(0xf4, 0xf4, 0xf0), rgb(0x11, 0x11, 0x11), rgb(0x3a, 0x5c, 0x75)},
		{"pale accent darkened", feed.Theme{Background: "#ffffff", Foreground: "#222222", Accent: "#aaddff"}, rgb(0xff, 0xff, 0xff), rgb(0x22, 0x22, 0x22), rgb(0x43, 0x66, 0x7f)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := base.WithColors(tt.in)
			if got.Background != tt.bg || got.Text != tt.fg || got.Accent != tt.accent {
				t.Errorf("WithColors(%+v) = bg %v fg %v accent %v; want %v %v %v", tt.in, got.Background, got.Text, got.Accent, tt.bg, tt.fg, tt.accent)
			}
			// Every text colour reads on every surface text is set on.
			texts := map[string]color.RGBA{"text": got.Text, "muted": got.Muted, "dim": got.Dim, "accent": got.Accent, "better": got.Better, "worse": got.Worse, "offline": got.Offline}
			surfaces := map[string]color.RGBA{"background": got.Background, "panel": got.Panel, "tile": got.Tile, "header": got.HeaderBG}
			for tn, tc := range texts {
				for sn, sc := range surfaces {
					if c := feed.Contrast(tc, sc); c < feed.MinTextContrast {
						t.Errorf("%s %v on %s %v: contrast %.2f, want ≥ %.1f", tn, tc, sn, sc, c, feed.MinTextContrast)
					}
				}
			}
		})
	}
}

// The config checks a channel's colours against the display's defaults as
// feed names them: they must be the ones the display uses.
func TestDefaultThemeMatchesFeed(t *testing.T) {
	th := scene.DefaultTheme()
	bg, _ := feed.ParseColor(feed.DefaultBackground)
	fg, _ := feed.ParseColor(feed.DefaultForeground)
	if th.Background != bg || th.Text != fg {
		t.Errorf("DefaultTheme background, text = %v, %v; feed.DefaultBackground, DefaultForeground = %v, %v", th.Background, th.Text, bg, fg)
	}
}
