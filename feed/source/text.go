package source

import (
	"strings"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed"
)

// Clip cuts a comment to feed.MaxCommentLength characters, its last one
// "…", so that a long comment costs its end rather than the whole answer.
func Clip(s string) string {
	if utf8.RuneCountInString(s) <= feed.MaxCommentLength {
		return s
	}
	r := []rune(s)
	return string(r[:feed.MaxCommentLength-1]) + "…"
}

// ReviewComment is the comment of an app review: its title and body,
// trimmed, joined by a blank line the way a review reads (or whichever is
// not empty), and clipped.
func ReviewComment(title, body string) string {
	title, body = strings.TrimSpace(title), strings.TrimSpace(body)
	s := body
	switch {
	case title != "" && body != "":
		s = title + "\n\n" + body
	case title != "":
		s = title
	}
	return Clip(s)
}

// Short cuts s to 60 characters and "…", to quote outside input in an
// error message.
func Short(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// ShortList joins items with commas for an error message: the first 20
// and "…" where there are more, "none" where there are none.
func ShortList(items []string) string {
	if len(items) > 20 {
		items = append(items[:20:20], "…")
	}
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(items, ", ")
}

// Language returns v as a language tag such as de or pt-BR ("pt_br" too),
// or "" where v is none (a language name such as "English" is none).
func Language(v string) string {
	primary, region, _ := strings.Cut(strings.TrimSpace(strings.ReplaceAll(v, "_", "-")), "-")
	if len(primary) < 2 || len(primary) > 3 || len(region) > 8 || !letters(primary) || !letters(region) {
		return ""
	}
	tag := strings.ToLower(primary)
	if region != "" {
		if len(region) == 2 {
			region = strings.ToUpper(region)
		}
		tag += "-" + region
	}
	return tag
}

func letters(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}
