// Dates of birth.

package curate

import (
	"strings"
	"unicode/utf8"
)

// birthCues are the words near a date of birth. A birthday may be given
// without a year.
var birthCues = map[string]bool{
	"geboren": true, "geb": true, "geburtsdatum": true, "geburtstag": true, "born": true,
	"dob": true, "birthday": true, "birthdate": true, "geburtsjahr": false,
}

// birthWindow is how far, in bytes, a date may stand from its cue.
const birthWindow = 40

// birthDates appends a date near a word such as "geboren", "geb.",
// "Geburtsdatum", "born", "DOB" or "date of birth": the first one after it,
// or else the last one before it, in the same sentence.
func birthDates(text string, words []word, spans []span) []span {
	var buf [16]byte
	i := 0 // text[:i] is done
	for _, wd := range words {
		start, end := wd.start, wd.end
		if start < i {
			continue
		}
		i = end
		if c := text[start] | 0x20; end-start > len(buf) || c != 'g' && c != 'b' && c != 'd' || !isASCIILetter(text[start]) {
			continue
		}
		w := appendLower(buf[:0], text[start:end])
		yearless := false
		switch {
		case birthCues[string(w)]:
			yearless = string(w) == "geburtstag" || string(w) == "birthday"
			if string(w) == "geb" && (end >= len(text) || text[end] != '.' && text[end] != ':') {
				continue
			}
		case string(w) == "birth":
			// "date of birth", "birth date", "D.O.B."
		case string(w) == "d" && strings.HasPrefix(strings.ToLower(text[end:]), ".o.b"):
			end += 4
		default:
			continue
		}
		if s, e := dateNear(text, start, end, yearless); e > 0 && !overlaps(spans, s, e) {
			spans = append(spans, span{s, e, KindBirthDate})
		}
	}
	return spans
}

// dateNear returns the date nearest after the cue text[start:end], or the
// nearest before it, within birthWindow and the same sentence.
func dateNear(text string, start, end int, yearless bool) (int, int) {
	hi := min(len(text), end+birthWindow)
	if k := strings.IndexAny(text[end:hi], "!?;\n"); k >= 0 {
		hi = end + k
	}
	for j := end; j < hi; j++ {
		if e := dateAt(text, j, yearless); e > 0 {
			return j, e
		}
	}
	lo := max(0, start-birthWindow)
	if k := strings.LastIndexAny(text[lo:start], "!?;\n"); k >= 0 {
		lo += k + 1
	}
	best, bestEnd := 0, 0
	for j := lo; j < start; j++ {
		if e := dateAt(text, j, yearless); e > 0 && e <= start {
			best, bestEnd = j, e
			j = e
		}
	}
	return best, bestEnd
}

// months are the names of months and their abbreviations, German and
// English, folded.
var months = map[string]bool{
	"januar": true, "jänner": true, "jan": true, "februar": true, "feb": true, "märz": true,
	"maerz": true, "mär": true, "april": true, "apr": true, "mai": true, "juni": true,
	"jun": true, "juli": true, "jul": true, "august": true, "aug": true, "september": true,
	"sep": true, "sept": true, "oktober": true, "okt": true, "november": true, "nov": true,
	"dezember": true, "dez": true, "january": true, "february": true, "march": true,
	"mar": true, "may": true, "june": true, "july": true, "october": true, "oct": true,
	"december": true, "dec": true,
}

// dateAt returns the end of the date that starts at i, or 0: "12.03.1980",
// "12.3.80", "1980-03-12", "03/12/1980", "12. März 1980", "12th March
// 1980", "March 12, 1980"; "12.03." only when yearless.
func dateAt(text string, i int, yearless bool) int {
	if isWordRune(runeBefore(text, i)) {
		return 0
	}
	if isDigit(text[i]) {
		return numericDate(text, i, yearless)
	}
	if !isASCIILetter(text[i]) {
		return 0
	}
	// "March 12, 1980"
	we := wordEnd(text, i)
	if !isMonth(text[i:we]) {
		return 0
	}
	j := we
	if j < len(text) && text[j] == '.' {
		j++
	}
	j += blanksAfter(text[j:])
	d := runOf(text, j, isDigit)
	if d == 0 || d > 2 {
		return 0
	}
	j += d
	for _, suffix := range [...]string{"st", "nd", "rd", "th"} {
		if strings.HasPrefix(text[j:], suffix) {
			j += 2
			break
		}
	}
	if y := yearAfter(text, j); y > 0 {
		return y
	}
	if yearless && !isWordRuneAt(text, j) {
		return j
	}
	return 0
}

func isMonth(word string) bool {
	var buf [12]byte
	return len(word) <= len(buf) && months[string(appendLower(buf[:0], word))]
}

// numericDate reads the date of digits at i: day, month and year with
// dots, slashes or hyphens; the year first with hyphens; or a day and a
// month name.
func numericDate(text string, i int, yearless bool) int {
	n := runOf(text, i, isDigit)
	if n == 4 { // 1980-03-12
		j := i + 4
		if j+5 < len(text) && text[j] == '-' && runOf(text, j+1, isDigit) == 2 && text[j+3] == '-' && runOf(text, j+4, isDigit) == 2 && !isWordRuneAt(text, j+6) {
			return j + 6
		}
		return 0
	}
	if n > 2 {
		return 0
	}
	j := i + n
	if j >= len(text) {
		return 0
	}
	sep := text[j]
	switch sep {
	case '.', '/', '-':
		m := runOf(text, j+1, isDigit)
		if m == 0 || m > 2 {
			if sep == '.' { // "12. März 1980"
				return monthNameDate(text, j+1, yearless)
			}
			return 0
		}
		k := j + 1 + m
		if k+1 < len(text) && text[k] == sep && isDigit(text[k+1]) {
			y := runOf(text, k+1, isDigit)
			if (y == 2 || y == 4) && !isWordRuneAt(text, k+1+y) {
				return k + 1 + y
			}
			return 0
		}
		if yearless && sep == '.' && k < len(text) && text[k] == '.' && !isWordRuneAt(text, k+1) {
			return k + 1
		}
		return 0
	case ' ': // "12 March 1980"
		return monthNameDate(text, j, yearless)
	}
	for _, suffix := range [...]string{"st", "nd", "rd", "th"} { // "12th March 1980"
		if strings.HasPrefix(text[j:], suffix) {
			return monthNameDate(text, j+2, yearless)
		}
	}
	return 0
}

// monthNameDate reads " März 1980" or " of March 1980" at i.
func monthNameDate(text string, i int, yearless bool) int {
	j := i + blanksAfter(text[i:])
	if strings.HasPrefix(text[j:], "of ") {
		j += 3
	}
	if j >= len(text) || !isASCIILetter(text[j]) && !strings.HasPrefix(text[j:], "Mä") {
		return 0
	}
	we := wordEnd(text, j)
	if !isMonth(text[j:we]) {
		return 0
	}
	if we < len(text) && text[we] == '.' {
		we++
	}
	if y := yearAfter(text, we); y > 0 {
		return y
	}
	if yearless {
		return we
	}
	return 0
}

// yearAfter returns the end of a year of 4 digits after ", " or " " at i,
// or 0.
func yearAfter(text string, i int) int {
	j := i
	if j < len(text) && text[j] == ',' {
		j++
	}
	j += blanksAfter(text[j:])
	if j == i || runOf(text, j, isDigit) != 4 || isWordRuneAt(text, j+4) {
		return 0
	}
	if r, _ := utf8.DecodeRuneInString(text[j:]); r != '1' && r != '2' {
		return 0
	}
	return j + 4
}
