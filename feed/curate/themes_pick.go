package curate

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed"
)

// themes picks the themes to show: the admins' that have enough comments,
// then the discovered topics with the most, up to MaxThemes. A word that
// is blocked, redacted or a first name is no topic.
func (b *Builder) themes() []feed.Topic {
	tc := b.themeCount
	if tc == nil {
		return nil
	}
	var out []feed.Topic
	var admin []*tally
	for i := range tc.admin {
		if t := &tc.admin[i].tally; t.cur >= tc.min {
			admin = append(admin, t)
		}
	}
	slices.SortStableFunc(admin, func(x, y *tally) int { return y.cur - x.cur })
	for _, t := range admin {
		if len(out) < MaxThemes {
			out = append(out, b.topic(t, feed.TopicAdmin))
		}
	}

	type term struct {
		key string
		t   *tally
	}
	var terms []term
	for k, t := range tc.terms {
		if t.cur >= tc.min {
			terms = append(terms, term{k, t})
		}
	}
	slices.SortFunc(terms, func(x, y term) int {
		return cmp.Or(y.t.cur-x.t.cur, cmp.Compare(x.key, y.key))
	})
	// A pair of words is the better topic than its words when it carries
	// at least half of their comments ("lange warten" over "warten").
	pairs := map[string]int{} // stem → most comments of a pair with it
	for _, x := range terms {
		if a, z, ok := strings.Cut(x.key, " "); ok {
			pairs[a] = max(pairs[a], x.t.cur)
			pairs[z] = max(pairs[z], x.t.cur)
		}
	}
	used := map[string]bool{} // stems shown, alone or in a pair
	for _, x := range terms {
		if len(out) >= MaxThemes {
			break
		}
		words := strings.Fields(x.key)
		if slices.ContainsFunc(words, func(w string) bool { return used[w] }) {
			continue
		}
		if len(words) == 1 && 2*pairs[x.key] >= x.t.cur {
			continue
		}
		if b.rules.moderator.Blocked(x.t.label) {
			continue
		}
		if _, n := b.rules.redactor.Redact(x.t.label); n > 0 || firstName(x.t.label) {
			continue
		}
		for _, w := range words {
			used[w] = true
		}
		out = append(out, b.topic(x.t, feed.TopicDiscovered))
	}
	return out
}

// firstName reports whether a word of label is a first name of the
// redactor's lexicon: alone, "Max" or "Frank" is not redacted (it may be a
// word), but as a topic it most likely names someone.
func firstName(label string) bool {
	lx, err := sharedLexicon()
	if err != nil {
		return false // the redactor, built first, has failed already
	}
	var buf []byte
	for w := range strings.FieldsSeq(label) {
		buf = appendFolded(buf[:0], w)
		if lx.words[string(buf)]&wFirst != 0 {
			return true
		}
	}
	return false
}

// topic is t as a snapshot lists it.
func (b *Builder) topic(t *tally, source string) feed.Topic {
	tc := b.themeCount
	// A pair's label is its words as one comment wrote them: one space
	// between them on the screen, whatever that comment had.
	out := feed.Topic{Name: strings.Join(strings.Fields(t.label), " "), Source: source, Comments: t.cur, Previous: t.pre}
	if source == feed.TopicDiscovered {
		// A heading on the screen: "App login", not "app login".
		out.Name = capitalized(out.Name)
	}
	if tc.cur > 0 {
		out.Share = float64(t.cur) / float64(tc.cur)
	}
	if n := t.prom + t.pass + t.det; n > 0 {
		v := float64(100*(t.prom-t.det)) / float64(n)
		out.NPS = &v
	}
	if t.starN > 0 {
		v := float64(t.starSum) / float64(t.starN)
		out.Stars = &v
	}
	if tc.pre >= tc.min {
		pre := float64(t.pre) / float64(tc.pre)
		switch {
		case out.Share-pre >= trendPoints && out.Share >= trendRatio*pre:
			out.Trend = feed.TrendRising
		case pre-out.Share >= trendPoints && out.Share*trendRatio <= pre:
			out.Trend = feed.TrendFalling
		default:
			out.Trend = feed.TrendSteady
		}
	}
	for _, c := range t.cands {
		if c == nil {
			break
		}
		if b.rules.moderator.Blocked(c.text) {
			continue
		}
		if cm, shown := b.judge(&c.f, c.text, c.group); shown {
			cm.Text = Shorten(cm.Text, QuoteRunes)
			out.Quote = &cm
			break
		}
	}
	return out
}

// Shorten returns s if it has at most n runes, else its longest beginning
// that ends at a word boundary and, with "…", has at most n runes.
func Shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, i := 0, 0
	for j, r := range s {
		if i > n-1 { // s[:j] and "…" have i+1 runes
			break
		}
		if unicode.IsSpace(r) {
			cut = j
		}
		i++
	}
	if cut == 0 { // one long word
		cut = len(string([]rune(s)[:n-1]))
	}
	return strings.TrimRightFunc(s[:cut], func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}

// capitalized is s with its first letter in upper case.
func capitalized(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
