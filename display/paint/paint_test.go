package paint_test

import (
	"encoding/json"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/paint"
	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata/")

// tolerance is the largest per-channel difference a pixel may have before
// it counts as changed; anti-aliasing may differ by a step or two between
// platforms, a layout change differs by far more.
const tolerance = 24

// goldenNow is the local clock of every golden: 47 minutes after the
// snapshot was made.
var goldenNow = time.Date(2025, 11, 24, 14, 5, 0, 0, time.FixedZone("CET", 3600))

// golden is one golden PNG: a card of a snapshot at a size.
type golden struct {
	name    string
	snap    *feed.Snapshot
	card    scene.Card
	size    scene.Size
	offline bool
}

// goldens returns every golden: each kind of card in German at 1920×1080,
// in English at the smallest supported size, and in German on a portrait
// screen; and the cases that need a look of their own.
func goldens(tb testing.TB) []golden {
	tb.Helper()
	de := loadSnapshot(tb, "testdata/snapshot.json")
	en := loadSnapshot(tb, "testdata/snapshot-en.json")
	var out []golden
	for _, v := range []struct {
		prefix string
		snap   *feed.Snapshot
		size   scene.Size
	}{
		{"de-1920x1080", de, scene.Size{W: 1920, H: 1080}},
		{"en-1280x720", en, scene.Size{W: 1280, H: 720}},
		{"de-portrait-1080x1920", de, scene.Size{W: 1080, H: 1920}},
	} {
		seen := map[scene.Kind]bool{}
		for _, c := range scene.Cards(v.snap) {
			if seen[c.Kind] {
				continue
			}
			seen[c.Kind] = true
			out = append(out, golden{name: v.prefix + "-" + string(c.Kind), snap: v.snap, card: c, size: v.size})
		}
	}

	// The journey with more touchpoints than a slide lists, some thin,
	// one without a previous score, in English on a portrait screen too.
	many := *de
	mn := *de.NPS
	mn.ByTouchpoint = manyTouchpoints()
	many.NPS = &mn

	// A channel of star ratings only: the journey in average stars.
	starry := *en
	st := *en.Stars
	st.ByTouchpoint = []feed.TouchpointStars{
		{Touchpoint: "Branch", Average: 4.62, Responses: 64, Meaningful: true, Previous: ptrTo(4.4)},
		{Touchpoint: "Delivery", Average: 3.71, Responses: 51, Meaningful: true, Previous: ptrTo(4.05)},
		{Touchpoint: "App", Average: 4.48, Responses: 33, Meaningful: true},
		{Touchpoint: "Hotline", Average: 2.0, Responses: 4},
	}
	starry.Stars, starry.NPS = &st, nil

	// More themes than a slide lists, with long names and quotes as long
	// as the server sends.
	wordy := *de
	wordy.Themes = longThemes()

	thin := *de
	n := *de.NPS
	n.Score, n.Promoters, n.Passives, n.Detractors, n.Responses, n.Meaningful = 25, 6, 3, 3, 12, false
	thin.NPS = &n
	return append(out,
		golden{name: "card-de-long-1920x1080", snap: de, card: comment(tb, de, "s-097"), size: scene.Size{W: 1920, H: 1080}},
		golden{name: "card-de-redacted-1920x1080", snap: de, card: comment(tb, de, "s-100"), size: scene.Size{W: 1920, H: 1080}},
		golden{name: "card-stars-portrait-1080x1920", snap: de, card: comment(tb, de, "r-55"), size: scene.Size{W: 1080, H: 1920}, offline: true},
		golden{name: "nps-not-enough-de-1920x1080", snap: &thin, card: scene.Card{Kind: scene.KindNPS}, size: scene.Size{W: 1920, H: 1080}},
		golden{name: "en-portrait-1080x1920-touchpoints", snap: en, card: scene.Card{Kind: scene.KindTouchpoints}, size: scene.Size{W: 1080, H: 1920}},
		golden{name: "en-portrait-1080x1920-themes", snap: en, card: cardOf(tb, en, scene.KindThemes), size: scene.Size{W: 1080, H: 1920}},
		golden{name: "en-portrait-1080x1920-ideas", snap: en, card: cardOf(tb, en, scene.KindIdeas), size: scene.Size{W: 1080, H: 1920}},
		golden{name: "themes-long-de-1920x1080", snap: &wordy, card: cardOf(tb, &wordy, scene.KindThemes), size: scene.Size{W: 1920, H: 1080}},
		golden{name: "themes-long-de-portrait-1080x1920", snap: &wordy, card: cardOf(tb, &wordy, scene.KindThemes), size: scene.Size{W: 1080, H: 1920}},
		golden{name: "touchpoints-many-de-1920x1080", snap: &many, card: scene.Card{Kind: scene.KindTouchpoints}, size: scene.Size{W: 1920, H: 1080}},
		golden{name: "touchpoints-many-de-portrait-1080x1920", snap: &many, card: scene.Card{Kind: scene.KindTouchpoints}, size: scene.Size{W: 1080, H: 1920}},
		golden{name: "touchpoints-stars-en-1920x1080", snap: &starry, card: scene.Card{Kind: scene.KindTouchpoints}, size: scene.Size{W: 1920, H: 1080}},
		golden{name: "waiting-1280x720", card: scene.Card{Kind: scene.KindWaiting}, size: scene.Size{W: 1280, H: 720}},
	)
}

// manyTouchpoints is a journey of nine touchpoints, most answers first as
// the server sends them: more than a slide lists.
func manyTouchpoints() []feed.TouchpointNPS {
	prev := func(v float64) *float64 { return &v }
	return []feed.TouchpointNPS{
		{Touchpoint: "Hotline", Score: 42.5, Responses: 220, Meaningful: true, Previous: prev(39)},
		{Touchpoint: "Filiale", Score: 35.7, Responses: 198, Meaningful: true, Previous: prev(38.2)},
		{Touchpoint: "Online-Shop", Score: 51.2, Responses: 160, Meaningful: true, Previous: prev(51)},
		{Touchpoint: "App", Score: 31.0, Responses: 158, Meaningful: true, Previous: prev(24.6)},
		{Touchpoint: "Lieferung", Score: -12.4, Responses: 120, Meaningful: true, Previous: prev(4)},
		{Touchpoint: "Rechnung und Zahlung", Score: 8.3, Responses: 84, Meaningful: true},
		{Touchpoint: "E-Mail-Kundenservice Süddeutschland", Score: 38.9, Responses: 36, Meaningful: true, Previous: prev(40)},
		{Touchpoint: "Chat", Score: 60, Responses: 12, Meaningful: false},
		{Touchpoint: "Messestand", Score: 80, Responses: 5, Meaningful: false},
	}
}

func ptrTo(v float64) *float64 { return &v }

// longThemes are eight themes, more than a slide lists, most comments
// first, with long names and quotes of the 140 characters the server
// allows, one with a redaction mark.
func longThemes() []feed.Topic {
	quote := "Die Wartezeit in der Hotline war wieder viel zu lang, und als ich endlich durchkam, hat mich […] an eine andere Abteilung verwiesen, dort…"
	var out []feed.Topic
	for i, name := range []string{
		"Wartezeit in der Hotline am Montagmorgen", "Freundlichkeit", "Lieferung und Verpackung der Bestellungen",
		"Rückruf", "Kundenkartenprogramm und Bonuspunkte", "App", "Parkplätze", "Öffnungszeiten",
	} {
		out = append(out, feed.Topic{
			Name: name, Source: feed.TopicAdmin, Comments: 120 - 11*i, Share: float64(120-11*i) / 900,
			NPS: ptrTo(float64(60 - 17*i)), Previous: 40,
			Trend: []string{feed.TrendRising, feed.TrendFalling, feed.TrendSteady, ""}[i%4],
			Quote: &feed.Comment{ID: "s-" + string(rune('a'+i)), Text: quote, Scale: feed.ScaleNPS, Score: 4},
		})
	}
	return out
}

func comment(tb testing.TB, s *feed.Snapshot, id string) scene.Card {
	tb.Helper()
	for _, c := range scene.Cards(s) {
		if c.Comment != nil && c.Comment.ID == id {
			return c
		}
	}
	tb.Fatalf("no comment card %q in snapshot", id)
	return scene.Card{}
}

// cardOf is the card of kind that the deck plays, with its hold time.
func cardOf(tb testing.TB, s *feed.Snapshot, kind scene.Kind) scene.Card {
	tb.Helper()
	for _, c := range scene.Cards(s) {
		if c.Kind == kind {
			return c
		}
	}
	tb.Fatalf("no %s card in snapshot", kind)
	return scene.Card{}
}

func TestGolden(t *testing.T) {
	for _, g := range goldens(t) {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			got := render(t, g)
			path := filepath.Join("testdata", g.name+".png")
			if *update {
				writePNG(t, path, got)
				return
			}
			want := readPNG(t, path)
			if n := diffPixels(got, want); n > 0 {
				out := filepath.Join(t.TempDir(), g.name+".png")
				writePNG(t, out, got)
				t.Errorf("%s: %d pixels differ by more than %d (got %s); run go test -update if the change is intended", path, n, tolerance, out)
			}
		})
	}
}

// TestGoldensCoverEveryKind keeps the golden set honest: every kind of
// card in both languages and in portrait.
func TestGoldensCoverEveryKind(t *testing.T) {
	have := map[string]bool{}
	for _, g := range goldens(t) {
		have[g.name] = true
	}
	kinds := []scene.Kind{scene.KindComment, scene.KindNPS, scene.KindStars, scene.KindTrend, scene.KindKPIs, scene.KindAnnouncement, scene.KindYouSaid, scene.KindTouchpoints, scene.KindThemes, scene.KindIdeas}
	for _, prefix := range []string{"de-1920x1080", "en-1280x720", "de-portrait-1080x1920"} {
		for _, k := range kinds {
			if !have[prefix+"-"+string(k)] {
				t.Errorf("no golden %s-%s", prefix, k)
			}
		}
	}
}

func render(tb testing.TB, g golden) *image.RGBA {
	tb.Helper()
	fonts, err := scene.NewFonts()
	if err != nil {
		tb.Fatal(err)
	}
	l := scene.NewLayout(fonts, scene.DefaultTheme())
	logo, err := os.ReadFile("testdata/logo.png") // the logo snapshot.json names
	if err != nil {
		tb.Fatal(err)
	}
	l.SetLogos(func(string) ([]byte, bool) { return logo, true })
	h := scene.HeaderAt(g.snap, "canteen", goldenNow, scene.Status{})
	h.Offline, h.OfflineSince = g.offline, goldenNow.Add(-47*time.Minute)
	return paint.New(fonts).Image(g.size, l.Screen(g.card, g.snap, g.size, h, goldenNow))
}

func diffPixels(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return a.Bounds().Dx() * a.Bounds().Dy()
	}
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) {
				n++
			}
		}
	}
	return n
}

func far(a, b uint32) bool {
	d := int(a>>8) - int(b>>8)
	return d > tolerance || d < -tolerance
}

func loadSnapshot(tb testing.TB, path string) *feed.Snapshot {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var s feed.Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		tb.Fatalf("decode %s: %v", path, err)
	}
	return &s
}

func readPNG(tb testing.TB, path string) image.Image {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		tb.Fatalf("decode %s: %v", path, err)
	}
	return img
}

func writePNG(tb testing.TB, path string, img image.Image) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(f, img); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}
