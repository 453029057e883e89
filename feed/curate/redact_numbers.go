// Numbers that are personal data: phone numbers, card numbers (Luhn) and
// IBANs (mod-97).

package curate

import (
	"strings"
	"unicode/utf8"
)

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
				spans = append(spans, span{g[i][0], g[j][1], KindCard})
			} else if nr.phone(text, i, j) {
				spans = append(spans, span{nr.from(text, i, j), g[j][1], KindPhone})
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
			spans = append(spans, span{i, end, KindIBAN})
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
