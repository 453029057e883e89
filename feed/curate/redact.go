package curate

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mark replaces every piece of personal data.
const Mark = "[…]"

// maxPasses bounds how often Redact looks. One pass can expose more: in
// "x@y.de0171 1234567@anna" the number stands alone only once the address is
// gone, and the handle once the number is. No chain is longer than that, so
// the fourth pass finds nothing.
const maxPasses = 4

var (
	emailRE = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}`)
	// "anna (at) firma.de", "anna[at]firma[punkt]de".
	hiddenEmailRE = regexp.MustCompile(`(?i)[\p{L}\p{N}._%+\-]+ ?[(\[{] ?(?:at|ät) ?[)\]}] ?[\p{L}\p{N}\-]+(?: ?(?:\.|[(\[{] ?(?:dot|punkt) ?[)\]}]) ?[\p{L}\p{N}\-]+)+`)
	urlRE         = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s\p{Z}<>"\[\]]+`)
)

// Redactor replaces personal data in comments with Mark: e-mail addresses,
// telephone, card and bank account numbers (IBAN), URLs, @handles and
// configured names. It never changes after NewRedactor, so it is safe for
// concurrent use.
//
// What stays: prices, dates, times, counts, years, percentages, postcodes
// ("10115 Berlin": a postcode alone names no one), version numbers, "24/7".
// A number counts as a telephone number when it is written like one and has
// at least 7 digits: with a leading 0 and an area code ("0171 1234567",
// "030/12345678", "(030) 1234567"), or international ("+49 (0)30 123456-78",
// "0049 30 1234567", "+1 (415) 555-2671"). A run of 13 to 19 digits, in
// groups or not, is a card number when it passes the Luhn check; an IBAN
// must pass its mod-97 check.
type Redactor struct {
	names phraseSet
}

// NewRedactor returns a Redactor that also hides names, such as the config's
// moderation.names. A name matches as whole words, ignoring case: "Müller"
// hides "müller", "MÜLLER", the genitive "Müllers" and the "Müller" of
// "Müller-Lüdenscheidt", but not "Müllerstraße", which is another word. The
// words of a name like "Anna Schmidt" match with any spaces, hyphens or dots
// between them, and only together: list "Schmidt" as well to hide it alone.
// The error names every bad entry, as names[1] "A": ….
func NewRedactor(names []string) (*Redactor, error) {
	r := &Redactor{names: newPhraseSet(true)}
	var errs []error
	for i, n := range names {
		if err := r.names.add(n, false); err != nil {
			errs = append(errs, fmt.Errorf("names[%d] %q: %w", i, n, err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r, nil
}

// Redact returns text with every piece of personal data replaced by Mark,
// and how many it replaced. Pieces separated only by spaces become one Mark,
// and so does a piece with a Mark beside it.
func (r *Redactor) Redact(text string) (string, int) {
	total := 0
	var spans []span
	for range maxPasses {
		spans = r.find(text, spans[:0])
		if len(spans) == 0 {
			break
		}
		var n int
		text, n = replace(text, spans)
		total += n
	}
	return text, total
}

// A span is the byte range of one piece of personal data.
type span struct{ start, end int }

// find appends the spans of personal data in text, in no order and possibly
// overlapping.
func (r *Redactor) find(text string, spans []span) []span {
	if strings.IndexByte(text, '@') >= 0 {
		spans = emails(text, spans)
		spans = handles(text, spans)
	}
	if hasHiddenAt(text) {
		for _, m := range hiddenEmailRE.FindAllStringIndex(text, -1) {
			spans = append(spans, span{m[0], m[1]})
		}
	}
	if strings.Contains(text, "://") || hasWWW(text) {
		spans = urls(text, spans)
	}
	if strings.ContainsAny(text, "0123456789") {
		spans = numbers(text, spans)
		spans = ibans(text, spans)
	}
	r.names.each(text, func(start, end int) bool {
		spans = append(spans, span{start, end})
		return true
	})
	return spans
}

// replace writes Mark over spans and returns the result and the number of
// pieces: overlapping and touching spans are one piece.
func replace(text string, spans []span) (string, int) {
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	pieces := spans[:1]
	for _, s := range spans[1:] {
		if last := &pieces[len(pieces)-1]; s.start <= last.end {
			last.end = max(last.end, s.end)
			continue
		}
		pieces = append(pieces, s)
	}
	var b strings.Builder
	b.Grow(len(text))
	done := 0 // text[:done] is written
	for k := 0; k < len(pieces); k++ {
		start, end := pieces[k].start, pieces[k].end
		for { // join what follows across blanks: the next piece, or a Mark
			next := end + blanksAfter(text[end:])
			if k+1 < len(pieces) && pieces[k+1].start == next {
				k++
				end = pieces[k].end
			} else if strings.HasPrefix(text[next:], Mark) {
				end = next + len(Mark)
			} else {
				break
			}
		}
		for { // and a Mark before it
			p := start - blanksBefore(text[done:start])
			if !strings.HasSuffix(text[done:p], Mark) {
				break
			}
			start = p - len(Mark)
		}
		b.WriteString(text[done:start])
		b.WriteString(Mark)
		done = end
	}
	b.WriteString(text[done:])
	return b.String(), len(pieces)
}

func isBlank(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u202f'
}

// blanksAfter returns the length of the blanks s begins with.
func blanksAfter(s string) int { return len(s) - len(strings.TrimLeftFunc(s, isBlank)) }

// blanksBefore returns the length of the blanks s ends with.
func blanksBefore(s string) int { return len(s) - len(strings.TrimRightFunc(s, isBlank)) }

// runeBefore returns the rune that ends text[:i], or a space at the start.
func runeBefore(text string, i int) rune {
	if i == 0 {
		return ' '
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return r
}

// emails appends e-mail addresses. As an address cannot hold a space, the
// regexp only reads the words with an @ in them: they are few, and it is slow.
func emails(text string, spans []span) []span {
	for i := 0; i < len(text); {
		at := strings.IndexByte(text[i:], '@')
		if at < 0 {
			break
		}
		at += i
		start := i
		if k := strings.LastIndexFunc(text[i:at], unicode.IsSpace); k >= 0 {
			_, size := utf8.DecodeRuneInString(text[i+k:])
			start = i + k + size
		}
		end := len(text)
		if k := strings.IndexFunc(text[at:], unicode.IsSpace); k >= 0 {
			end = at + k
		}
		for _, m := range emailRE.FindAllStringIndex(text[start:end], -1) {
			spans = append(spans, span{start + m[0], start + m[1]})
		}
		i = end
	}
	return spans
}

// handles appends @handles: "@anna_s", "@Müller.Team". An @ right after a
// word or an address character belongs to an e-mail address; "@ 12 Uhr" and
// "@12" name no one.
func handles(text string, spans []span) []span {
	for i := 0; i < len(text); i++ {
		if text[i] != '@' {
			continue
		}
		if prev := runeBefore(text, i); isWordRune(prev) || strings.ContainsRune("._%+-@", prev) {
			continue
		}
		end, runes, letters := i+1, 0, 0
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if !isWordRune(r) && r != '_' && r != '.' {
				break
			}
			if isWordRune(r) && !('0' <= r && r <= '9') {
				letters++
			}
			end += size
			runes++
		}
		for end > i+1 && text[end-1] == '.' {
			end--
			runes--
		}
		if runes >= 2 && letters > 0 {
			spans = append(spans, span{i, end})
			i = end - 1
		}
	}
	return spans
}

// hasHiddenAt reports whether text has "at)", "AT]", "ät}" or the like,
// which hiddenEmailRE needs: a cheap test spares most texts that regexp.
func hasHiddenAt(text string) bool {
	for i := 2; i < len(text); i++ {
		if c := text[i]; c != ')' && c != ']' && c != '}' {
			continue
		}
		s := strings.TrimSuffix(text[:i], " ")
		if n := len(s); n >= 2 && s[n-1]|0x20 == 't' && (s[n-2]|0x20 == 'a' || strings.HasSuffix(s[:n-1], "ä") || strings.HasSuffix(s[:n-1], "Ä")) {
			return true
		}
	}
	return false
}

func hasWWW(text string) bool {
	for i := 0; i+4 <= len(text); i++ {
		if text[i]|0x20 == 'w' && text[i+1]|0x20 == 'w' && text[i+2]|0x20 == 'w' && text[i+3] == '.' {
			return true
		}
	}
	return false
}

// urls appends web addresses without the punctuation that ends the
// sentence around them.
func urls(text string, spans []span) []span {
	for _, m := range urlRE.FindAllStringIndex(text, -1) {
		end := m[1]
		for end > m[0] {
			r, size := utf8.DecodeLastRuneInString(text[m[0]:end])
			if !strings.ContainsRune(".,;:!?'\")]}»«“”„’…", r) {
				break
			}
			end -= size
		}
		body := text[m[0]:end]
		body = body[strings.IndexAny(body, "/.")+1:] // after "http:" or "www."
		if strings.IndexFunc(body, isWordRune) >= 0 {
			spans = append(spans, span{m[0], end})
		}
	}
	return spans
}

// A numberRun is digit groups with the separators telephone and card numbers
// are written with: "+49 (0)30 123456-78", "4111-1111-1111-1111".
type numberRun struct {
	start  int      // at the "+" or "(" before the first group, if any
	plus   bool     // a "+" stands before the first group
	open   bool     // a "(" stands before the first group
	groups [][2]int // byte ranges of the digit groups
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// isNumberSep reports whether r may stand between the digit groups of a
// number; at most three of them do.
func isNumberSep(r rune) bool {
	switch r {
	case ' ', '\t', '\u00a0', '\u202f', '-', '‐', '‑', '–', '/', '.', '(', ')':
		return true
	}
	return false
}

// numbers appends card and telephone numbers.
func numbers(text string, spans []span) []span {
	var run numberRun
	for i := 0; i < len(text); {
		if c := text[i]; (isDigit(c) || c == '+' || c == '(') && run.scan(text, i) {
			spans = run.spans(text, spans)
			i = run.groups[len(run.groups)-1][1]
			continue
		}
		i++ // no byte of a multi-byte rune is an ASCII digit, + or (
	}
	return spans
}

// scan reads the run that starts at i, and reports whether there is one: a
// digit, "+" or "(" that does not continue a word.
func (nr *numberRun) scan(text string, i int) bool {
	*nr = numberRun{start: i, groups: nr.groups[:0]}
	j := i
	if text[j] == '+' {
		nr.plus = true
		j++
	}
	if j < len(text) && text[j] == '(' {
		nr.open = true
		j++
	}
	if j >= len(text) || !isDigit(text[j]) || isWordRune(runeBefore(text, i)) {
		return false
	}
	for {
		k := j
		for k < len(text) && isDigit(text[k]) {
			k++
		}
		nr.groups = append(nr.groups, [2]int{j, k})
		s, n := skip(text, k, 3, isNumberSep)
		if n == 0 || s >= len(text) || !isDigit(text[s]) {
			return true
		}
		j = s
	}
}

// spans appends the card and telephone numbers in the run: from each group,
// left to right, the longest stretch that reads as one. "0171 1234567 3 Mal"
// thus loses its number but keeps the 3.
func (nr *numberRun) spans(text string, spans []span) []span {
	g := nr.groups
	for i := 0; i < len(g); i++ {
		last, digits := i-1, 0
		for j := i; j < len(g) && digits+g[j][1]-g[j][0] <= 20; j++ {
			digits += g[j][1] - g[j][0]
			last = j
		}
		for j := last; j >= i; j-- {
			if nr.card(text, i, j) {
				spans = append(spans, span{g[i][0], g[j][1]})
			} else if nr.phone(text, i, j) {
				spans = append(spans, span{nr.from(text, i, j), g[j][1]})
			} else {
				continue
			}
			i = j
			break
		}
	}
	return spans
}

// sep returns the separator before group k > 0.
func (nr *numberRun) sep(text string, k int) string {
	return text[nr.groups[k-1][1]:nr.groups[k][0]]
}

// openBefore reports whether a "(" stands right before group k.
func (nr *numberRun) openBefore(text string, k int) bool {
	if k == 0 {
		return nr.open
	}
	return strings.HasSuffix(nr.sep(text, k), "(")
}

// enclosed reports whether group k stands in parentheses within groups up
// to j.
func (nr *numberRun) enclosed(text string, k, j int) bool {
	return nr.openBefore(text, k) && k < j && strings.HasPrefix(nr.sep(text, k+1), ")")
}

// from returns where a telephone number of groups i to j begins.
func (nr *numberRun) from(text string, i, j int) int {
	switch {
	case i == 0 && nr.plus:
		return nr.start
	case nr.enclosed(text, i, j):
		return nr.groups[i][0] - 1
	}
	return nr.groups[i][0]
}

// card reports whether groups i to j, joined by single spaces or hyphens,
// are 13 to 19 digits that pass the Luhn check.
func (nr *numberRun) card(text string, i, j int) bool {
	if i == 0 && nr.plus {
		return false // "+4915112345678" is a telephone number
	}
	g := nr.groups
	digits := 0
	for k := i; k <= j; k++ {
		if k > i {
			sep := nr.sep(text, k)
			r, size := utf8.DecodeRuneInString(sep)
			if size != len(sep) || !isBlank(r) && r != '-' {
				return false
			}
		}
		digits += g[k][1] - g[k][0]
	}
	if digits < 13 || digits > 19 {
		return false
	}
	sum, double := 0, false
	for k := j; k >= i; k-- {
		for p := g[k][1] - 1; p >= g[k][0]; p-- {
			d := int(text[p] - '0')
			if double {
				if d *= 2; d > 9 {
					d -= 9
				}
			}
			sum += d
			double = !double
		}
	}
	return sum%10 == 0
}

// phone reports whether groups i to j read as a telephone number with at
// least 7 digits: international ("+44 20 7946 0958", "0049 30 1234567",
// "+49 (0)30 123456-78"), with the area code in parentheses ("(030)
// 1234567", "(415) 555-2671"), or national with a leading 0 and an area code
// of at least 3 digits ("0171 1234567", "030/12345678"), which keeps dates
// like "03/05/2026" out.
func (nr *numberRun) phone(text string, i, j int) bool {
	g := nr.groups
	for k := i; k <= j; k++ {
		// Parentheses enclose one group near the start: an area code or
		// the trunk 0 in "+49 (0)30". A "(" before the first group that
		// is never closed is ignored.
		in := nr.enclosed(text, k, j)
		if in && k > i+1 || !in && k > i && (nr.openBefore(text, k) || k < j && strings.HasPrefix(nr.sep(text, k+1), ")")) {
			return false
		}
	}
	first := text[g[i][0]:g[i][1]]
	plus := i == 0 && nr.plus
	intl := plus || len(first) > 2 && first[:2] == "00" && first[2] != '0'
	digits := 0
	for k := i; k <= j; k++ {
		n := g[k][1] - g[k][0]
		if k > i {
			trunk := n == 1 && text[g[k][0]] == '0' && nr.enclosed(text, k, j)
			if trunk && intl && k == i+1 {
				continue
			}
			// A lone digit after a space is more likely a count than part
			// of the number, unless it is an area code after the country
			// code ("+33 1 23 45 67 89"); after a hyphen, an extension.
			if n == 1 && !trunk && !(intl && k == i+1) && strings.Trim(nr.sep(text, k), " \t\u00a0\u202f") == "" {
				return false
			}
		}
		digits += n
	}
	switch {
	case intl:
		if !plus {
			digits -= 2 // the "00"
		}
		return 7 <= digits && digits <= 15
	case nr.enclosed(text, i, j):
		return len(first) <= 6 && (first[0] == '0' || len(first) == 3) && 7 <= digits && digits <= 15
	case len(first) > 1 && first[0] == '0' && first[1] != '0':
		return (j == i || len(first) >= 3) && 7 <= digits && digits <= 15
	}
	return false
}

// ibans appends bank account numbers: "DE89 3704 0044 0532 0130 00", with
// or without spaces, in either case.
func ibans(text string, spans []span) []span {
	for i := 0; i+4 <= len(text); i++ {
		if !isASCIILetter(text[i]) || !isASCIILetter(text[i+1]) || !isDigit(text[i+2]) || !isDigit(text[i+3]) ||
			isWordRune(runeBefore(text, i)) {
			continue
		}
		if end := iban(text, i); end > 0 {
			spans = append(spans, span{i, end})
			i = end - 1
		}
	}
	return spans
}

// iban returns the end of the longest IBAN that starts at i in text, or 0.
// Its groups are separated by single spaces, so the longest candidate may
// run on into the next words; shorter ones are tried too.
func iban(text string, i int) int {
	var buf [34]byte
	var endAt [len(buf) + 1]int // endAt[n]: where a candidate of n characters ends
	n, j := 0, i
	for {
		for j < len(text) && n < len(buf) && isAlnum(text[j]) {
			buf[n] = text[j]
			if isASCIILetter(text[j]) {
				buf[n] &^= 0x20 // upper case
			}
			n++
			j++
		}
		if j < len(text) {
			if r, _ := utf8.DecodeRuneInString(text[j:]); isWordRune(r) {
				break // longer than 34, or "ä" goes on
			}
		}
		endAt[n] = j
		if j+1 < len(text) && text[j] == ' ' && isAlnum(text[j+1]) {
			j++
			continue
		}
		break
	}
	for m := n; m >= 15; m-- {
		if endAt[m] > 0 && validIBAN(buf[:m]) {
			return endAt[m]
		}
	}
	return 0
}

func isASCIILetter(b byte) bool { return 'a' <= b|0x20 && b|0x20 <= 'z' }

func isAlnum(b byte) bool { return isASCIILetter(b) || isDigit(b) }

// validIBAN checks the country letters, check digits and mod-97 of s, an
// IBAN in upper case without spaces.
func validIBAN(s []byte) bool {
	if len(s) < 15 || len(s) > 34 || !isASCIILetter(s[0]) || !isASCIILetter(s[1]) || !isDigit(s[2]) || !isDigit(s[3]) {
		return false
	}
	if check := (s[2]-'0')*10 + s[3] - '0'; check < 2 || check > 98 {
		return false
	}
	m := 0
	for k := range s {
		c := s[(k+4)%len(s)] // the first four go last
		if isDigit(c) {
			m = (m*10 + int(c-'0')) % 97
		} else {
			m = (m*100 + int(c-'A') + 10) % 97
		}
	}
	return m == 1
}
