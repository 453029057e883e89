package curate

import (
	"testing"
	"unicode/utf8"
)

// idSeeds are comments with identifiers and their look-alikes.
var idSeeds = []string{
	"Meine Kundennummer ist 4711-2233, Bestellung Nr. 123456789 kam nie an",
	"Kd.-Nr. 4711 Kunden-Nr.: K-2024-5531 order #A123456 Ticket #INC0012345",
	"Hauptstraße 12, 80331 München; Ich wohne Am Hang 3; 80331 München, Marienplatz 8",
	"Ich bin am 12.03.1980 geboren, DOB: 03/12/1980, born March 12, 1985",
	"Von IP 192.0.2.44:8080 aus, 2001:db8::1, fe80::1ff:fe23:4567:890a/64",
	"Mein Auto M-AB 1234, Kennzeichen B XY 123E, HH-A 1, USB-C 3",
	"Steuer-ID 12 345 678 901, 86095742719, Versicherungsnummer 65 170839 J 003",
	"max punkt mustermann at gmx punkt de, anna at firma dot com",
	"null eins sieben eins, zwei drei vier fünf sechs sieben",
	"EUR 1.234.567,00 24.11.2026 08.00-17.00 Uhr 2020–2024 Artikel 12345678 v1.2.3",
	"::::: 1::2:: 1.1.1.1.1 Ä-ÄÖ 1 Strasse 1 Str. 1 am Am 1 geb. 1.1.1 punkt at de",
	"[…] 12345678 […] Hauptstraße 12[…]80331 München",
	"Geboren am\xff 12.03.1980 Straße\xc3 12",
}

// FuzzIdentifiers: no panic; spans lie within the text and on rune
// boundaries; valid UTF-8 stays valid; redacting again changes nothing; the
// text grows by no more than its Marks.
func FuzzIdentifiers(f *testing.F) {
	for _, s := range idSeeds {
		f.Add(s)
	}
	r, err := NewRedactor(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, s := range identifiers(in, nil) {
			if s.start < 0 || s.end > len(in) || s.start >= s.end {
				t.Fatalf("identifiers(%q): span %v outside the text", in, s)
			}
			if utf8.ValidString(in) && (!utf8.ValidString(in[:s.start]) || !utf8.ValidString(in[s.end:])) {
				t.Fatalf("identifiers(%q): span %v splits a rune", in, s)
			}
		}
		out, n := r.Redact(in)
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("Redact(%q) = %q, not valid UTF-8", in, out)
		}
		if len(out) > len(in)+n*len(Mark) {
			t.Fatalf("Redact(%q) = %q, %d: longer than its Marks allow", in, out, n)
		}
		if again, k := r.Redact(out); again != out || k != 0 {
			t.Fatalf("Redact(%q) = %q, but Redact(%q) = %q, %d", in, out, out, again, k)
		}
	})
}
