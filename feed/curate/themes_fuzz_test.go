package curate_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
)

// FuzzThemes feeds arbitrary comment texts through theme counting: no
// panic, and every topic is well formed — a name in valid UTF-8, counts
// within the comments fed, a share within 0…1, a quote of at most 140
// characters.
func FuzzThemes(f *testing.F) {
	f.Add("Die Wartezeit an der Hotline war zu lang.", "Lange Wartezeit, schon wieder!", "Lieferung kam pünktlich")
	f.Add("WARTEZEIT!!! 😡", "warte... warte... wartezeit", "Queue queue queue at the till")
	f.Add("", "\u00a0\t", "a-b-c d'e f,g;h")
	r := rules(f, curate.Moderation{DefaultLists: true})
	ch := themesChannel(2, curate.Theme{Name: "Wartezeit", Match: []string{"warte*", "hotline besetzt"}})
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var items []feed.Feedback
		for i, text := range []string{a, b, c, a, b, c} {
			if !utf8.ValidString(text) {
				return // stored comments are valid UTF-8 (feed.Feedback.Validate)
			}
			items = append(items, answer(string(rune('a'+i)), i*2, time.Duration(i+1)*time.Hour, text))
		}
		s, _ := build(r, ch, items)
		for _, tp := range s.Themes {
			if tp.Name == "" || !utf8.ValidString(tp.Name) || strings.ContainsAny(tp.Name, "\n\t") {
				t.Fatalf("topic name %q", tp.Name)
			}
			if tp.Comments < 1 || tp.Comments > len(items) || tp.Share < 0 || tp.Share > 1 || tp.Previous < 0 {
				t.Fatalf("topic %+v: counts out of range for %d comments", tp, len(items))
			}
			if q := tp.Quote; q != nil && (utf8.RuneCountInString(q.Text) > 140 || !utf8.ValidString(q.Text)) {
				t.Fatalf("topic %s quote %q", tp.Name, q.Text)
			}
		}
	})
}

// FuzzShorten: the result is a beginning of s (with "…" when cut), valid
// UTF-8 when s is, and at most n runes.
func FuzzShorten(f *testing.F) {
	f.Add("Die Wartezeit an der Hotline war viel zu lang", 20)
	f.Add("ääääääääää", 3)
	f.Add("", 0)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 1 || n > 500 || !utf8.ValidString(s) {
			return
		}
		got := curate.Shorten(s, n)
		if utf8.RuneCountInString(got) > n || !utf8.ValidString(got) {
			t.Fatalf("Shorten(%q, %d) = %q", s, n, got)
		}
		if body, cut := strings.CutSuffix(got, "…"); cut && got != s && !strings.HasPrefix(s, strings.TrimRight(body, " ")) {
			t.Fatalf("Shorten(%q, %d) = %q, not a beginning of it", s, n, got)
		}
	})
}
