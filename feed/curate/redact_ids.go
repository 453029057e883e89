// Identifiers that are personal data: customer, order and reference numbers
// with their label, and the word scan the matchers share. The other
// identifiers are in redact_ids_numbers.go (long digit runs, tax and
// social-insurance numbers), redact_ids_places.go (addresses),
// redact_ids_plates.go, redact_ids_ip.go, redact_ids_dates.go (dates of
// birth) and redact_ids_spelled.go (spelled-out e-mail addresses and phone
// numbers).

package curate

import (
	"strings"
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
