package scene_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// ideasSnap is the test snapshot of lang with the given ideas.
func ideasSnap(tb testing.TB, lang string, ideas []feed.Comment) *feed.Snapshot {
	tb.Helper()
	s := loadSnapshot(tb, map[string]string{"de": "snapshot.json", "en": "snapshot-en.json"}[lang])
	s.Ideas = ideas
	return s
}

func ideasCard(tb testing.TB, s *feed.Snapshot) scene.Card {
	tb.Helper()
	for _, c := range scene.Cards(s) {
		if c.Kind == scene.KindIdeas {
			return c
		}
	}
	tb.Fatalf("no ideas card in %s", kinds(scene.Cards(s)))
	return scene.Card{}
}

// idea is a comment of words words, days old, at touchpoint.
func idea(id string, words int, days int, touchpoint string, s *feed.Snapshot) feed.Comment {
	text := strings.TrimSpace(strings.Repeat("Bitte mehr Kassen öffnen ", (words+3)/4))
	text = strings.Join(strings.Fields(text)[:words], " ") + "."
	return feed.Comment{ID: id, Text: text, Scale: feed.ScaleNPS, Score: 7, Touchpoint: touchpoint,
		CreatedAt: s.GeneratedAt.Add(-time.Duration(days) * 24 * time.Hour)}
}

// longIdeasSnap has one idea far longer than a slide's time allows to
// read, with a long touchpoint.
func longIdeasSnap(tb testing.TB, lang string) *feed.Snapshot {
	tb.Helper()
	s := ideasSnap(tb, lang, nil)
	s.Ideas = []feed.Comment{idea("s-1", 90, 3, "E-Mail-Kundenservice Süddeutschland", s)}
	return s
}

// tiles counts an ideas slide's cards: the tiles on its panel.
func tiles(l *scene.Layout, s *feed.Snapshot, ops []scene.Op) int {
	n := 0
	for _, op := range ops {
		if r, ok := op.(scene.RoundRect); ok && r.Color == l.Theme(s).Tile {
			n++
		}
	}
	return n
}

// The slide holds up to three cards in landscape and four in portrait,
// newest first, each with its touchpoint and age; ideas that together are
// more than the slide's time allows to read are fewer cards.
func TestIdeasCards(t *testing.T) {
	l := newLayout(t)
	s := ideasSnap(t, "de", nil)
	six := make([]feed.Comment, 6)
	for i := range six {
		six[i] = idea(fmt.Sprintf("s-%d", i), 6, i+1, "Filiale", s)
	}
	tests := []struct {
		name  string
		ideas []feed.Comment
		secs  int
		size  scene.Size
		want  int
	}{
		{"landscape", six, 12, scene.Size{W: 1920, H: 1080}, 3},
		{"portrait", six, 12, scene.Size{W: 1080, H: 1920}, 4},
		{"one idea", six[:1], 12, scene.Size{W: 1920, H: 1080}, 1},
		// 3 × 6 words fit 16 words (a 6 s slide); 4 × 6 do not.
		{"a short slide, portrait", six, 6, scene.Size{W: 1080, H: 1920}, 2},
		{"long ideas", []feed.Comment{idea("a", 25, 1, "App", s), idea("b", 25, 2, "App", s)}, 12, scene.Size{W: 1920, H: 1080}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sn := *s
			sn.Ideas = tt.ideas
			sn.Slides = []feed.Slide{{Kind: "ideas", Seconds: tt.secs}}
			got := l.Card(ideasCard(t, &sn), &sn, tt.size, t0)
			if n := tiles(l, &sn, got.Ops); n != tt.want {
				t.Errorf("%d cards, want %d", n, tt.want)
			}
			texts := strings.Join(textsOf(got.Ops), "|")
			if !strings.Contains(texts, "vor 1 Tag") {
				t.Errorf("the newest idea's age is not shown: %q", texts)
			}
			if tt.want < len(tt.ideas) && strings.Contains(texts, fmt.Sprintf("vor %d Tagen", tt.want+1)) {
				t.Errorf("an idea beyond the %d shown is: %q", tt.want, texts)
			}
		})
	}
}

// An idea longer than the slide's time allows to read is shortened with
// an ellipsis and stays inside its card, as does a long touchpoint.
func TestIdeasLongFit(t *testing.T) {
	fonts, err := scene.NewFonts()
	if err != nil {
		t.Fatal(err)
	}
	l := scene.NewLayout(fonts, scene.DefaultTheme())
	for _, lang := range []string{"de", "en"} {
		s := longIdeasSnap(t, lang)
		for _, size := range sizes {
			t.Run(lang+"/"+size.String(), func(t *testing.T) {
				got := l.Card(ideasCard(t, s), s, size, t0)
				if !got.Truncated {
					t.Errorf("a 90-word idea is not shortened: %q", got.Lines)
				}
				var tile scene.Rect
				for _, op := range got.Ops {
					if r, ok := op.(scene.RoundRect); ok && r.Color == l.Theme(s).Tile {
						tile = r.Rect
					}
				}
				texts := scene.Texts(got.Ops)
				mark := map[string]string{"de": "\u201e", "en": "\u201c"}[lang]
				for i, tx := range texts {
					// The opening mark hangs into the card's padding.
					hang := scene.Rect{X: got.QuoteBox.X - fonts.Width(tx.Face, mark), Y: got.QuoteBox.Y, W: got.QuoteBox.W + fonts.Width(tx.Face, mark), H: got.QuoteBox.H}
					if tx.Face.Font == scene.DisplayBold && !hang.Contains(tx.Box) {
						t.Errorf("quote line %q at %+v leaves its box %+v", tx.S, tx.Box, got.QuoteBox)
					}
					if tx.Box.Y > tile.Y && !tile.Contains(tx.Box) {
						t.Errorf("%q at %+v leaves its card %+v", tx.S, tx.Box, tile)
					}
					for _, o := range texts[i+1:] {
						if overlap(ink(fonts, tx), ink(fonts, o)) {
							t.Errorf("%q at %+v overlaps %q at %+v", tx.S, tx.Box, o.S, o.Box)
						}
					}
				}
				want := map[string]string{"de": "vor 3 Tagen", "en": "3 days ago"}[lang]
				if all := strings.Join(textsOf(got.Ops), "|"); !strings.Contains(all, want) || !strings.Contains(all, "E-Mail") {
					t.Errorf("texts %q lack the touchpoint or %q", all, want)
				}
			})
		}
	}
}
