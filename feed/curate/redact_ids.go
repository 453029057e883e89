// Identifiers that are personal data: customer, order and reference numbers
// with their label, long digit runs, tax and social-insurance numbers. The
// other identifiers are in redact_ids_places.go (addresses, licence plates,
// IP addresses), redact_ids_dates.go (dates of birth) and
// redact_ids_spelled.go (spelled-out e-mail addresses and phone numbers).

package curate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The kinds of identifiers that identifiers finds.
const (
	KindCustomerNumber  Kind = "customer-number"  // "Kundennummer 4711-2233"
	KindOrderNumber     Kind = "order-number"     // "Bestellung Nr. 123456789"
	KindReference       Kind = "reference"        // contract, invoice, ticket, case
	KindLongNumber      Kind = "long-number"      // 8 digits or more, without a label
	KindAddress         Kind = "address"          // "Hauptstraße 12, 80331 München"
	KindBirthDate       Kind = "birth-date"       // "am 12.03.1980 geboren"
	KindIP              Kind = "ip"               // "192.0.2.44", "2001:db8::1"
	KindPlate           Kind = "licence-plate"    // "M-AB 1234"
	KindTaxID           Kind = "tax-id"           // "Steuer-ID 12 345 678 901"
	KindSocialInsurance Kind = "social-insurance" // "65 170839 J 003"
	KindSpelledEmail    Kind = "spelled-email"    // "max punkt mustermann at gmx punkt de"
	KindSpelledPhone    Kind = "spelled-phone"    // "null eins sieben eins …"
)

// identifiers appends customer, order, contract, invoice and ticket
// numbers, postal addresses, dates of birth, IP addresses, licence plates,
// tax and social-insurance numbers, and spelled-out contact data.
//
// A labelled number loses its code, not its label: "Kundennummer […]"
// still tells the reader what the comment is about. A customer number
// needs a code of at least 4 letters and digits, an order or a reference
// (contract, invoice, ticket, case) at least 6: "Bestellung Nr. 4711" and
// "Ticket 12345" stay, as a short number is more often a count than a key
// to someone's account. Without a label, a run of at least 8 digits is
// redacted unless it is an amount ("EUR 1.234.567,00", "12345678 €"), a
// quantity with thousands dots ("2.000.000"), a date, a time or a year
// range ("24.11.2026", "08.00-17.00", "2020–2024"), a version, or a product
// code: a number after Artikel, Art.-Nr., Produkt, SKU, EAN and the like
// names a thing, not a person, and stays, as do table, gate and platform
// numbers.
//
// Postal addresses: a street and house number ("Hauptstraße 12", "Berliner
// Str. 5a", "Am Hang 3" after "wohne" or before a postcode), with the
// postcode and city beside it, and a postcode and city after "wohne in",
// "Adresse" or "Anschrift". A postcode and city alone ("die Filiale in
// 10115 Berlin") name a place, not a person, and stay; so does a street
// without a number ("auf der Hauptstraße war Stau") and the address of a
// branch ("Filiale am Marktplatz 7"), which is public.
func identifiers(text string, spans []span) []span {
	var arr [128]word
	words := appendWords(arr[:0], text) // the matchers share one scan
	if strings.ContainsAny(text, "0123456789") {
		spans = labelled(text, words, spans)
		spans = socialInsurance(text, spans)
		spans = ipAddresses(text, spans)
		spans = plates(text, spans)
		spans = birthDates(text, words, spans)
		spans = addresses(text, words, spans)
		spans = englishAddresses(text, words, spans)
		spans = longNumbers(text, spans)
	}
	spans = spelledEmails(text, words, spans)
	spans = spelledPhones(text, words, spans)
	return spans
}

// A word is the byte range of a run of word runes.
type word struct{ start, end int }

// appendWords appends the words of text.
func appendWords(words []word, text string) []word {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if !isAlnum(c) {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); !isWordRune(r) {
			i += size
			continue
		}
		end := wordEnd(text, i)
		words = append(words, word{i, end})
		i = end
	}
	return words
}

// A label says what the code after it is. noun: the label needs a word
// such as "Nr." or "number" after it ("Kunden-Nr.", "customer ID").
type label struct {
	kind Kind
	noun bool
}

// kindSocialLabel marks a label of a social-insurance number, which is
// a reference when its code has another form ("Versicherungsnummer" of a
// policy).
const kindSocialLabel Kind = "social-label"

// labels maps the first word of a label, folded, to what it labels.
// Compounds ending in "nummer" or "nr" are looked up by their first part
// too, so that "Kundenkontonummer" needs no entry of its own.
var labels = map[string]label{
	// customer numbers
	"kundennummer": {KindCustomerNumber, false}, "kundennr": {KindCustomerNumber, false},
	"kundenid": {KindCustomerNumber, false}, "kundenkonto": {KindCustomerNumber, false},
	"kundenkarte": {KindCustomerNumber, false}, "kunden": {KindCustomerNumber, true},
	"kunde": {KindCustomerNumber, true}, "kd": {KindCustomerNumber, true},
	"mitgliedsnummer": {KindCustomerNumber, false}, "mitglieds": {KindCustomerNumber, true},
	"mitglied": {KindCustomerNumber, true}, "konto": {KindCustomerNumber, true},
	"customer": {KindCustomerNumber, true}, "membership": {KindCustomerNumber, true},
	"member": {KindCustomerNumber, true}, "account": {KindCustomerNumber, true},
	// orders and shipments
	"bestellnummer": {KindOrderNumber, false}, "bestellung": {KindOrderNumber, false},
	"bestell": {KindOrderNumber, true}, "bestellungs": {KindOrderNumber, true},
	"auftragsnummer": {KindOrderNumber, false}, "auftrag": {KindOrderNumber, false},
	"auftrags": {KindOrderNumber, true}, "sendungsnummer": {KindOrderNumber, false},
	"sendung": {KindOrderNumber, false}, "sendungs": {KindOrderNumber, true},
	"paketnummer": {KindOrderNumber, false}, "paket": {KindOrderNumber, false},
	"tracking": {KindOrderNumber, false}, "trackingnummer": {KindOrderNumber, false},
	"sendungsverfolgungsnummer": {KindOrderNumber, false}, "sendungsverfolgung": {KindOrderNumber, false},
	"lieferschein": {KindOrderNumber, false}, "lieferscheinnummer": {KindOrderNumber, false},
	"buchung": {KindOrderNumber, false}, "buchungsnummer": {KindOrderNumber, false},
	"buchungs": {KindOrderNumber, true}, "buchungscode": {KindOrderNumber, false},
	"reservierung": {KindOrderNumber, false}, "reservierungsnummer": {KindOrderNumber, false},
	"bestätigungsnummer": {KindOrderNumber, false}, "retoure": {KindOrderNumber, false},
	"retourennummer": {KindOrderNumber, false}, "rücksendung": {KindOrderNumber, false},
	"order": {KindOrderNumber, false}, "shipment": {KindOrderNumber, false},
	"parcel": {KindOrderNumber, false}, "package": {KindOrderNumber, true},
	"booking": {KindOrderNumber, false}, "reservation": {KindOrderNumber, false},
	"confirmation": {KindOrderNumber, true}, "return": {KindOrderNumber, true},
	// contracts, invoices, tickets, cases
	"vertragsnummer": {KindReference, false}, "vertrag": {KindReference, false},
	"vertrags": {KindReference, true}, "contract": {KindReference, false},
	"rechnungsnummer": {KindReference, false}, "rechnung": {KindReference, false},
	"rechnungs": {KindReference, true}, "invoice": {KindReference, false},
	"ticketnummer": {KindReference, false}, "ticket": {KindReference, false},
	"vorgangsnummer": {KindReference, false}, "vorgang": {KindReference, false},
	"vorgangs": {KindReference, true}, "fallnummer": {KindReference, false},
	"fall": {KindReference, true}, "case": {KindReference, true},
	"aktenzeichen": {KindReference, false}, "az": {KindReference, false},
	"referenz": {KindReference, false}, "referenznummer": {KindReference, false},
	"reference": {KindReference, false}, "ref": {KindReference, false},
	"anfrage": {KindReference, true}, "anfragenummer": {KindReference, false},
	"reklamation": {KindReference, true}, "reklamationsnummer": {KindReference, false},
	"schadennummer": {KindReference, false}, "schadensnummer": {KindReference, false},
	"schaden": {KindReference, true}, "schadens": {KindReference, true},
	"claim": {KindReference, false}, "police": {KindReference, false},
	"policennummer": {KindReference, false}, "versicherungsschein": {KindReference, false},
	"versicherungsscheinnummer": {KindReference, false}, "policy": {KindReference, true},
	"mandatsreferenz": {KindReference, false}, "ausweisnummer": {KindReference, false},
	"personalausweisnummer": {KindReference, false}, "ausweis": {KindReference, true},
	"passnummer": {KindReference, false}, "passport": {KindReference, true},
	"personalnummer": {KindReference, false}, "mitarbeiternummer": {KindReference, false},
	"id": {KindReference, false}, "störungs": {KindReference, true}, "störung": {KindReference, true},
	"störungsnummer": {KindReference, false}, "kassenbon": {KindReference, false}, "bon": {KindReference, true},
	"beleg": {KindReference, false}, "belegnummer": {KindReference, false}, "best": {KindOrderNumber, true}, "kundenservicenummer": {}, // the hotline's number
	// tax ids
	"steuerid": {KindTaxID, false}, "steuer": {KindTaxID, true},
	"steueridentifikationsnummer": {KindTaxID, false}, "identifikationsnummer": {KindTaxID, false},
	"idnr": {KindTaxID, false}, "steuernummer": {KindTaxID, false}, "steuernr": {KindTaxID, false},
	"tin": {KindTaxID, false}, "tax": {KindTaxID, true},
	// social insurance
	"versicherungsnummer": {kindSocialLabel, false}, "sozialversicherungsnummer": {kindSocialLabel, false},
	"rentenversicherungsnummer": {kindSocialLabel, false}, "svnummer": {kindSocialLabel, false},
	"svnr": {kindSocialLabel, false}, "rvnr": {kindSocialLabel, false}, "rvnummer": {kindSocialLabel, false},
	"sv": {kindSocialLabel, true}, "rv": {kindSocialLabel, true},
	"sozialversicherungs": {kindSocialLabel, true}, "rentenversicherungs": {kindSocialLabel, true},
	"versicherungs": {kindSocialLabel, true}, "social": {kindSocialLabel, true},
}

// labelNouns may follow a label and stand between it and its code.
var labelNouns = map[string]bool{
	"nr": true, "no": true, "nummer": true, "number": true, "num": true, "id": true,
	"code": true, "security": true, "insurance": true, "identification": true, "ident": true,
}

// labelLinks may stand between a label and its code too, but do not make
// one: "Meine Kundennummer ist", "order number is", "mit der Nummer".
var labelLinks = map[string]bool{
	"ist": true, "is": true, "lautet": true, "lautete": true, "war": true, "was": true,
	"mit": true, "der": true, "die": true, "the": true, "mein": true, "meine": true,
	"my": true, "of": true,
}

// minCode is how many letters and digits a labelled code needs.
func minCode(k Kind) int {
	if strings.HasPrefix(string(k), "explicit:") {
		return 4
	}
	switch k {
	case KindCustomerNumber:
		return 4
	case KindTaxID:
		return 10
	}
	return 6
}

// labelled appends the codes after labels: "Kundennummer: 4711-2233",
// "Kd.-Nr. 4711", "order #A-123456", "Steuer-ID 12 345 678 901".
func labelled(text string, words []word, spans []span) []span {
	var buf [64]byte
	i := 0 // text[:i] is done
	for _, wd := range words {
		start, end := wd.start, wd.end
		if start < i {
			continue
		}
		i = end
		if end-start > len(buf) || end-start < 2 || !isASCIILetter(text[start]) {
			continue // every label starts with a letter of A to Z
		}
		w := appendLower(buf[:0], text[start:end])
		l, ok := labels[string(w)]
		if !ok {
			l, ok = compoundLabel(w)
		}
		if !ok || l.kind == "" {
			continue
		}
		at, noun := afterLabel(text, end)
		if l.noun && !noun {
			continue
		}
		kind := l.kind
		if explicit(w) && kind != KindTaxID && kind != kindSocialLabel {
			kind = explicitKind(kind)
		}
		if s, e, kind := labelledCode(text, at, kind); e > 0 {
			spans = append(spans, span{s, e, kind})
			i = e
		}
	}
	return spans
}

// explicitLabel marks an order or reference number labelled by one word
// ending in "nummer" or "nr", which needs a code of only 4 characters:
// "Ticketnummer #48812" is plainly a key, "Ticket 12345" may be a count.
func explicit(w []byte) bool {
	return len(w) > 6 && string(w[len(w)-6:]) == "nummer" || len(w) > 2 && string(w[len(w)-2:]) == "nr"
}

func explicitKind(k Kind) Kind { return "explicit:" + k }

// compoundLabel looks up "kundenkontonummer" as "kundenkonto".
func compoundLabel(w []byte) (label, bool) {
	for _, suffix := range [...]string{"nummer", "nr"} {
		if len(w) > len(suffix)+1 && string(w[len(w)-len(suffix):]) == suffix {
			l, ok := labels[string(w[:len(w)-len(suffix)])]
			return label{kind: l.kind}, ok
		}
	}
	return label{}, false
}

// afterLabel passes over what may stand between a label that ends at i and
// its code, and returns where the code would start and whether a noun such
// as "Nr." was among it.
func afterLabel(text string, i int) (int, bool) {
	var buf [16]byte
	noun := false
	for words := 0; words < 4; {
		j, _ := skip(text, i, 4, func(r rune) bool { return isBlank(r) || strings.ContainsRune(":.#-–=", r) })
		if strings.Contains(text[i:j], "#") {
			noun = true
		}
		i = j
		if i >= len(text) || !isASCIILetter(text[i]) {
			break
		}
		end := wordEnd(text, i)
		if end-i > len(buf) {
			break
		}
		w := appendLower(buf[:0], text[i:end])
		switch {
		case labelNouns[string(w)]:
			noun = true
		case labelLinks[string(w)]:
		default:
			return i, noun
		}
		i = end
		words++
	}
	return i, noun
}

// labelledCode returns the code of kind k that starts at i, and its kind,
// which a social-insurance label decides by the code's form.
func labelledCode(text string, i int, k Kind) (int, int, Kind) {
	if i >= len(text) || !isAlnum(text[i]) {
		return 0, 0, ""
	}
	if k == kindSocialLabel {
		if end := socialAt(text, i, true); end > 0 {
			return i, end, KindSocialInsurance
		}
		k = KindReference
	}
	end, alnum, digits := codeAt(text, i, k == KindTaxID)
	if end == 0 || alnum < minCode(k) || digits < 3 || k == KindTaxID && digits > 13 {
		return 0, 0, ""
	}
	if g := groupsOf(text, i, end); g.dateLike() || amountAround(text, i, end) {
		return 0, 0, ""
	}
	return i, end, Kind(strings.TrimPrefix(string(k), "explicit:"))
}

// codeAt reads a code at i: letters and digits, with single "-", "/", "."
// or "_" between them, and single blanks between digit groups of at least
// two digits ("4711 2233", "55 66 771"). It returns the code's end, how many letters
// and digits it has and how many digits; end is 0 when the code runs on
// into a word ("123ä") or is only letters. digitsOnly reads digits and
// separators only, for a tax id.
func codeAt(text string, i int, digitsOnly bool) (end, alnum, digits int) {
	j := i
	for j < len(text) {
		c := text[j]
		switch {
		case isDigit(c):
			digits++
			alnum++
			j++
			continue
		case isASCIILetter(c) && !digitsOnly:
			alnum++
			j++
			continue
		}
		if j+1 < len(text) && j > i && isAlnum(text[j-1]) {
			next := text[j+1]
			if (c == '-' || c == '/' || c == '.' || c == '_') && (isDigit(next) || isASCIILetter(next) && !digitsOnly) {
				j++
				continue
			}
			if c == ' ' && isDigit(text[j-1]) && isDigit(next) && (digitsOnly || runOf(text, j+1, isDigit) >= 2) {
				j++
				continue
			}
		}
		break
	}
	if j < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[j:]); isWordRune(r) {
			return 0, 0, 0
		}
	}
	if digits == 0 {
		return 0, 0, 0
	}
	return j, alnum, digits
}

// appendLower appends s folded, as appendFolded does, with a fast path for
// ASCII, which most words are.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return appendFolded(dst, s)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// runOf returns how many bytes from i in text satisfy ok.
func runOf(text string, i int, ok func(byte) bool) int {
	n := 0
	for i+n < len(text) && ok(text[i+n]) {
		n++
	}
	return n
}

// nextWord returns the byte range of the first word at or after i, or -1.
func nextWord(text string, i int) (int, int) {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			return i, wordEnd(text, i+size)
		}
		i += size
	}
	return -1, -1
}

// wordBefore returns the word that ends at most a few non-word runes before
// i, folded into buf, and where it starts; an empty word if there is none.
func wordBefore(text string, i int, buf []byte) ([]byte, int) {
	for n := 0; i > 0 && n < 4; n++ {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		if isWordRune(r) {
			break
		}
		if r == '\n' || r == '!' || r == '?' {
			return buf[:0], i
		}
		i -= size
	}
	end := i
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		if !isWordRune(r) {
			break
		}
		i -= size
	}
	if end-i > cap(buf) {
		return buf[:0], i
	}
	return appendLower(buf[:0], text[i:end]), i
}

// overlaps reports whether [start, end) overlaps one of spans.
func overlaps(spans []span, start, end int) bool {
	for _, s := range spans {
		if s.start < end && start < s.end {
			return true
		}
	}
	return false
}

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
