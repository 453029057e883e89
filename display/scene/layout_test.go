package scene_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

func newLayout(tb testing.TB) *scene.Layout {
	tb.Helper()
	fonts, err := scene.NewFonts()
	if err != nil {
		tb.Fatal(err)
	}
	return scene.NewLayout(fonts, scene.DefaultTheme())
}

func card(text string, scale feed.Scale, score int) (scene.Card, *feed.Snapshot) {
	s := &feed.Snapshot{Language: "de", GeneratedAt: t0, Comments: []feed.Comment{{
		ID: "x", Text: text, Scale: scale, Score: score, Touchpoint: "Hotline", CreatedAt: t0.Add(-3 * time.Hour),
	}}}
	return scene.Card{Comment: &s.Comments[0]}, s
}

// A comment is quoted in the marks of its own language, whatever the
// channel's: „…“ for German, “…” for English; others take the channel's.
func TestQuoteMarksFollowTheComment(t *testing.T) {
	l := newLayout(t)
	for _, tt := range []struct{ channel, comment, open, close string }{
		{"de", "en", "\u201c", "\u201d"},
		{"de", "de", "\u201e", "\u201c"},
		{"en", "de", "\u201e", "\u201c"},
		{"en", "fr", "\u201c", "\u201d"},
		{"de", "", "\u201e", "\u201c"},
	} {
		c, s := card("Great service", feed.ScaleNPS, 9)
		s.Language, c.Comment.Language = tt.channel, tt.comment
		got := l.Card(c, s, scene.Size{W: 1920, H: 1080}, t0)
		if len(got.Lines) == 0 || !strings.HasPrefix(got.Lines[0], tt.open) || !strings.HasSuffix(got.Lines[len(got.Lines)-1], tt.close) {
			t.Errorf("%s comment on a %s channel: lines %q, want %s…%s", tt.comment, tt.channel, got.Lines, tt.open, tt.close)
		}
	}
}

func TestCardFitsText(t *testing.T) {
	l := newLayout(t)
	short := "Super Service!"
	medium := strings.Repeat("Die Beratung war freundlich und schnell. ", 4)
	long := strings.Repeat("Ich musste lange warten, aber am Ende war alles gut. ", 20)
	word := strings.Repeat("Donaudampfschifffahrtsgesellschaft", 4)
	sizes := []scene.Size{{W: 1920, H: 1080}, {W: 1080, H: 1920}, {W: 1280, H: 720}, {W: 3840, H: 2160}}
	for _, size := range sizes {
		unit := float64(min(size.W, size.H)) / 1080
		var prev int
		for _, tt := range []struct {
			name          string
			text          string
			wantTruncated bool
		}{{"short", short, false}, {"medium", medium, false}, {"long", long, true}, {"one huge word", word, false}} {
			t.Run(size.String()+"/"+tt.name, func(t *testing.T) {
				c, s := card(tt.text, feed.ScaleNPS, 9)
				got := l.Card(c, s, size, t0)
				if got.Truncated != tt.wantTruncated {
					t.Errorf("Truncated = %v, want %v (lines %q)", got.Truncated, tt.wantTruncated, got.Lines)
				}
				if sz := got.QuoteFace.Size; float64(sz) > 96*unit+1 || float64(sz) < 56*unit-1 {
					t.Errorf("quote size %d outside 56–96 at %v", sz, size)
				}
				if tt.name == "medium" && got.QuoteFace.Size > prev {
					t.Errorf("medium text set at %d, larger than short text at %d", got.QuoteFace.Size, prev)
				}
				prev = got.QuoteFace.Size
				if got.Truncated && !strings.HasSuffix(got.Lines[len(got.Lines)-1], "…\u201c") {
					t.Errorf("cut quote ends %q, want …“", got.Lines[len(got.Lines)-1])
				}
				if !strings.HasPrefix(got.Lines[0], "\u201e") {
					t.Errorf("quote starts %q, want „", got.Lines[0])
				}
				screen := scene.Rect{W: float64(size.W), H: float64(size.H)}
				for _, tx := range scene.Texts(got.Ops) {
					if !got.Panel.Contains(tx.Box) || !screen.Contains(tx.Box) {
						t.Errorf("text %q at %+v leaves the panel %+v", tx.S, tx.Box, got.Panel)
					}
				}
				quoteBottom := 0.0
				for _, tx := range scene.Texts(got.Ops) {
					if tx.Face == got.QuoteFace {
						quoteBottom = tx.Box.Y + tx.Box.H
						if tx.Box.X+tx.Box.W > got.QuoteBox.X+got.QuoteBox.W+0.5 {
							t.Errorf("line %q is wider than the quote box", tx.S)
						}
					}
				}
				if quoteBottom > got.QuoteBox.Y+got.QuoteBox.H+0.5 {
					t.Errorf("quote ends at %.0f, below its box at %.0f", quoteBottom, got.QuoteBox.Y+got.QuoteBox.H)
				}
			})
		}
	}
}

func TestCardLongTextShrinksBeforeCutting(t *testing.T) {
	l := newLayout(t)
	size := scene.Size{W: 1920, H: 1080}
	short, s1 := card("Danke!", feed.ScaleNPS, 10)
	// 30 words: a little less than a 10 s card gives time to read (reading.go).
	long, s2 := card(strings.Repeat("Sehr gute Beratung, komme gerne wieder. ", 5), feed.ScaleNPS, 10)
	a, b := l.Card(short, s1, size, t0), l.Card(long, s2, size, t0)
	if a.QuoteFace.Size != 96 || b.QuoteFace.Size >= 96 || b.Truncated {
		t.Errorf("sizes %d and %d (truncated %v), want 96 for a short quote and smaller, uncut, for a longer one", a.QuoteFace.Size, b.QuoteFace.Size, b.Truncated)
	}
}

func TestCardMeta(t *testing.T) {
	l := newLayout(t)
	tests := []struct {
		scale     feed.Scale
		score     int
		lang      string
		wantTexts []string
		wantStars int
	}{
		{feed.ScaleNPS, 10, "de", []string{"10", "Promoter", "Hotline  ·  vor 3 Std."}, 0},
		{feed.ScaleNPS, 7, "de", []string{"7", "Passiv"}, 0},
		{feed.ScaleNPS, 0, "de", []string{"0", "Kritiker"}, 0},
		{feed.ScaleNPS, 8, "en", []string{"8", "Passive", "Hotline  ·  3 h ago"}, 0},
		{feed.ScaleNPS, 6, "en", []string{"Detractor"}, 0},
		{feed.ScaleStars, 4, "de", nil, 5},
	}
	for _, tt := range tests {
		c, s := card("Gut.", tt.scale, tt.score)
		s.Language = tt.lang
		ops := l.Card(c, s, scene.Size{W: 1920, H: 1080}, t0).Ops
		var texts []string
		for _, tx := range scene.Texts(ops) {
			texts = append(texts, tx.S)
		}
		for _, want := range tt.wantTexts {
			if !contains(texts, want) {
				t.Errorf("%s %d %s: texts %q lack %q", tt.scale, tt.score, tt.lang, texts, want)
			}
		}
		stars := 0
		for _, op := range ops {
			if _, ok := op.(scene.Star); ok {
				stars++
			}
		}
		if stars != tt.wantStars {
			t.Errorf("%s %d: %d stars, want %d", tt.scale, tt.score, stars, tt.wantStars)
		}
	}
}

func TestPortraitStacksMeta(t *testing.T) {
	l := newLayout(t)
	c, s := card("Gut.", feed.ScaleNPS, 9)
	c.Comment.Touchpoint = "Kundenservice-Hotline Süddeutschland"
	size := scene.Size{W: 1080, H: 1920}
	got := l.Card(c, s, size, t0)
	var chip, words scene.Text
	for _, tx := range scene.Texts(got.Ops) {
		switch {
		case tx.S == "9":
			chip = tx
		case strings.Contains(tx.S, "Kundenservice"):
			words = tx
		}
	}
	if words.Box.Y <= chip.Box.Y+chip.Box.H {
		t.Errorf("portrait: touchpoint at y=%.0f should be below the chip at y=%.0f", words.Box.Y, chip.Box.Y)
	}
	if got.Panel.W > float64(size.W) || got.Panel.H < got.Panel.W {
		t.Errorf("portrait panel %+v is not portrait", got.Panel)
	}
}

func TestWaitingCard(t *testing.T) {
	l := newLayout(t)
	tests := []struct {
		snap *feed.Snapshot
		want []string
	}{
		{nil, []string{"Warte auf Inhalte…", "Waiting for content…"}},
		{&feed.Snapshot{Language: "en"}, []string{"Waiting for content…"}},
		{&feed.Snapshot{Language: "de"}, []string{"Warte auf Inhalte…"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tx := range scene.Texts(l.Card(scene.Card{}, tt.snap, scene.Size{W: 1920, H: 1080}, t0).Ops) {
			got = append(got, tx.S)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("waiting card texts %q, want %q", got, tt.want)
		}
	}
}

func TestHeader(t *testing.T) {
	l := newLayout(t)
	now := time.Date(2025, 11, 24, 14, 5, 0, 0, time.UTC)
	tests := []struct {
		name string
		info scene.HeaderInfo
		size scene.Size
		want []string
	}{
		{"de online", scene.HeaderInfo{Title: "Stimme unserer Kunden", Lang: scene.German, Now: now},
			scene.Size{W: 1920, H: 1080}, []string{"14:05", "Mo., 24. Nov.  ·  ", "Stimme unserer Kunden"}},
		{"en offline", scene.HeaderInfo{Title: "Voice of the customer", Lang: scene.English, Now: now, Offline: true, OfflineSince: now.Add(-time.Hour)},
			scene.Size{W: 1920, H: 1080}, []string{"2:05 pm", "Mon 24 Nov  ·  ", "offline since 1:05 pm", "Voice of the customer"}},
		{"portrait drops the date", scene.HeaderInfo{Title: "Stimme unserer Kunden", Lang: scene.German, Now: now, Offline: true, OfflineSince: now.Add(-time.Hour)},
			scene.Size{W: 1080, H: 1920}, []string{"14:05", "offline seit 13:05", "Stimme unserer Kunden"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			strip := scene.Rect{W: float64(tt.size.W), H: float64(scene.HeaderHeight(tt.size))}
			for _, tx := range scene.Texts(l.Header(tt.info, tt.size)) {
				got = append(got, tx.S)
				if !strip.Contains(tx.Box) {
					t.Errorf("%q at %+v leaves the strip %+v", tx.S, tx.Box, strip)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("header texts %q, want %q", got, tt.want)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// On a tall portrait screen a long comment would fit in small type over
// twenty lines; nobody reads that in passing, so it is cut at nine.
func TestQuoteLineLimit(t *testing.T) {
	l := newLayout(t)
	s := loadSnapshot(t, "snapshot.json")
	for _, c := range scene.Cards(s) {
		if c.Comment == nil || c.Comment.ID != "s-097" {
			continue
		}
		for _, size := range []scene.Size{{W: 1080, H: 1920}, {W: 2160, H: 3840}, {W: 1920, H: 1080}} {
			got := l.Card(c, s, size, t0)
			if len(got.Lines) > 9 || !got.Truncated {
				t.Errorf("%v: %d lines (truncated %v), want at most 9, cut", size, len(got.Lines), got.Truncated)
			}
		}
	}
}

func TestTurned(t *testing.T) {
	for _, tt := range []struct {
		w, h, rotation int
		want           scene.Size
		portrait       bool
	}{
		{1920, 1080, 0, scene.Size{W: 1920, H: 1080}, false},
		{1920, 1080, 90, scene.Size{W: 1080, H: 1920}, true},
		{1920, 1080, 180, scene.Size{W: 1920, H: 1080}, false},
		{3840, 2160, 270, scene.Size{W: 2160, H: 3840}, true},
		{1280, 720, 90, scene.Size{W: 720, H: 1280}, true},
	} {
		got := scene.Turned(tt.w, tt.h, tt.rotation)
		if got != tt.want || got.Portrait() != tt.portrait {
			t.Errorf("Turned(%d, %d, %d) = %v (portrait %v), want %v (portrait %v)", tt.w, tt.h, tt.rotation, got, got.Portrait(), tt.want, tt.portrait)
		}
	}
}
