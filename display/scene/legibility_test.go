package scene_test

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// The legibility rule of issue 13: on a 55" 16:9 panel read from 3 m,
// primary text (quotes, large numbers) subtends at least 20 minutes of arc
// and every other text at least 16, measured on the height of a capital
// letter; text contrasts with what lies behind it by at least
// feed.MinTextContrast (WCAG 2).
const (
	viewDistanceMM = 3000
	panelDiagonal  = 55 // inches, 16:9
	primaryArcmin  = 20
	otherArcmin    = 16
)

// capHeightFor is the least cap height, in pixels, of text that must
// subtend arcmin minutes of arc on a screen of size: ≈ 27.5 px for 20′ and
// 22.0 px for 16′ at 1080 pixels.
//
// The angle of a pixel depends on the panel's pixel pitch, and a 55" panel
// has the same pitch whichever way it hangs: a 1080×1920 portrait screen
// is a 1920×1080 panel turned. So the threshold scales with the short side
// of the screen, the way the layouts' unit does — scaling with the long
// side in portrait would ask for 78 % larger text than the same panel
// needs upright, and leave a portrait card room for a third of the words.
func capHeightFor(arcmin float64, size scene.Size) float64 {
	panelH := panelDiagonal * 25.4 * 9 / math.Hypot(16, 9) // mm
	pitch := panelH / 1080                                 // mm per pixel at 1080p
	capMM := viewDistanceMM * math.Tan(arcmin/60*math.Pi/180)
	return capMM / pitch * float64(min(size.W, size.H)) / 1080
}

func TestCapHeightThresholds(t *testing.T) {
	hd := scene.Size{W: 1920, H: 1080}
	for _, tt := range []struct {
		arcmin float64
		size   scene.Size
		want   float64
	}{
		{primaryArcmin, hd, 28}, {otherArcmin, hd, 22},
		{primaryArcmin, scene.Size{W: 1080, H: 1920}, 28},
		{primaryArcmin, scene.Size{W: 3840, H: 2160}, 55},
		{otherArcmin, scene.Size{W: 1280, H: 720}, 14.7},
	} {
		if got := capHeightFor(tt.arcmin, tt.size); math.Abs(got-tt.want) > 0.6 {
			t.Errorf("capHeightFor(%v′, %v) = %.2f px, want about %.1f", tt.arcmin, tt.size, got, tt.want)
		}
	}
}

// facePixelSlack forgives the rounding of a face to whole pixels: a
// design size scaled to 720p or 4K lands up to half a pixel per em off,
// about 0.36 px of cap height in Inter.
const facePixelSlack = 0.4

// legibility is what checkLegible found on one screen: the smallest cap
// heights and the lowest contrast, for the test log.
type legibility struct {
	primaryCap, otherCap float64
	contrast             float64
	primaries            int
	failures             []string
}

// checkLegible holds every text of ops, a whole screen in painting order,
// to the legibility rule: its cap height against the threshold for its
// role (a text set in the display cut, InterDisplay-Bold, is primary) and
// its colour against the colour painted under its letters by the ops
// before it. A text with no letters on the screen (a ticker item still
// off the edge) is not checked.
func checkLegible(tb testing.TB, fonts *scene.Fonts, ops []scene.Op, size scene.Size) legibility {
	tb.Helper()
	got := legibility{primaryCap: math.Inf(1), otherCap: math.Inf(1), contrast: math.Inf(1)}
	screen := scene.Rect{W: float64(size.W), H: float64(size.H)}
	for i, op := range ops {
		tx, ok := op.(scene.Text)
		if !ok || strings.TrimSpace(tx.S) == "" {
			continue
		}
		inkR := ink(fonts, tx)
		if !overlap(inkR, screen) {
			continue
		}
		capH := fonts.CapHeight(tx.Face)
		least := capHeightFor(otherArcmin, size)
		if tx.Face.Font == scene.DisplayBold {
			least = capHeightFor(primaryArcmin, size)
			got.primaryCap = min(got.primaryCap, capH)
			got.primaries++
		} else {
			got.otherCap = min(got.otherCap, capH)
		}
		if capH < least-facePixelSlack {
			got.failures = append(got.failures, fmt.Sprintf("%q in %v: cap height %.1f px, want ≥ %.1f", tx.S, tx.Face, capH, least))
		}
		c, bg := lowestContrast(ops[:i], tx.Color, inkR, screen)
		got.contrast = min(got.contrast, c)
		if c < feed.MinTextContrast {
			got.failures = append(got.failures, fmt.Sprintf("%q in %s on %s: contrast %.2f:1, want ≥ %.1f:1", tx.S, hexOf(tx.Color), hexOf(bg), c, feed.MinTextContrast))
		}
	}
	return got
}

// lowestContrast samples the colour painted under r by ops on a grid and
// returns the lowest contrast of fg against it, and that colour.
func lowestContrast(ops []scene.Op, fg color.RGBA, r, screen scene.Rect) (float64, color.RGBA) {
	const nx, ny = 9, 3
	worst, under := math.Inf(1), color.RGBA{}
	for i := range nx {
		for j := range ny {
			pt := scene.Point{X: r.X + r.W*(float64(i)+0.5)/nx, Y: r.Y + r.H*(float64(j)+0.5)/ny}
			if pt.X < screen.X || pt.Y < screen.Y || pt.X >= screen.X+screen.W || pt.Y >= screen.Y+screen.H {
				continue
			}
			bg := colourAt(ops, pt)
			if c := feed.Contrast(over(fg, bg), bg); c < worst {
				worst, under = c, bg
			}
		}
	}
	return worst, under
}

// colourAt is the colour ops paint at pt, each over the ones before it.
// Text is not a background; stars and pictures are never put behind text
// and are ignored.
func colourAt(ops []scene.Op, pt scene.Point) color.RGBA {
	c := color.RGBA{A: 0xFF} // an unpainted canvas is black
	for _, op := range ops {
		switch o := op.(type) {
		case scene.Fill:
			c = over(o.Color, c)
		case scene.RoundRect:
			if inRoundRect(o, pt) {
				c = over(o.Color, c)
			}
		case scene.Polygon:
			if inPolygon(o.Points, pt) {
				c = over(o.Color, c)
			}
		case scene.Polyline:
			for k := 1; k < len(o.Points); k++ {
				if segmentDistance(pt, o.Points[k-1], o.Points[k]) <= o.Width/2 {
					c = over(o.Color, c)
					break
				}
			}
		}
	}
	return c
}

// over composites the non-premultiplied colour a over the opaque b.
func over(a, b color.RGBA) color.RGBA {
	t := float64(a.A) / 255
	f := func(x, y uint8) uint8 { return uint8(math.Round(float64(y) + (float64(x)-float64(y))*t)) }
	return color.RGBA{R: f(a.R, b.R), G: f(a.G, b.G), B: f(a.B, b.B), A: 0xFF}
}

func inRoundRect(o scene.RoundRect, pt scene.Point) bool {
	r := o.Rect
	if pt.X < r.X || pt.Y < r.Y || pt.X > r.X+r.W || pt.Y > r.Y+r.H {
		return false
	}
	rad := min(o.Radius, r.W/2, r.H/2)
	cx := math.Max(r.X+rad, math.Min(pt.X, r.X+r.W-rad))
	cy := math.Max(r.Y+rad, math.Min(pt.Y, r.Y+r.H-rad))
	return math.Hypot(pt.X-cx, pt.Y-cy) <= rad
}

func inPolygon(ps []scene.Point, pt scene.Point) bool {
	in := false
	for i, j := 0, len(ps)-1; i < len(ps); j, i = i, i+1 {
		a, b := ps[i], ps[j]
		if (a.Y > pt.Y) != (b.Y > pt.Y) && pt.X < (b.X-a.X)*(pt.Y-a.Y)/(b.Y-a.Y)+a.X {
			in = !in
		}
	}
	return in
}

func segmentDistance(p, a, b scene.Point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((p.X-a.X)*dx+(p.Y-a.Y)*dy)/l))
	}
	return math.Hypot(p.X-(a.X+t*dx), p.Y-(a.Y+t*dy))
}

func hexOf(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// legibilitySizes are the screens the rule is checked on: 720p to 4K,
// landscape and portrait.
var legibilitySizes = []scene.Size{{W: 1920, H: 1080}, {W: 1280, H: 720}, {W: 3840, H: 2160}, {W: 1080, H: 1920}}

// TestEverySlideLegible lays out every slide kind of the German and the
// English test snapshot — and the cases with a look of their own: a long
// comment, a score with too few answers, a long journey, a journey in
// stars, themes with long names and quotes, one long idea, the waiting
// screen — on every legibility size as the screen shows it, with header
// (its offline note too) and ticker, and holds every text to the
// legibility rule.
func TestEverySlideLegible(t *testing.T) {
	fonts, err := scene.NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	l := scene.NewLayout(fonts, scene.DefaultTheme())
	type slide struct {
		name string
		snap *feed.Snapshot
		card scene.Card
	}
	var slides []slide
	covered := map[scene.Kind]map[string]bool{}
	for _, lang := range []string{"de", "en"} {
		s := loadSnapshot(t, map[string]string{"de": "snapshot.json", "en": "snapshot-en.json"}[lang])
		for _, c := range scene.Cards(s) {
			slides = append(slides, slide{lang + "/" + c.ID(), s, c})
			if covered[c.Kind] == nil {
				covered[c.Kind] = map[string]bool{}
			}
			covered[c.Kind][lang] = true
		}
		many := journeySnap(t, lang, nineTouchpoints)
		slides = append(slides, slide{lang + "/touchpoints-many", many, journeyCard(t, many)})
		thin := *s
		n := *s.NPS
		n.Meaningful, n.Responses = false, 12
		st := *s.Stars
		st.Meaningful = false
		thin.NPS, thin.Stars = &n, &st
		slides = append(slides,
			slide{lang + "/nps-thin", &thin, scene.Card{Kind: scene.KindNPS}},
			slide{lang + "/stars-thin", &thin, scene.Card{Kind: scene.KindStars}})
		lt := longThemesSnap(t, lang)
		li := longIdeasSnap(t, lang)
		slides = append(slides,
			slide{lang + "/themes-long", lt, themesCard(t, lt)},
			slide{lang + "/ideas-long", li, ideasCard(t, li)})
		long, ls := card(strings.Repeat("Die Beratung war freundlich, aber die Wartezeit in der Hotline war viel zu lang. ", 25), feed.ScaleNPS, 3)
		ls.Language = lang
		slides = append(slides, slide{lang + "/comment-2000", ls, long})
	}
	slides = append(slides, slide{"waiting", nil, scene.Card{Kind: scene.KindWaiting}})
	for _, k := range []scene.Kind{scene.KindComment, scene.KindNPS, scene.KindStars, scene.KindTrend, scene.KindKPIs, scene.KindAnnouncement, scene.KindTouchpoints, scene.KindThemes, scene.KindIdeas, scene.KindYouSaid} {
		if !covered[k]["de"] || !covered[k]["en"] {
			t.Errorf("the test snapshots lack a %s slide in de or en: %v", k, covered[k])
		}
	}
	offline := scene.Status{Known: true, Reached: true, Since: t0.Add(-47 * time.Minute)}
	for _, sl := range slides {
		for _, size := range legibilitySizes {
			t.Run(sl.name+"/"+size.String(), func(t *testing.T) {
				h := scene.HeaderAt(sl.snap, "Kantine", t0, offline)
				got := checkLegible(t, fonts, l.Screen(sl.card, sl.snap, size, h, t0), size)
				for _, f := range got.failures {
					t.Error(f)
				}
				if testing.Verbose() {
					t.Logf("smallest cap height: primary %.1f px (%d texts), other %.1f px; lowest contrast %.2f:1", got.primaryCap, got.primaries, got.otherCap, got.contrast)
				}
			})
		}
	}
}
