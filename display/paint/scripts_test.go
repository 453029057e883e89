package paint_test

import (
	"image"
	"image/color"
	"path/filepath"
	"testing"

	"github.com/cxtv/cxtv/display/paint"
	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// scriptGoldens are comment cards in what Inter does not draw alone
// (emoji, Arabic, Hebrew) and in what it does and must keep drawing
// (Turkish, Polish, Cyrillic), from testdata/snapshot-scripts.json as the
// screen shows it: without the Chinese and Thai comments no font here has.
func scriptGoldens(tb testing.TB) []golden {
	tb.Helper()
	snap := drawable(tb, loadSnapshot(tb, "testdata/snapshot-scripts.json"))
	land, port := scene.Size{W: 1920, H: 1080}, scene.Size{W: 1080, H: 1920}
	var out []golden
	for _, g := range []struct {
		id   string
		size scene.Size
		name string
	}{
		{"emoji", land, "scripts-emoji-1920x1080"},
		{"tr", land, "scripts-tr-1920x1080"},
		{"pl", land, "scripts-pl-1920x1080"},
		{"ru", land, "scripts-ru-1920x1080"},
		{"ar", land, "scripts-ar-1920x1080"},
		{"ar", port, "scripts-ar-portrait-1080x1920"},
		{"he", land, "scripts-he-1920x1080"},
		{"emoji", port, "scripts-emoji-portrait-1080x1920"},
	} {
		out = append(out, golden{name: g.name, snap: snap, card: comment(tb, snap, g.id), size: g.size})
	}
	// The ticker runs the newest comments first: with the Arabic and
	// Hebrew ones first, the band shows them beside Latin and emoji.
	rtl := *snap
	rtl.Comments = nil
	for _, id := range []string{"ar", "he", "emoji", "ru"} {
		for _, c := range snap.Comments {
			if c.ID == id {
				rtl.Comments = append(rtl.Comments, c)
			}
		}
	}
	return append(out, golden{name: "scripts-ticker-rtl-1920x1080", snap: &rtl, card: comment(tb, &rtl, "he"), size: land})
}

func drawable(tb testing.TB, s *feed.Snapshot) *feed.Snapshot {
	tb.Helper()
	fonts, err := scene.NewFonts()
	if err != nil {
		tb.Fatal(err)
	}
	return fonts.Drawable(s)
}

func TestGoldenScripts(t *testing.T) {
	for _, g := range scriptGoldens(t) {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			got := render(t, g)
			path := filepath.Join("testdata", g.name+".png")
			if *update {
				writePNG(t, path, got)
				return
			}
			if n := diffPixels(got, readPNG(t, path)); n > 0 {
				out := filepath.Join(t.TempDir(), g.name+".png")
				writePNG(t, out, got)
				t.Errorf("%s: %d pixels differ by more than %d (got %s); run go test -update if the change is intended", path, n, tolerance, out)
			}
		})
	}
}

// TestScriptsLeaveUndrawable checks the fixture as the screen sees it: the
// Chinese and Thai comments are gone, every other one has its card.
func TestScriptsLeaveUndrawable(t *testing.T) {
	snap := drawable(t, loadSnapshot(t, "testdata/snapshot-scripts.json"))
	have := map[string]bool{}
	for _, c := range scene.Cards(snap) {
		if c.Comment != nil {
			have[c.Comment.ID] = true
		}
	}
	for id, want := range map[string]bool{"emoji": true, "tr": true, "pl": true, "ru": true, "ar": true, "he": true, "zh": false, "th": false} {
		if have[id] != want {
			t.Errorf("comment card %q shown = %v, want %v", id, have[id], want)
		}
	}
}

// TestTextInkWithinWidth paints single lines and checks that their ink
// stays inside the advance Width measured (give or take the side bearings
// and anti-aliasing) and reaches close to its end: layout and painting
// agree on where a mixed line ends.
func TestTextInkWithinWidth(t *testing.T) {
	fonts, err := scene.NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	p := paint.New(fonts)
	for _, tc := range []struct{ name, s string }{
		{"latin", "Zażółć gęślą jaźń"},
		{"emoji", "Top! 👍 gelöst 😀🎉"},
		{"emoji-end", "Danke 👨‍👩‍👧"},
		{"arabic", "شكرا جزيلا على الخدمة"},
		{"arabic-emoji", "ممتاز 👍"},
		{"hebrew", "תודה רבה"},
		{"mixed", "Hotline: شكرا!"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := scene.Face{Font: scene.DisplayBold, Size: 64}
			const x0, base = 40.0, 100.0
			w := fonts.Width(f, tc.s)
			img := p.Image(scene.Size{W: int(w) + 200, H: 160}, []scene.Op{
				scene.Fill{Color: color.RGBA{A: 255}},
				scene.Text{X: x0, Y: base, Face: f, Color: color.RGBA{R: 255, G: 255, B: 255, A: 255}, S: tc.s},
			})
			left, right := inkColumns(img)
			if left < 0 {
				t.Fatalf("%q: nothing painted", tc.s)
			}
			slack := 0.12 * float64(f.Size)
			if float64(left) < x0-slack || float64(right) > x0+w+slack {
				t.Errorf("%q: ink from x=%d to %d, want within %.0f..%.0f (Width %.1f)", tc.s, left, right, x0, x0+w, w)
			}
			if float64(right) < x0+w-2*slack {
				t.Errorf("%q: ink ends at x=%d, well before the advance ends at %.0f", tc.s, right, x0+w)
			}
		})
	}
}

// inkColumns returns the first and last column with any light pixel, or
// -1, -1.
func inkColumns(img *image.RGBA) (left, right int) {
	left, right = -1, -1
	b := img.Bounds()
	for x := b.Min.X; x < b.Max.X; x++ {
		for y := b.Min.Y; y < b.Max.Y; y++ {
			if img.RGBAAt(x, y).R > 64 {
				if left < 0 {
					left = x
				}
				right = x
				break
			}
		}
	}
	return left, right
}
