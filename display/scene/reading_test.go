package scene_test

import (
	"strings"
	"testing"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// shownWords is the quote as set, without its quotation marks and
// ellipsis, split into words.
func shownWords(lines []string) []string {
	s := strings.Join(lines, " ")
	s = strings.Trim(s, "\u201e\u201c\u201d\u00bb\u00ab")
	return strings.Fields(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(s, "…")), "…"))
}

// A comment longer than its card's time allows to read is shortened to
// about 4 words a second after 2 s to notice the card — 32 words in 10 s
// — at a sentence end, or at a word when no sentence ends in the second
// half of them, with an ellipsis; what is left is set larger than the
// smallest quote size, not cut again. A longer card shows more.
func TestLongCommentShortenedToRead(t *testing.T) {
	l := newLayout(t)
	sentence := "Die Beratung war freundlich, aber die Wartezeit in der Hotline war viel zu lang. "
	long := strings.Repeat(sentence, 25) // 2,000 characters, 350 words
	if n := len([]rune(long)); n < 2000 {
		t.Fatalf("test comment has %d characters, want 2,000", n)
	}
	noStop := strings.Repeat("und dann wieder warten, ", 60)
	tests := []struct {
		name     string
		text     string
		seconds  int
		most     int    // words shown at most
		ending   string // how the shown text ends, before the closing mark
		original bool   // shown unchanged
	}{
		{"2,000 characters in 10 s", long, 10, 32, "lang. …", false},
		// 72 words do not fit a portrait card even at the smallest size:
		// the fit cuts them again, at a word.
		{"2,000 characters in 20 s", long, 20, 72, "…", false},
		{"default time", long, 0, 32, "lang. …", false},
		{"no sentence end", noStop, 10, 32, "warten…", false},
		{"readable in time", strings.Repeat(sentence, 2), 10, 28, "lang.", true},
	}
	for _, size := range []scene.Size{{W: 1920, H: 1080}, {W: 1080, H: 1920}, {W: 1280, H: 720}, {W: 3840, H: 2160}} {
		unit := float64(min(size.W, size.H)) / 1080
		for _, tt := range tests {
			t.Run(size.String()+"/"+tt.name, func(t *testing.T) {
				c, s := card(tt.text, feed.ScaleNPS, 4)
				c.Seconds = tt.seconds
				got := l.Card(c, s, size, t0)
				words := shownWords(got.Lines)
				set := strings.Join(got.Lines, " ")
				if len(words) > tt.most {
					t.Errorf("%d words shown, want at most %d: %q", len(words), tt.most, set)
				}
				if !strings.HasSuffix(set, tt.ending+"\u201c") {
					t.Errorf("quote ends %q, want …%q“", set[max(len(set)-40, 0):], tt.ending)
				}
				if got.Truncated == tt.original {
					t.Errorf("Truncated = %v, want %v", got.Truncated, !tt.original)
				}
				// Every word shown is the comment's own, in order: the cut
				// is between words.
				orig := strings.Fields(tt.text)
				for i, w := range words {
					if i < len(orig) && w != orig[i] && strings.TrimRight(orig[i], ",.") != w {
						t.Errorf("word %d shown as %q, in the comment %q", i, w, orig[i])
						break
					}
				}
				if tt.seconds <= 10 && float64(got.QuoteFace.Size) < 56*unit+4 {
					t.Errorf("quote set at %v: shrunk to the smallest size, want larger", got.QuoteFace)
				}
			})
		}
	}
}
