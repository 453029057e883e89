package ingest

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/cxtv/cxtv/feed"
)

// How a score is recognised in text that is not just a number.
var (
	pollNumber   = regexp.MustCompile(`^[+-]?\d+(?:[.,]\d+)?$`)
	pollFraction = regexp.MustCompile(`(?i)(\d+(?:[.,]\d+)?)\s*(?:/|von|of|out of|aus)\s*(\d+)`)
	pollStarWord = regexp.MustCompile(`(?i)(\d+(?:[.,]\d+)?)\s*-?\s*(?:stars?|sternen?)\b`)
	// Google's review API rates with words.
	pollScoreWords = map[string]int{"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
		"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
)

// scoreOf reads a score from a value: a number, a word like FOUR, stars
// (★★★★☆), or a fraction of the scale's top ("4/5", "9 von 10"). With a
// score_pattern, its group is read instead of the whole value.
func (d *PollDecoder) scoreOf(s string, scale feed.Scale) (int, error) {
	s = strings.TrimSpace(s)
	if d.pattern != nil {
		m := d.pattern.FindStringSubmatch(s)
		if m == nil {
			return 0, fmt.Errorf("%q does not match score_pattern", clip(s))
		}
		s = strings.TrimSpace(m[1])
	}
	return scoreValue(s, scale)
}

func scoreValue(s string, scale feed.Scale) (int, error) {
	if pollNumber.MatchString(s) {
		return wholeNumber(s)
	}
	if n, ok := pollScoreWords[strings.ToLower(s)]; ok {
		return n, nil
	}
	if n, _, ok, err := scoreIn(s, scale); ok {
		return n, err
	}
	if m := pollFraction.FindStringSubmatch(s); m != nil {
		_, hi := scale.Range()
		return 0, fmt.Errorf("%q is out of %s, but the source's scale is %s (out of %d)", clip(s), m[2], scale, hi)
	}
	return 0, fmt.Errorf("%q is not a score", clip(s))
}

// scoreIn finds a score in free text, such as a review's title: stars, a
// fraction of the scale's top, or "4 Sterne". ok is false when there is
// none; span is where in s the score was written, to leave it out of the
// comment.
func scoreIn(s string, scale feed.Scale) (n int, span [2]int, ok bool, err error) {
	if filled, empty := countStars(s); filled+empty > 0 {
		if scale != feed.ScaleStars {
			return 0, span, true, fmt.Errorf("%q is stars, but the source's scale is %s", clip(s), scale)
		}
		return filled, span, true, nil // the stars themselves are removed from comments
	}
	_, hi := scale.Range()
	for _, m := range pollFraction.FindAllStringSubmatchIndex(s, -1) {
		// "am 24/11" is a date, not a score: only fractions of the top count.
		if den, err := strconv.Atoi(s[m[4]:m[5]]); err == nil && den == hi {
			n, err := wholeNumber(s[m[2]:m[3]])
			return n, [2]int{m[0], m[1]}, true, err
		}
	}
	if scale == feed.ScaleStars {
		if m := pollStarWord.FindStringSubmatchIndex(s); m != nil {
			n, err := wholeNumber(s[m[2]:m[3]])
			return n, [2]int{m[0], m[1]}, true, err
		}
	}
	return 0, span, false, nil
}

// countStars counts filled (★ ⭐) and empty (☆) star symbols.
func countStars(s string) (filled, empty int) {
	for _, r := range s {
		switch r {
		case '★', '⭐':
			filled++
		case '☆':
			empty++
		}
	}
	return filled, empty
}

// wholeNumber reads "4", "4.0" or "4,0"; "4.5" is refused rather than
// rounded, because rounding would change what the customer said.
func wholeNumber(s string) (int, error) {
	n, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil || math.Abs(n) > 1e6 {
		return 0, fmt.Errorf("%q is not a score", clip(s))
	}
	if n != math.Trunc(n) {
		return 0, fmt.Errorf("%s is not a whole number", s)
	}
	return int(n), nil
}

// singleLine tidies a one-line field: valid UTF-8, control characters and
// runs of white space as one space, at most max characters.
func singleLine(s string, max int) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if utf8.RuneCountInString(s) > max {
		s = strings.TrimRightFunc(string([]rune(s)[:max]), unicode.IsSpace)
	}
	return s
}

// multiLine tidies a comment: valid UTF-8, no control characters, each line
// with single spaces, no blank lines, and cut at a word with … to at most
// max characters. It is idempotent, so a stored comment reads back as is.
func multiLine(s string, max int) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
	var lines []string
	for line := range strings.SplitSeq(s, "\n") {
		if line = singleLine(line, math.MaxInt); line != "" {
			lines = append(lines, line)
		}
	}
	s = strings.Join(lines, "\n")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max-1]
	// Back up to the last space, unless that loses much.
	for i := len(r) - 1; i > len(r)-40 && i > 0; i-- {
		if unicode.IsSpace(r[i]) {
			r = r[:i]
			break
		}
	}
	return strings.TrimRightFunc(string(r), unicode.IsSpace) + "…"
}

// normLanguage turns "de-DE" or "EN_us" into "de" or "en"; anything that is
// not a language code is dropped.
func normLanguage(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	if n := len(s); n < 2 || n > 3 || strings.ContainsFunc(s, func(r rune) bool { return r < 'a' || r > 'z' }) {
		return ""
	}
	return s
}

// plainText removes the markup of an HTML fragment, keeping paragraphs
// and line breaks as line breaks and decoding entities.
func plainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	hidden := 0 // inside script or style
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if hidden == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if tt == html.StartTagToken {
					hidden++
				} else if tt == html.EndTagToken && hidden > 0 {
					hidden--
				}
			case "br", "p", "div", "li", "tr", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6":
				b.WriteByte('\n')
			case "td", "th", "img", "hr", "dd", "dt":
				b.WriteByte(' ')
			}
		}
	}
}

// scrubNames blanks the reviewer's own name out of a comment: feeds often
// sign a review or title it "Bewertung von Anna Schmidt", and names must
// not reach a public screen. Each name is removed whole and by its parts of
// three letters or more.
func scrubNames(text string, names []string) string {
	var words []string
	for _, n := range names {
		n = singleLine(n, 200)
		if strings.Contains(n, "@") {
			continue // an e-mail address; curate redacts those
		}
		if utf8.RuneCountInString(n) >= 2 {
			words = append(words, n)
		}
		for part := range strings.FieldsFuncSeq(n, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if utf8.RuneCountInString(part) >= 3 {
				words = append(words, part)
			}
		}
	}
	if len(words) == 0 {
		return text
	}
	// Longest first, so that the whole name goes before its parts.
	slices.SortFunc(words, func(a, b string) int { return len(b) - len(a) })
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	re := regexp.MustCompile(`(?i)(^|[^\pL\pN])(?:` + strings.Join(words, "|") + `)([^\pL\pN]|$)`)
	// A match takes the character after it, so a name right after another
	// is found by the next pass.
	for range 3 {
		next := re.ReplaceAllString(text, "${1}…${2}")
		if next == text {
			break
		}
		text = next
	}
	return text
}

// clip shortens s for an error message.
func clip(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		return string([]rune(s)[:59]) + "…"
	}
	return s
}
