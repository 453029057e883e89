package source_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
)

func TestClip(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ä", feed.MaxCommentLength)
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"short", "gut", "gut"},
		{"at the limit", long, long},
		{"one over, counted in characters", long + "x", strings.Repeat("ä", feed.MaxCommentLength-1) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := source.Clip(tt.in); got != tt.want {
				t.Errorf("Clip(%q) = %q (%d characters), want %q (%d)", source.Short(tt.in), source.Short(got), utf8.RuneCountInString(got), source.Short(tt.want), utf8.RuneCountInString(tt.want))
			}
		})
	}
}

func TestReviewComment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, title, body, want string
	}{
		{"both", " Gut ", " Schnell und einfach. ", "Gut\n\nSchnell und einfach."},
		{"title only", "Gut", "  ", "Gut"},
		{"body only", "", "Schnell.", "Schnell."},
		{"neither", " ", "", ""},
		{"clipped", "Gut", strings.Repeat("ü", feed.MaxCommentLength), "Gut\n\n" + strings.Repeat("ü", feed.MaxCommentLength-6) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := source.ReviewComment(tt.title, tt.body); got != tt.want {
				t.Errorf("ReviewComment(%q, %q) = %q, want %q", source.Short(tt.title), source.Short(tt.body), source.Short(got), source.Short(tt.want))
			}
		})
	}
}

func TestShort(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"short", "vier", "vier"},
		{"60 characters", strings.Repeat("é", 60), strings.Repeat("é", 60)},
		{"61 characters", strings.Repeat("é", 61), strings.Repeat("é", 60) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := source.Short(tt.in); got != tt.want {
				t.Errorf("Short(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestShortList(t *testing.T) {
	t.Parallel()
	ids := func(n int) []string {
		var s []string
		for i := range n {
			s = append(s, fmt.Sprintf("QID%d", i+1))
		}
		return s
	}
	tests := []struct {
		name  string
		items []string
		want  string
	}{
		{"none", nil, "none"},
		{"one", []string{"QID1"}, "QID1"},
		{"20", ids(20), strings.Join(ids(20), ", ")},
		{"21", ids(21), strings.Join(ids(20), ", ") + ", …"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := source.ShortList(tt.items); got != tt.want {
				t.Errorf("ShortList(%q) = %q, want %q", tt.items, got, tt.want)
			}
		})
	}
	t.Run("leaves its argument as it was", func(t *testing.T) {
		t.Parallel()
		items := ids(21)
		source.ShortList(items)
		if items[20] != "QID21" {
			t.Errorf("after ShortList, items[20] = %q, want QID21", items[20])
		}
	})
}

func TestLanguage(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"de": "de", "EN": "en", "pt_br": "pt-BR", " de-AT ": "de-AT", "zh-Hant": "zh-Hant",
		"English": "", "": "", "d": "", "de-4": "", "es-419": "", "x-toolongregion": "",
	} {
		if got := source.Language(in); got != want {
			t.Errorf("Language(%q) = %q, want %q", in, got, want)
		}
	}
}
