package scene_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// themesSnap is the test snapshot of lang with the given themes.
func themesSnap(tb testing.TB, lang string, themes []feed.Topic) *feed.Snapshot {
	tb.Helper()
	s := loadSnapshot(tb, map[string]string{"de": "snapshot.json", "en": "snapshot-en.json"}[lang])
	s.Themes = themes
	return s
}

func themesCard(tb testing.TB, s *feed.Snapshot) scene.Card {
	tb.Helper()
	for _, c := range scene.Cards(s) {
		if c.Kind == scene.KindThemes {
			return c
		}
	}
	tb.Fatalf("no themes card in %s", kinds(scene.Cards(s)))
	return scene.Card{}
}

// longQuote is a quote as long as the server sends (140 characters), with
// a redaction mark.
const longQuote = "Die Wartezeit in der Hotline war wieder viel zu lang, und als ich endlich durchkam, hat mich [Name entfernt] an eine andere Abteilung verw…"

// longThemesSnap has more themes than a slide lists, with long names and
// long quotes on every one.
func longThemesSnap(tb testing.TB, lang string) *feed.Snapshot {
	tb.Helper()
	var themes []feed.Topic
	for i, name := range []string{
		"Wartezeit in der Hotline am Montagmorgen", "Freundlichkeit", "Lieferung und Verpackung der Bestellungen",
		"Rückruf", "Kundenkartenprogramm und Bonuspunkte", "App", "Parkplätze", "Öffnungszeiten",
	} {
		nps := float64(60 - 17*i)
		themes = append(themes, feed.Topic{
			Name: name, Source: feed.TopicAdmin, Comments: 120 - 11*i, Share: float64(120-11*i) / 900,
			NPS: &nps, Previous: 40, Trend: []string{feed.TrendRising, feed.TrendFalling, feed.TrendSteady, ""}[i%4],
			Quote: &feed.Comment{ID: fmt.Sprintf("s-%d", i), Text: longQuote, Scale: feed.ScaleNPS, Score: 4},
		})
	}
	return themesSnap(tb, lang, themes)
}

// Rows are ranked most comments first, at most six, and a footer counts
// the themes left out.
func TestThemesRows(t *testing.T) {
	l := newLayout(t)
	s := longThemesSnap(t, "de")
	// Reversed, as if the admins' small themes came first.
	slices.Reverse(s.Themes)
	names := make([]string, 0, len(s.Themes))
	for _, th := range s.Themes {
		names = append(names, th.Name)
	}
	for _, size := range []scene.Size{{W: 1920, H: 1080}, {W: 1080, H: 1920}} {
		t.Run(size.String(), func(t *testing.T) {
			ops := l.Card(themesCard(t, s), s, size, t0).Ops
			var counts []scene.Text
			footer := false
			for _, tx := range scene.Texts(ops) {
				if strings.Contains(tx.S, " Kommentare  ·  ") {
					counts = append(counts, tx)
				}
				footer = footer || tx.S == "+2 weitere Themen mit weniger Kommentaren"
			}
			if len(counts) != 6 || !footer {
				t.Fatalf("%d rows, footer %v; want 6 rows and the footer for 2 more", len(counts), footer)
			}
			want := []string{"120 Kommentare", "109 Kommentare", "98 Kommentare", "87 Kommentare", "76 Kommentare", "65 Kommentare"}
			slices.SortFunc(counts, func(a, b scene.Text) int { return int(a.Y - b.Y) })
			for i, c := range counts {
				if !strings.HasPrefix(c.S, want[i]) {
					t.Errorf("row %d reads %q, want %s first: most comments first", i, c.S, want[i])
				}
			}
			for _, tx := range textsOf(ops) {
				if strings.HasPrefix(tx, "Öffnungszeiten") || strings.HasPrefix(tx, "Parkplätze") {
					t.Errorf("the themes with the fewest comments are listed: %q", tx)
				}
			}
		})
	}
}

// A theme's score is its NPS after "NPS", or its average stars after a
// star, or nothing when its comments have no score.
func TestThemesScores(t *testing.T) {
	l := newLayout(t)
	nps, stars := -18.75, 3.94
	s := themesSnap(t, "de", []feed.Topic{
		{Name: "Wartezeit", Comments: 40, Share: 0.2, NPS: &nps},
		{Name: "Lieferung", Comments: 30, Share: 0.15, Stars: &stars},
		{Name: "Sonstiges", Comments: 20, Share: 0.1},
	})
	for _, size := range []scene.Size{{W: 1920, H: 1080}, {W: 1080, H: 1920}} {
		ops := l.Card(themesCard(t, s), s, size, t0).Ops
		texts := textsOf(ops)
		for _, w := range []string{"NPS", "\u221219", "3,9", "40 Kommentare  ·  20\u00a0%"} {
			if !contains(texts, w) {
				t.Errorf("%v: texts %q lack %q", size, texts, w)
			}
		}
		var starOps int
		for _, op := range ops {
			if _, ok := op.(scene.Star); ok {
				starOps++
			}
		}
		labels := 0
		for _, tx := range texts {
			if tx == "NPS" {
				labels++
			}
		}
		if labels != 1 || starOps != 1 {
			t.Errorf("%v: %d NPS labels and %d stars, want one each (the theme without a score shows none)", size, labels, starOps)
		}
	}
}

// A rising theme has an arrow up, a falling one an arrow down, each with
// its word and in a colour of its own; a steady one a level bar; a theme
// without a trend none of these.
func TestThemesTrendMarks(t *testing.T) {
	l := newLayout(t)
	tests := []struct {
		trend      string
		up, down   int
		word, none string
	}{
		{feed.TrendRising, 1, 0, "häufiger", ""},
		{feed.TrendFalling, 0, 1, "seltener", ""},
		{feed.TrendSteady, 0, 0, "gleich oft", ""},
		{"", 0, 0, "", "häufiger"},
	}
	colours := map[string]string{}
	for _, tt := range tests {
		for _, size := range []scene.Size{{W: 1920, H: 1080}, {W: 1080, H: 1920}} {
			t.Run(fmt.Sprintf("%q/%v", tt.trend, size), func(t *testing.T) {
				nps := 20.0
				s := themesSnap(t, "de", []feed.Topic{{Name: "Wartezeit", Comments: 40, Share: 0.2, NPS: &nps, Trend: tt.trend}})
				ops := l.Card(themesCard(t, s), s, size, t0).Ops
				var up, down int
				for _, op := range ops {
					pg, ok := op.(scene.Polygon)
					if !ok || len(pg.Points) != 3 {
						continue
					}
					// The lone vertex of an arrow up is its highest point.
					apex := pg.Points[2]
					if apex.Y < pg.Points[0].Y {
						up++
					} else {
						down++
					}
					colours[tt.trend] = fmt.Sprint(pg.Color)
				}
				texts := textsOf(ops)
				if up != tt.up || down != tt.down {
					t.Errorf("%d arrows up and %d down, want %d and %d", up, down, tt.up, tt.down)
				}
				if tt.word != "" && !contains(texts, tt.word) {
					t.Errorf("texts %q lack %q", texts, tt.word)
				}
				for _, w := range []string{"häufiger", "seltener", "gleich oft"} {
					if w != tt.word && contains(texts, w) {
						t.Errorf("texts %q show %q", texts, w)
					}
				}
			})
		}
	}
	if colours[feed.TrendRising] == colours[feed.TrendFalling] {
		t.Errorf("rising and falling arrows share the colour %s; want shape and colour both to differ", colours[feed.TrendRising])
	}
}

// Long names are shortened and long quotes take at most two lines, every
// text staying inside the panel's inner area without touching another, on
// every screen.
func TestThemesFit(t *testing.T) {
	fonts, err := scene.NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	l := scene.NewLayout(fonts, scene.DefaultTheme())
	for _, lang := range []string{"de", "en"} {
		s := longThemesSnap(t, lang)
		for _, size := range sizes {
			t.Run(lang+"/"+size.String(), func(t *testing.T) {
				got := l.Card(themesCard(t, s), s, size, t0)
				texts := scene.Texts(got.Ops)
				inner := innerOf(got.Panel, size)
				shortened, quoteLines := false, 0
				for i, tx := range texts {
					if !got.Area.Contains(tx.Box) || tx.Box.X < inner.X || tx.Box.X+tx.Box.W > inner.X+inner.W {
						t.Errorf("%q at %+v leaves the panel's inner area %+v", tx.S, tx.Box, inner)
					}
					for _, o := range texts[i+1:] {
						if overlap(ink(fonts, tx), ink(fonts, o)) {
							t.Errorf("%q at %+v overlaps %q at %+v", tx.S, tx.Box, o.S, o.Box)
						}
					}
					shortened = shortened || strings.HasPrefix(tx.S, "Wartezeit") && strings.HasSuffix(tx.S, "…")
					if strings.Contains(tx.S, "Hotline war") || strings.HasPrefix(tx.S, "\u201eDie Wartezeit") {
						quoteLines++
					}
				}
				if !shortened && !contains(textsOf(got.Ops), "Wartezeit in der Hotline am Montagmorgen") {
					t.Error("the longest name is neither shown whole nor shortened")
				}
				for _, op := range got.Ops {
					if r, ok := extent(op); ok && !got.Area.Contains(r) {
						t.Errorf("%T at %+v leaves the area %+v", op, r, got.Area)
					}
				}
				// On a 4:3 screen eight themes leave no room for a quote.
				if quoteLines == 0 && size.W*3 != size.H*4 {
					t.Error("no quote is shown")
				}
			})
		}
	}
}

// innerOf is the panel less the padding every slide keeps (64 design
// pixels in portrait, 80 in landscape), with a pixel of slack; text is
// held to it across, and to the card's area up and down (a line box
// reaches above its cap height).
func innerOf(panel scene.Rect, size scene.Size) scene.Rect {
	u := float64(min(size.W, size.H)) / 1080
	pad := 80 * u
	if size.Portrait() {
		pad = 64 * u
	}
	return scene.Rect{X: panel.X + pad - 1, Y: panel.Y + pad - 1, W: panel.W - 2*pad + 2, H: panel.H - 2*pad + 2}
}

// A themes card of a snapshot without themes shows the calm waiting
// screen rather than an empty list (the deck never makes one: see
// TestCardsFollowThePlaylist).
func TestThemesEmpty(t *testing.T) {
	l := newLayout(t)
	s := themesSnap(t, "de", nil)
	texts := textsOf(l.Card(scene.Card{Kind: scene.KindThemes}, s, scene.Size{W: 1920, H: 1080}, t0).Ops)
	if !slices.Equal(texts, []string{"Warte auf Inhalte…"}) {
		t.Errorf("themes card without themes: texts %q, want the waiting screen", texts)
	}
}
