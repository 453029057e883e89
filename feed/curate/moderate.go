package curate

import (
	"embed"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// shippedLists holds the default blocked words, one entry a line, # comments.
//
//go:embed words/de.txt words/en.txt
var shippedLists embed.FS

// Moderator tells whether a comment contains a blocked word. It never changes
// after NewModerator, so it is safe for concurrent use.
type Moderator struct {
	words phraseSet
}

// NewModerator returns a Moderator for words, the config's
// moderation.blocked_words, and with defaultLists also the shipped German and
// English lists. Entries match whole words, case-insensitively; an entry
// ending in * matches every word that begins with it ("scheiß*" blocks
// "Scheißladen"); an entry of several words matches them in sequence. The
// error names every bad entry, as blocked_words[2] "x": ….
func NewModerator(words []string, defaultLists bool) (*Moderator, error) {
	m := &Moderator{words: newPhraseSet(false)}
	var errs []error
	for i, w := range words {
		if err := m.words.add(w, true); err != nil {
			errs = append(errs, fmt.Errorf("blocked_words[%d] %q: %w", i, w, err))
		}
	}
	if defaultLists {
		for _, name := range []string{"words/de.txt", "words/en.txt"} {
			b, err := shippedLists.ReadFile(name)
			if err != nil {
				return nil, err // cannot happen: the files are embedded
			}
			for i, line := range strings.Split(string(b), "\n") {
				line = strings.TrimSpace(line)
				if line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				if err := m.words.add(line, true); err != nil {
					errs = append(errs, fmt.Errorf("%s:%d %q: %w", name, i+1, line, err))
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return m, nil
}

// Blocked reports whether text contains a blocked word.
func (m *Moderator) Blocked(text string) bool {
	blocked := false
	m.words.each(text, func(start, end int) bool {
		blocked = true
		return false
	})
	return blocked
}

// A phraseSet finds words and phrases in text: whole words, compared after
// Unicode case folding, so that "müller" finds "MÜLLER" but not
// "Müllerstraße". Blocked words and people's names share it.
type phraseSet struct {
	exact map[string][]phrase // by the folded first word
	// prefix holds the one-word prefix entries, folded and without *, by
	// their first three runes: every prefix has at least three letters.
	prefix map[string][]string
	// firsts holds the first rune, folded, of every entry.
	firsts map[rune]bool
	// genitive lets the last word also match with an "s" appended
	// ("Annas Beratung"), for names.
	genitive bool
}

// A phrase is one entry: its words folded, and whether the last word
// matches as a prefix.
type phrase struct {
	words  []string
	prefix bool
}

func newPhraseSet(genitive bool) phraseSet {
	return phraseSet{exact: map[string][]phrase{}, prefix: map[string][]string{}, firsts: map[rune]bool{}, genitive: genitive}
}

// add parses entry and adds it. Words are made of letters, digits and
// combining marks; between them only spaces, hyphens, apostrophes and dots.
func (ps *phraseSet) add(entry string, allowPrefix bool) error {
	s := strings.TrimSpace(entry)
	p := phrase{}
	if allowPrefix && strings.HasSuffix(s, "*") {
		p.prefix = true
		s = strings.TrimSpace(strings.TrimSuffix(s, "*"))
	}
	letters := 0
	var word []byte
	for _, r := range s {
		switch {
		case isWordRune(r):
			word = utf8.AppendRune(word, fold(r))
			if unicode.IsLetter(r) {
				letters++
			}
			continue
		case r == '*' && allowPrefix:
			return errors.New("* only at the end")
		case !isJoiner(r):
			return fmt.Errorf("unexpected %q: use letters, spaces, hyphens, apostrophes and dots", r)
		}
		if len(word) > 0 {
			p.words = append(p.words, string(word))
			word = word[:0]
		}
	}
	if len(word) > 0 {
		p.words = append(p.words, string(word))
	}
	switch {
	case len(p.words) == 0:
		return errors.New("empty")
	case letters < 2:
		return errors.New("needs at least 2 letters")
	case p.prefix && letters < 3:
		return errors.New("a prefix needs at least 3 letters")
	}
	first, _ := utf8.DecodeRuneInString(p.words[0])
	ps.firsts[first] = true
	if p.prefix && len(p.words) == 1 {
		key := head3(p.words[0])
		ps.prefix[key] = append(ps.prefix[key], p.words[0])
		return nil
	}
	ps.exact[p.words[0]] = append(ps.exact[p.words[0]], p)
	return nil
}

// each calls fn with the byte range of every match in text, left to right
// and without overlaps, until fn returns false. At a word where several
// entries match, the longest match wins.
func (ps *phraseSet) each(text string, fn func(start, end int) bool) {
	if len(ps.firsts) == 0 {
		return
	}
	var buf, scratch []byte
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		end := wordEnd(text, i+size)
		if ps.firsts[fold(r)] { // spares folding most words
			buf = appendFolded(buf[:0], text[i:end])
			if m := ps.matchAt(text, end, buf, &scratch); m > 0 {
				if !fn(i, m) {
					return
				}
				end = m
			}
		}
		i = end
	}
}

// matchAt returns the end of the longest entry that matches at the word
// folded into first, which ends at end in text; 0 if none does.
func (ps *phraseSet) matchAt(text string, end int, first []byte, scratch *[]byte) int {
	best := 0
	if ps.prefixMatch(first) {
		best = end
	}
	for _, p := range ps.exact[string(first)] {
		if len(p.words) == 1 {
			best = max(best, end)
		} else {
			best = max(best, ps.matchRest(text, end, p, scratch))
		}
	}
	if ps.genitive && len(first) > 1 && first[len(first)-1] == 's' {
		for _, p := range ps.exact[string(first[:len(first)-1])] {
			if len(p.words) == 1 {
				best = max(best, end)
			}
		}
	}
	return best
}

// prefixMatch reports whether a one-word prefix entry matches word.
func (ps *phraseSet) prefixMatch(word []byte) bool {
	for _, p := range ps.prefix[head3(string(word))] {
		if strings.HasPrefix(string(word), p) {
			return true
		}
	}
	return false
}

// head3 returns the first three runes of s.
func head3(s string) string {
	i := 0
	for range 3 {
		if i < len(s) {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
	}
	return s[:i]
}

// matchRest matches the words of p after its first, which ends at i in
// text, and returns where the match ends; 0 if it does not.
func (ps *phraseSet) matchRest(text string, i int, p phrase, scratch *[]byte) int {
	for k, want := range p.words[1:] {
		// At most three joiners, as in "Dr. Müller" or "Hans - Peter".
		j, n := skip(text, i, 3, isJoiner)
		if n == 0 || j == len(text) {
			return 0
		}
		if r, _ := utf8.DecodeRuneInString(text[j:]); !isWordRune(r) {
			return 0
		}
		end := wordEnd(text, j)
		got := appendFolded((*scratch)[:0], text[j:end])
		*scratch = got
		last := k == len(p.words)-2
		switch {
		case string(got) == want:
		case last && p.prefix && strings.HasPrefix(string(got), want):
		case last && ps.genitive && len(got) == len(want)+1 && got[len(want)] == 's' && string(got[:len(want)]) == want:
		default:
			return 0
		}
		i = end
	}
	return i
}

// wordEnd returns where the word that starts at i in text ends.
func wordEnd(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			break
		}
		i += size
	}
	return i
}

// skip passes over at most most runes from i in text for which ok is true,
// and returns where it stopped and how many it passed.
func skip(text string, i, most int, ok func(rune) bool) (end, n int) {
	for i < len(text) && n < most {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !ok(r) {
			break
		}
		i += size
		n++
	}
	return i, n
}

// isWordRune reports whether r belongs to a word: letters, digits and
// combining marks, so that "Müller" stays one word in either normal form.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isJoiner reports whether r may stand between the words of one entry.
func isJoiner(r rune) bool {
	switch r {
	case '-', '‐', '‑', '–', '\'', '’', '.':
		return true
	}
	return unicode.IsSpace(r)
}

// fold maps r to one representative of its case: "Ü", "ü" → "ü", "ẞ" → "ß".
func fold(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(unicode.ToUpper(r))
}

func appendFolded(dst []byte, s string) []byte {
	for _, r := range s {
		dst = utf8.AppendRune(dst, fold(r))
	}
	return dst
}
