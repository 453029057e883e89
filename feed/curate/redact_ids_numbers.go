// Unlabelled identifiers: long digit runs, tax ids and social-insurance
// numbers, and the digit groups they are read from.

package curate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// digitGroups are the digit groups of one number and what separates them.
type digitGroups struct {
	n      int     // groups
	len    [8]int8 // digits of the first 8 groups
	year   [8]bool // the group starts with 19 or 20
	first  int     // where the first starts
	digits int     // all digits
	spaced bool    // a blank separates two groups
	letter bool    // a letter stands among the groups
	dotted bool    // only dots separate the groups
}

// groupsOf returns the digit groups in text[i:end].
func groupsOf(text string, i, end int) digitGroups {
	g := digitGroups{first: i, dotted: true}
	inGroup := false
	for j := i; j < end; j++ {
		c := text[j]
		if isDigit(c) {
			if !inGroup {
				g.n++
				if g.n <= len(g.year) && j+1 < end {
					g.year[g.n-1] = c == '1' && text[j+1] == '9' || c == '2' && text[j+1] == '0'
				}
			}
			inGroup = true
			if g.n <= len(g.len) {
				g.len[g.n-1]++
			}
			g.digits++
			continue
		}
		inGroup = false
		g.spaced = g.spaced || c == ' '
		g.letter = g.letter || isASCIILetter(c)
		g.dotted = g.dotted && c == '.'
	}
	return g
}

// dateLike reports whether the groups read as a date, a time or a range of
// them: groups of at most 2 digits and years of 4 (19xx, 20xx), not
// separated by blanks.
func (g digitGroups) dateLike() bool {
	if g.n < 2 || g.spaced || g.letter || g.n > len(g.len) {
		return false
	}
	for k := range g.n {
		if l := g.len[k]; l > 2 && (l != 4 || !g.year[k]) {
			return false
		}
	}
	return true
}

// wide reports whether every group has 3 digits or more (the last 2 or
// more), and not every group is a year.
func (g digitGroups) wide() bool {
	if g.n > len(g.len) {
		return false
	}
	years := true
	for k := range g.n {
		if l := g.len[k]; l < 2 || l == 2 && k < g.n-1 {
			return false
		}
		years = years && g.len[k] == 4 && g.year[k]
	}
	return !years
}

// thousands reports whether the groups are one number with thousands dots:
// "2.000.000".
func (g digitGroups) thousands() bool {
	if g.n < 2 || !g.dotted || g.n > len(g.len) || g.len[0] > 3 {
		return false
	}
	for k := 1; k < g.n; k++ {
		if g.len[k] != 3 {
			return false
		}
	}
	return true
}

// amountAround reports whether the number text[start:end] is an amount, a
// percentage or a time: a currency or "%" beside it, "Preis" before it,
// "Uhr" after it, or decimals after a comma.
func amountAround(text string, start, end int) bool {
	after := strings.TrimLeftFunc(text[end:], isBlank)
	if len(after) > 1 && after[0] == ',' && isDigit(after[1]) && len(after) == len(text[end:]) {
		return true
	}
	for _, unit := range [...]string{"€", "$", "£", "%", "‰", "eur", "euro", "chf", "usd", "gbp", "prozent", "percent", "uhr", "cent", "ct"} {
		if len(after) >= len(unit) && strings.EqualFold(after[:len(unit)], unit) {
			if r, _ := utf8.DecodeRuneInString(after[len(unit):]); !isWordRune(r) || unit[0] >= utf8.RuneSelf || !isASCIILetter(unit[0]) {
				return true
			}
		}
	}
	before := strings.TrimRightFunc(text[:start], isBlank)
	for _, unit := range [...]string{"€", "$", "£", "eur", "chf", "usd", "gbp"} {
		if len(before) >= len(unit) && strings.EqualFold(before[len(before)-len(unit):], unit) {
			return true
		}
	}
	var buf [16]byte
	w, _ := wordBefore(text, start, buf[:0])
	switch string(w) {
	case "preis", "price", "betrag", "summe", "kosten", "costs", "gesamt", "total":
		return true
	}
	return false
}

// notPersonal lists words before a number that say it names a thing, a
// place in a building or a version rather than a person.
var notPersonal = map[string]bool{
	"artikel": true, "art": true, "artnr": true, "artikelnummer": true, "produkt": true,
	"produktnummer": true, "sku": true, "ean": true, "gtin": true, "isbn": true, "pzn": true,
	"modell": true, "model": true, "item": true, "product": true, "typ": true, "type": true,
	"tisch": true, "table": true, "gate": true, "gleis": true, "platform": true, "bahnsteig": true,
	"kasse": true, "version": true, "v": true, "app": true, "ios": true, "android": true,
	"update": true, "build": true, "firmware": true, "release": true, "windows": true,
	"seite": true, "page": true, "filiale": true, "plz": true, "kw": true,
}

// longNumbers appends runs of at least 8 digits, in groups or not, that no
// other rule took and that are not amounts, dates, times, versions or
// product codes; an 11-digit run that passes the check of a tax id is one.
func longNumbers(text string, spans []span) []span {
	var buf [24]byte
	for i := 0; i < len(text); {
		if !isDigit(text[i]) || i > 0 && isDigit(text[i-1]) {
			i++
			continue
		}
		start, end := i, numberEnd(text, i, false)
		g := groupsOf(text, start, end)
		if e := numberEnd(text, i, true); e > end {
			// Blanks join groups of 3 digits or more (the last 2) into one number of 10
			// or more ("7788 1203 3391", a card number failing Luhn), and
			// a tax id ("12 345 678 901"); counts and years side by side
			// stay apart.
			if t := groupsOf(text, start, e); t.digits >= 10 && t.wide() {
				end, g = e, t
			} else if e := numberEnd(text[:min(len(text), i+len("12 345 678 901"))], i, true); e > end {
				if t := groupsOf(text, start, e); t.digits == 11 && validTaxID(text[start:e]) {
					end, g = e, t
				}
			}
		}
		i = end
		if g.digits < 8 || g.dateLike() || g.thousands() {
			continue
		}
		// A code such as "AB12345678" or "12345678X" is redacted whole.
		for start > 0 && isAlnum(text[start-1]) {
			start--
		}
		for end < len(text) && isAlnum(text[end]) {
			end++
		}
		if r, _ := utf8.DecodeRuneInString(text[end:]); isWordRune(r) {
			continue
		}
		if runeBefore(text, start) == '+' || isWordRune(runeBefore(text, start)) || overlaps(spans, start, end) || amountAround(text, start, end) {
			continue
		}
		w, ws := wordBefore(text, start, buf[:0])
		if labelNouns[string(w)] || string(w) == "nummer" {
			w, _ = wordBefore(text, ws, buf[:0])
		}
		if notPersonal[string(w)] {
			continue
		}
		kind := KindLongNumber
		if g.digits == 11 && start == g.first && validTaxID(text[start:end]) {
			kind = KindTaxID
		}
		spans = append(spans, span{start, end, kind})
	}
	return spans
}

// numberEnd returns where the digit groups that start at i end: groups
// separated by one "-", "–", "/" or ".", or with blanks by one blank.
func numberEnd(text string, i int, blanks bool) int {
	for {
		i += runOf(text, i, isDigit)
		r, size := utf8.DecodeRuneInString(text[i:])
		if i+size < len(text) && isDigit(text[i+size]) && (blanks && (r == ' ' || r == '\u00a0') || r == '-' || r == '–' || r == '/' || r == '.') {
			i += size
			continue
		}
		return i
	}
}

// validTaxID reports whether s holds the 11 digits of a German tax id
// whose last digit is the ISO 7064 MOD 11,10 check of the others, and whose
// first is not 0.
func validTaxID(s string) bool {
	var d [11]int
	n := 0
	for k := 0; k < len(s); k++ {
		if isDigit(s[k]) {
			if n == len(d) {
				return false
			}
			d[n] = int(s[k] - '0')
			n++
		}
	}
	if n != len(d) || d[0] == 0 {
		return false
	}
	product := 10
	for _, x := range d[:10] {
		sum := (x + product) % 10
		if sum == 0 {
			sum = 10
		}
		product = sum * 2 % 11
	}
	check := 11 - product
	if check == 10 {
		check = 0
	}
	return check == d[10]
}

// socialInsurance appends German social-insurance numbers: "65 170839 J
// 003", "65170839J003". Without a label, the check digit must match.
func socialInsurance(text string, spans []span) []span {
	for i := 0; i+12 <= len(text); i++ {
		if !isDigit(text[i]) || isWordRune(runeBefore(text, i)) {
			continue
		}
		if end := socialAt(text, i, false); end > 0 {
			spans = append(spans, span{i, end, KindSocialInsurance})
			i = end
		}
	}
	return spans
}

// socialAt returns the end of the social-insurance number at i, or 0: 2
// digits of the insurer, 6 of the birth date, the initial of the birth name,
// 2 digits of a serial and a check digit, with optional blanks between the
// parts. anyCheck accepts a wrong check digit, for a labelled number.
func socialAt(text string, i int, anyCheck bool) int {
	var d [12]int // the digits, with the letter as two
	j := i
	part := func(n int) bool {
		if j < len(text) && text[j] == ' ' {
			j++
		}
		if runOf(text, j, isDigit) < n {
			return false
		}
		j += n
		return true
	}
	if !part(2) || j-i != 2 || !part(6) || j < len(text) && isDigit(text[j]) {
		return 0
	}
	if j < len(text) && text[j] == ' ' {
		j++
	}
	if j >= len(text) || !isASCIILetter(text[j]) {
		return 0
	}
	letter := int(text[j]|0x20-'a') + 1
	j++
	if !part(3) || j < len(text) && isAlnum(text[j]) {
		return 0
	}
	if r, _ := utf8.DecodeRuneInString(text[j:]); unicode.IsLetter(r) {
		return 0
	}
	n := 0
	for k := i; k < j; k++ {
		if isDigit(text[k]) && n < len(d) {
			d[n] = int(text[k] - '0')
			n++
			if n == 8 {
				d[8], d[9] = letter/10, letter%10
				n = 10
			}
		}
	}
	if n != 12 {
		return 0
	}
	check := int(text[j-1] - '0')
	day, month := d[2]*10+d[3], d[4]*10+d[5]
	if day < 1 || day > 31 || month < 1 || month > 12 {
		return 0
	}
	if anyCheck {
		return j
	}
	weights := [...]int{2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1}
	sum := 0
	for k, w := range weights {
		p := d[k] * w
		sum += p/10 + p%10
	}
	if sum%10 != check {
		return 0
	}
	return j
}
