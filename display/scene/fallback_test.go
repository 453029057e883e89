package scene_test

import (
	"math"
	"slices"
	"testing"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

func mustFonts(tb testing.TB) *scene.Fonts {
	tb.Helper()
	fonts, err := scene.NewFonts()
	if err != nil {
		tb.Fatal(err)
	}
	return fonts
}

func TestCanDraw(t *testing.T) {
	fonts := mustFonts(t)
	for _, tc := range []struct {
		name string
		s    string
		want bool
	}{
		{"german", "Grüße aus Köln: Äpfel, Öl, Übermaß – 12,50 €", true},
		{"turkish", "Şikâyetim İzmir'de çözüldü, ağır ığdır", true},
		{"polish", "Zażółć gęślą jaźń", true},
		{"czech", "Příliš žluťoučký kůň úpěl ďábelské ódy", true},
		{"cyrillic", "Спасибо, всё отлично! Щедро.", true},
		{"greek", "Ευχαριστώ πολύ, εξαιρετική εξυπηρέτηση", true},
		{"emoji", "Top! 👍 gelöst. 😀🎉", true},
		{"zwj sequence", "Familie 👨‍👩‍👧 und 🏳️‍🌈", true},
		{"skin tone", "👍🏽 👋🏿", true},
		{"flag", "🇩🇪 🇹🇷", true},
		{"unicode 15 emoji", "🫨 🩷", true},
		{"arabic", "شكرا جزيلا على الخدمة الممتازة", true},
		{"arabic with harakat", "شُكْرًا", true},
		{"hebrew", "תודה רבה!", true},
		{"direction marks", "abc\u200fشكرا\u200e", true},
		{"chinese", "服务很好", false},
		{"japanese", "ありがとう", false},
		{"korean", "감사합니다", false},
		{"thai", "ขอบคุณครับ", false},
		{"devanagari", "धन्यवाद", false},
		{"one CJK character in German", "Danke 谢", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fonts.CanDraw(tc.s); got != tc.want {
				t.Errorf("CanDraw(%q) = %v, want %v", tc.s, got, tc.want)
			}
		})
	}
}

// pieces describes a set line: "I" for an Inter piece, "G<n>" for a
// piece of n fallback glyphs.
func pieces(l scene.Line) []string {
	var out []string
	for _, p := range l.Pieces {
		if p.Glyphs == nil {
			out = append(out, "I:"+p.S)
			continue
		}
		out = append(out, "G"+itoa(len(p.Glyphs)))
	}
	return out
}

func TestSetLineRuns(t *testing.T) {
	fonts := mustFonts(t)
	f := scene.Face{Font: scene.DisplayBold, Size: 64}
	for _, tc := range []struct {
		name string
		s    string
		want []string
	}{
		{"latin alone is one Inter piece", "Zażółć gęślą jaźń", []string{"I:Zażółć gęślą jaźń"}},
		{"cyrillic alone", "Спасибо", []string{"I:Спасибо"}},
		{"emoji between words", "Top! 👍 gut", []string{"I:Top! ", "G1", "I: gut"}},
		{"two emoji, one run", "😀🎉", []string{"G2"}},
		{"zwj family is one glyph", "👨‍👩‍👧", []string{"G1"}},
		{"skin tone stays with its hand", "👍🏽!", []string{"G1", "I:!"}},
		{"vs16 heart is emoji", "❤️", []string{"G2"}},
		{"flag is one glyph", "🇩🇪", []string{"G1"}},
		{"hebrew word", "תודה", []string{"G4"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := pieces(fonts.SetLine(f, tc.s))
			if !slices.Equal(got, tc.want) {
				t.Errorf("SetLine(%q) = %q, want %q", tc.s, got, tc.want)
			}
		})
	}
}

// TestSetLineRightToLeft checks the visual order: the first word of an
// Arabic or Hebrew line is its rightmost, and a Latin word before Arabic
// stays on the left in a left-to-right line.
func TestSetLineRightToLeft(t *testing.T) {
	fonts := mustFonts(t)
	f := scene.Face{Font: scene.Regular, Size: 48}
	for _, tc := range []struct {
		name, s, first, last string
	}{
		{"arabic", "شكرا جزيلا", "شكرا", "جزيلا"},
		{"hebrew", "תודה רבה", "תודה", "רבה"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := fonts.SetLine(f, tc.s)
			if len(l.Pieces) != 3 {
				t.Fatalf("SetLine(%q) = %q, want word, space, word", tc.s, pieces(l))
			}
			right, left := l.Pieces[2], l.Pieces[0]
			if w := l.Width - right.X; !near(w, fonts.Width(f, tc.first)) {
				t.Errorf("SetLine(%q): rightmost piece is %.1f px wide, want the first word %q (%.1f px)", tc.s, w, tc.first, fonts.Width(f, tc.first))
			}
			if w := l.Pieces[1].X - left.X; !near(w, fonts.Width(f, tc.last)) {
				t.Errorf("SetLine(%q): leftmost piece is %.1f px wide, want the last word %q (%.1f px)", tc.s, w, tc.last, fonts.Width(f, tc.last))
			}
		})
	}
	t.Run("latin then arabic", func(t *testing.T) {
		l := fonts.SetLine(f, "Danke شكرا")
		if got := pieces(l); len(got) != 2 || got[0] != "I:Danke " {
			t.Errorf("SetLine(%q) = %q, want Inter \"Danke \" on the left, then the Arabic", "Danke شكرا", got)
		}
	})
	t.Run("arabic joins", func(t *testing.T) {
		// Joined letters take their connecting forms, so a word is not as
		// wide as its letters set apart.
		word, apart := fonts.Width(f, "شكرا"), 0.0
		for _, r := range "شكرا" {
			apart += fonts.Width(f, string(r))
		}
		if near(word, apart) {
			t.Errorf("Width(%q) = %.1f, the same as its isolated letters: not shaped", "شكرا", word)
		}
	})
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.5 }

// TestWidthMatchesSetLine: what wrapping measures is the line the painter
// draws.
func TestWidthMatchesSetLine(t *testing.T) {
	fonts := mustFonts(t)
	for _, s := range []string{"Reklamation gelöst", "Top! 👍 Reklamation … gelöst. 😀🎉", "الخدمة ممتازة 👍", "Hotline: תודה!"} {
		for _, f := range []scene.Face{{Font: scene.Regular, Size: 34}, {Font: scene.DisplayBold, Size: 96}} {
			if w, l := fonts.Width(f, s), fonts.SetLine(f, s); w != l.Width || w <= 0 {
				t.Errorf("Width(%v, %q) = %.2f, SetLine width %.2f", f, s, w, l.Width)
			}
		}
	}
}

func TestDrawableLeavesOutOnlyUndrawable(t *testing.T) {
	fonts := mustFonts(t)
	s := &feed.Snapshot{
		Comments: []feed.Comment{{ID: "de", Text: "Super 👍"}, {ID: "zh", Text: "服务很好"}, {ID: "ar", Text: "شكرا"}},
		YouSaid:  []feed.YouSaid{{Comment: feed.Comment{ID: "th", Text: "ขอบคุณ"}, Action: "x"}},
	}
	got := fonts.Drawable(s)
	if len(got.Comments) != 2 || got.Comments[0].ID != "de" || got.Comments[1].ID != "ar" || len(got.YouSaid) != 0 {
		t.Errorf("Drawable: comments %v, you said %v; want de and ar, none", got.Comments, got.YouSaid)
	}
	if len(s.Comments) != 3 || len(s.YouSaid) != 1 {
		t.Errorf("Drawable changed its input: %v", s)
	}
	// Ideas and themes, which pick their own texts.
	insight := &feed.Snapshot{
		Ideas: []feed.Comment{{ID: "ja", Text: "アプリに買い物リストがあればいいのに"}, {ID: "en", Text: "Please add Apple Pay 🙏"}},
		Themes: []feed.Topic{
			{Name: "Wartezeit", Quote: &feed.Comment{Text: "等待时间太长"}},
			{Name: "配送", Quote: &feed.Comment{Text: "很快"}},
			{Name: "Lieferung", Quote: &feed.Comment{Text: "Pünktlich 👍"}},
		},
	}
	got = fonts.Drawable(insight)
	if len(got.Ideas) != 1 || got.Ideas[0].ID != "en" {
		t.Errorf("Drawable ideas = %v, want the English one only", got.Ideas)
	}
	if len(got.Themes) != 2 || got.Themes[0].Name != "Wartezeit" || got.Themes[0].Quote != nil ||
		got.Themes[1].Quote == nil || got.Themes[1].Quote.Text != "Pünktlich 👍" {
		t.Errorf("Drawable themes = %+v, want Wartezeit without its quote and Lieferung with its own", got.Themes)
	}
	if insight.Themes[0].Quote == nil || len(insight.Ideas) != 2 {
		t.Errorf("Drawable changed its input: %+v", insight)
	}
	plain := &feed.Snapshot{Comments: []feed.Comment{{ID: "de", Text: "Gut"}}}
	if fonts.Drawable(plain) != plain {
		t.Errorf("Drawable copied a snapshot with nothing to leave out")
	}
}

// BenchmarkWidth compares measuring a comment Inter sets alone with one
// that needs the fallback fonts; the fallback line is cached, so the
// second pair shows the cost of a cache miss (a new string each time, as
// wrapping asks).
func BenchmarkWidth(b *testing.B) {
	fonts := mustFonts(b)
	f := scene.Face{Font: scene.DisplayBold, Size: 80}
	latin := "Die Beratung an der Hotline war super freundlich, danke!"
	mixed := "الخدمة ممتازة وسريعة جدا 👍😀🎉 شكرا لكم"
	b.Run("latin", func(b *testing.B) {
		for b.Loop() {
			fonts.Width(f, latin)
		}
	})
	b.Run("emoji-arabic-cached", func(b *testing.B) {
		for b.Loop() {
			fonts.Width(f, mixed)
		}
	})
	b.Run("emoji-arabic-uncached", func(b *testing.B) {
		variants := make([]string, 4096)
		for i := range variants {
			variants[i] = mixed + itoa(i)
		}
		i := 0
		for b.Loop() {
			fonts.Width(f, variants[i%len(variants)])
			i++
		}
	})
}
