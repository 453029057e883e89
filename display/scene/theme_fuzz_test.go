package scene

import (
	"testing"

	"github.com/cxtv/cxtv/feed"
)

// Whatever colours a channel's theme names, the text stays readable on the
// background: a contrast of at least 4.3, the least that white or
// near-black gives on any background.
func FuzzWithColors(f *testing.F) {
	for _, c := range [][3]string{
		{"#0f172a", "#f8fafc", "#22c55e"},
		{"#777777", "#787878", "#777777"},
		{"#6b6b6b", "", ""},
		{"#999999", "#aaaaaa", ""}, // mid grey: white reads worse than black
		{"fff", "#gggggg", "#12345"},
		{" #FFFFFF ", "#ffffff", "#000000"},
	} {
		f.Add(c[0], c[1], c[2])
	}
	f.Fuzz(func(t *testing.T, bg, fg, accent string) {
		th := DefaultTheme().WithColors(feed.Theme{Background: bg, Foreground: fg, Accent: accent})
		if c := feed.Contrast(th.Text, th.Background); c < 4.3 {
			t.Fatalf("WithColors(%q, %q, %q): text %v on %v has contrast %.2f", bg, fg, accent, th.Text, th.Background, c)
		}
		if _, ok := feed.ParseColor(bg); ok && len(bg) > 64 {
			t.Fatalf("ParseColor accepted %q", bg)
		}
	})
}

// decodeLogo takes any bytes: a PNG it can show, or nothing, never a panic
// or an image larger than maxLogoPixels.
func FuzzDecodeLogo(f *testing.F) {
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("not a PNG"))
	// A header claiming 100000×100000 pixels.
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x06\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if img := decodeLogo(b); img != nil {
			if r := img.Bounds(); r.Dx()*r.Dy() > maxLogoPixels || r.Empty() {
				t.Fatalf("decodeLogo gave a %v image", r)
			}
		}
	})
}
