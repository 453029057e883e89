// Postal addresses: German, English and lower-case streets with a house
// number, and the postcode and city beside them. Licence plates are in
// redact_ids_plates.go, IP addresses in redact_ids_ip.go.

package curate

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// streetSuffixes end the names of streets: "Hauptstraße", "Lindenweg".
var streetSuffixes = [...]string{
	"straße", "strasse", "str", "weg", "gasse", "allee", "platz", "ring", "damm",
	"ufer", "chaussee", "steig", "pfad", "markt", "promenade", "zeile",
}

// notStreets end like streets but are none: "Parkplatz 3", "Bahnsteig 2".
var notStreets = map[string]bool{
	"parkplatz": true, "sitzplatz": true, "stellplatz": true, "arbeitsplatz": true,
	"spielplatz": true, "steckplatz": true, "tabellenplatz": true, "ausbildungsplatz": true,
	"studienplatz": true, "kitaplatz": true, "liegeplatz": true, "stehplatz": true,
	"abstellplatz": true, "campingplatz": true, "platz": true, "bahnsteig": true,
	"flugsteig": true, "rückweg": true, "heimweg": true, "umweg": true, "ausweg": true,
	"hinweg": true, "fußweg": true, "weg": true, "ring": true, "ufer": true, "markt": true,
	"supermarkt": true, "wochenmarkt": true, "baumarkt": true, "getränkemarkt": true,
	"arbeitsmarkt": true, "flohmarkt": true, "weihnachtsmarkt": true, "drogeriemarkt": true,
	"biomarkt": true, "elektromarkt": true, "hering": true, "schlüsselring": true, "ehering": true,
	"dateipfad": true, "pfad": true, "staudamm": true, "zeile": true, "kopfzeile": true,
	"betreffzeile": true, "warteschlange": true, "durchgangsstraße": true,
}

// addressCues before an address say that it is someone's.
var addressCues = map[string]bool{
	"wohne": true, "wohnen": true, "wohnt": true, "wohnhaft": true, "adresse": true,
	"anschrift": true, "lieferadresse": true, "rechnungsadresse": true, "wohnadresse": true,
	"wohnung": true, "live": true, "lives": true, "living": true, "address": true,
	"zuhause": true, "hause": true, "home": true, "liefern": true, "geliefert": true,
}

// branchCues before an address say that it is a branch's, which is public.
var branchCues = map[string]bool{
	"filiale": true, "filialen": true, "geschäft": true, "laden": true, "markt": true,
	"supermarkt": true, "store": true, "shop": true, "branch": true, "standort": true,
	"niederlassung": true, "restaurant": true, "outlet": true, "zentrale": true,
	"kantine": true, "office": true, "büro": true,
}

// cueBefore returns whether one of the four words before i is in cues.
func cueBefore(text string, i int, cues map[string]bool) bool {
	var buf [24]byte
	for range 4 {
		w, start := wordBefore(text, i, buf[:0])
		if len(w) == 0 {
			return false
		}
		if cues[string(w)] {
			return true
		}
		i = start
	}
	return false
}

// addresses appends streets with a house number, with the postcode and
// city beside them, and postcodes with a city after an address cue.
func addresses(text string, words []word, spans []span) []span {
	var buf [48]byte
	i := 0 // text[:i] is done
	for _, wd := range words {
		start, end := wd.start, wd.end
		if start < i {
			continue
		}
		i = end
		if end-start > len(buf) {
			continue
		}
		w := appendLower(buf[:0], text[start:end])
		if !isDigit(text[start]) && !unicode.IsUpper(firstRune(text[start:])) {
			// A street's name is capitalised; written in lower case it
			// counts only as one word ("schillerplatz") with a house
			// number and a postcode after it.
			if e := lowerStreet(text, end, w); e > 0 {
				spans = append(spans, span{start, e, KindAddress})
				i = e
			}
			continue
		}
		if isDigit(text[start]) {
			if len(w) == 5 && cueBefore(text, start, addressCues) {
				if e := cityAfter(text, end); e > 0 {
					spans = append(spans, span{start, e, KindAddress})
					i = e
				}
			}
			continue
		}
		from, after, prep, ok := street(text, start, end, w)
		if !ok {
			continue
		}
		numEnd := houseNumber(text, after)
		if numEnd == 0 {
			continue
		}
		e := postcodeAfter(text, numEnd)
		pre := postcodeBefore(text, from)
		cue := cueBefore(text, pre, addressCues)
		if prep && e == 0 && pre == from && !cue {
			continue // "Am Hang 3" needs a cue or a postcode: "im Chat 3 Fragen" is no address
		}
		if !cue && cueBefore(text, pre, branchCues) {
			continue
		}
		if e == 0 {
			e = numEnd
		}
		from = pre
		spans = append(spans, span{from, e, KindAddress})
		i = e
	}
	return spans
}

// lowerStreet returns where the house number and postcode after a
// lower-case compound street name w end, or 0.
func lowerStreet(text string, end int, w []byte) int {
	for _, suf := range streetSuffixes {
		if len(w) > len(suf)+2 && string(w[len(w)-len(suf):]) == suf && !notStreets[string(w)] {
			n := houseNumber(text, end)
			if n == 0 {
				return 0
			}
			j := n
			if j < len(text) && text[j] == ',' {
				j++
			}
			j += blanksAfter(text[j:])
			d := runOf(text, j, isDigit)
			if j == n || d < 4 || d > 5 || j+d+1 >= len(text) || text[j+d] != ' ' || !isWordRuneAt(text, j+d+1) {
				return 0
			}
			return wordEnd(text, j+d+1) // the city, in lower case too
		}
	}
	return 0
}

// street reports whether the word text[start:end], folded into w, names a
// street, and returns where the name starts (with "Berliner" before
// "Straße", "Konrad-Adenauer-" before "Straße", "Am" before "Hang") and
// where the house number would start.
func street(text string, start, end int, w []byte) (from, after int, prep, ok bool) {
	if !unicode.IsUpper(firstRune(text[start:])) {
		return 0, 0, false, false
	}
	after = end
	suffix := ""
	for _, s := range streetSuffixes {
		if len(w) >= len(s) && string(w[len(w)-len(s):]) == s {
			suffix = s
			break
		}
	}
	from = start
	switch {
	case suffix == "":
		if f, ok := prepositionStreet(text, start); ok {
			return f, end, true, true
		}
		return 0, 0, false, false
	case notStreets[string(w)]:
		if f, ok := prepositionStreet(text, start); ok { // "Am Markt 3"
			return f, end, true, true
		}
		return 0, 0, false, false
	case suffix == "str":
		if after < len(text) && text[after] == '.' {
			after++
		} else if len(w) == 3 {
			return 0, 0, false, false
		}
	}
	if len(w) == len(suffix) || start > 0 && text[start-1] == '-' {
		// "Berliner Straße", "Konrad-Adenauer-Straße": the name is in
		// the words before.
		f := start
		for f > 0 {
			r, size := utf8.DecodeLastRuneInString(text[:f])
			if r != '-' && r != ' ' || f-size == 0 {
				break
			}
			ws := f - size
			for ws > 0 {
				r, sz := utf8.DecodeLastRuneInString(text[:ws])
				if !isWordRune(r) {
					break
				}
				ws -= sz
			}
			if ws == f-size || !unicode.IsUpper(firstRune(text[ws:])) {
				break
			}
			f = ws
			if r == ' ' {
				break
			}
		}
		if f == start {
			return 0, 0, false, false
		}
		from = f
	}
	return from, after, false, true
}

// prepositionStreet reports whether the capitalised word at start follows
// "Am", "Im", "Zum", "Zur", "An der", "Auf dem" and the like, and returns
// where they start.
func prepositionStreet(text string, start int) (from int, ok bool) {
	var buf [8]byte
	w, ws := wordBefore(text, start, buf[:0])
	if len(w) == 0 || strings.TrimFunc(text[wordEnd(text, ws):start], isBlank) != "" {
		return 0, false
	}
	switch string(w) {
	case "am", "im", "zum", "zur":
		return ws, true
	case "der", "dem", "den":
		w2, ws2 := wordBefore(text, ws, buf[:0])
		switch string(w2) {
		case "an", "auf", "in", "hinter", "unter", "vor", "bei":
			return ws2, true
		}
	}
	return 0, false
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// houseNumber returns the end of the house number after the blank at i:
// "12", "12a", "12-14", "12/1"; 0 if there is none. A number followed by
// a unit ("Fußweg 10 Minuten"), by decimals or by a time is no house number.
func houseNumber(text string, i int) int {
	if i >= len(text) || text[i] != ' ' {
		return 0
	}
	i++
	n := runOf(text, i, isDigit)
	if n == 0 || n > 4 || text[i] == '0' {
		return 0
	}
	end := i + n
	if end+1 < len(text) && (text[end] == '-' || text[end] == '/') && isDigit(text[end+1]) {
		end += 1 + runOf(text, end+1, isDigit)
	}
	if end < len(text) && isASCIILetter(text[end]) && (end+1 == len(text) || !isWordRuneAt(text, end+1)) {
		end++
	}
	if isWordRuneAt(text, end) {
		return 0
	}
	if end+1 < len(text) && (text[end] == ',' || text[end] == '.' || text[end] == ':') && isDigit(text[end+1]) {
		return 0
	}
	rest := strings.TrimLeftFunc(text[end:], isBlank)
	var buf [16]byte
	_, we := nextWord(rest, 0)
	if we > 0 && we <= len(buf) && len(rest) > 0 && isWordRune(firstRune(rest)) {
		switch string(appendLower(buf[:0], rest[:we])) {
		case "min", "minuten", "minute", "stunden", "stunde", "std", "tage", "tagen", "wochen",
			"monate", "jahre", "jahren", "mal", "x", "km", "m", "meter", "uhr", "euro", "eur",
			"prozent", "personen", "leute", "sterne", "punkte", "fragen", "minutes", "hours",
			"days", "weeks", "times", "stars", "people", "von", "of", "bis":
			return 0
		}
	}
	return end
}

func isWordRuneAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isWordRune(r)
}

// postcodeAfter returns the end of ", 80331 München", " in 80331
// München" or ", 8001 Zürich" after i, or 0.
func postcodeAfter(text string, i int) int {
	j := i
	if j < len(text) && text[j] == ',' {
		j++
	}
	j += blanksAfter(text[j:])
	if strings.HasPrefix(text[j:], "in ") {
		j += 3
	}
	if strings.HasPrefix(text[j:], "D-") {
		j += 2
	}
	n := runOf(text, j, isDigit) // 5 digits in Germany, 4 in Austria and Switzerland
	if j == i || n < 4 || n > 5 || isWordRuneAt(text, j+n) {
		return 0
	}
	return cityAfter(text, j+n)
}

// cityAfter returns the end of the capitalised city name after the blank
// at i ("München", "Frankfurt am Main" as far as "Frankfurt",
// "Castrop-Rauxel"), or 0.
func cityAfter(text string, i int) int {
	if i >= len(text) || text[i] != ' ' || !unicode.IsUpper(firstRune(text[i+1:])) {
		return 0
	}
	end := wordEnd(text, i+1)
	for end+1 < len(text) && text[end] == '-' && unicode.IsUpper(firstRune(text[end+1:])) {
		end = wordEnd(text, end+1)
	}
	return end
}

// postcodeBefore returns where "80331 München, " starts when it ends at i,
// or i.
func postcodeBefore(text string, i int) int {
	j := strings.TrimRight(text[:i], " ")
	j = strings.TrimSuffix(j, ",")
	if len(j) == i {
		return i
	}
	k := len(j)
	for k > 0 {
		r, size := utf8.DecodeLastRuneInString(j[:k])
		if !isWordRune(r) {
			break
		}
		k -= size
	}
	if k == len(j) || !unicode.IsUpper(firstRune(j[k:])) || k < 6 || j[k-1] != ' ' {
		return i
	}
	p := k - 6
	if runOf(text, p, isDigit) != 5 || isWordRune(runeBefore(text, p)) {
		return i
	}
	return p
}

// englishStreetTypes end an English street name: "14 Elm Road".
var englishStreetTypes = map[string]bool{
	"street": true, "st": true, "road": true, "rd": true, "avenue": true, "ave": true, "lane": true,
	"ln": true, "drive": true, "close": true, "way": true, "place": true, "square": true,
	"crescent": true, "court": true, "terrace": true, "gardens": true, "grove": true, "row": true,
	"walk": true, "boulevard": true, "blvd": true, "mews": true, "parade": true,
}

// englishAddresses appends English addresses: a house number ("14",
// "221B") before one to three capitalised words of which the last is a
// street type ("Elm Road", "Baker Street") or ends in -way ("Kingsway"),
// with a town and a UK postcode after it ("London NW1 6XE").
func englishAddresses(text string, words []word, spans []span) []span {
	var buf [24]byte
	for k, wd := range words {
		n := wd.end - wd.start
		if !isDigit(text[wd.start]) || n > 5 {
			continue
		}
		digits := runOf(text, wd.start, isDigit)
		if digits < n-1 || digits == n-1 && !isASCIILetter(text[wd.end-1]) {
			continue // "14", "221B"
		}
		end := 0
		for j := k + 1; j < len(words) && j <= k+3; j++ {
			w := words[j]
			gap := text[words[j-1].end:w.start]
			if gap != " " || !unicode.IsUpper(firstRune(text[w.start:])) || w.end-w.start > len(buf) {
				break
			}
			lw := appendLower(buf[:0], text[w.start:w.end])
			if englishStreetTypes[string(lw)] || len(lw) > 4 && strings.HasSuffix(string(lw), "way") {
				end = w.end
				if j+1 < len(words) && englishStreetTypes[string(appendLower(buf[:0], text[words[j+1].start:words[j+1].end]))] {
					continue
				}
				break
			}
		}
		if end == 0 || overlaps(spans, wd.start, end) {
			continue
		}
		if e := ukPostcodeAfter(text, end); e > 0 {
			end = e
		}
		spans = append(spans, span{wd.start, end, KindAddress})
	}
	return spans
}

// ukPostcodeAfter returns where ", Town POSTCODE" or " POSTCODE" after i
// ends ("NW1 6XE", "M19 2LL"), or 0.
func ukPostcodeAfter(text string, i int) int {
	j := i
	if strings.HasPrefix(text[j:], ", ") {
		j += 2
		k := j
		for k < len(text) && (isASCIILetter(text[k]) || text[k] == '-') {
			k++
		}
		if k == j || k >= len(text) || text[k] != ' ' {
			return 0
		}
		j = k + 1
	} else if strings.HasPrefix(text[j:], " ") {
		j++
	} else {
		return 0
	}
	if m := ukPostcode.FindStringIndex(text[j:]); m != nil && m[0] == 0 {
		return j + m[1]
	}
	return 0
}

var ukPostcode = regexp.MustCompile(`^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}\b`)
