// The fuzz targets are inside the package so that FuzzRedact checks its
// output with the very regexp of the e-mail rule.
package curate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds returns every comment in the redaction fixtures.
func fuzzSeeds(f *testing.F) []string {
	var seeds []string
	for _, name := range []string{"personal.txt", "harmless.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", "redact", name))
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if in, _, _ := strings.Cut(line, "\t"); in != "" && !strings.HasPrefix(in, "#") {
				seeds = append(seeds, in)
			}
		}
	}
	return seeds
}

// FuzzRedact: no panic; valid UTF-8 stays valid; no e-mail address is left;
// redacting again changes nothing; a count of 0 means an unchanged text.
func FuzzRedact(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	for _, s := range []string{
		"x@y.de0171 1234567",
		"@anna@social.example +49 (0)30 123456-78 DE89370400440532013000",
		"[…]@anna www.x.de[…] Anna Schmidt[…]0171 1234567[…]0171 1234567",
		"x@y.de@z.de a@b.cd.ef@gh.ij http://a@b.de (at) [at]x.de",
		"+49 (0)30 (0)30 1234567 ((030)) 1234567 (030 1234567",
		"DE89370400440532013000DE89370400440532013000 DE89 3704 0044 0532 0130 00 00",
		"Müllers Müller Müllerss Anna-Schmidt ANNA.SCHMIDTS",
		"4111 1111 1111 1111 1111 1111 1111 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
		"Kundennummer 4711-2233 Hauptstraße 12, 80331 München geb. 12.3.80 192.0.2.44",
		"M-AB 1234 Steuer-ID 12 345 678 901 65170839J003 anna at firma dot com",
		"null eins sieben eins zwei drei vier 2001:db8::1 Bestellung Nr. 123456789",
	} {
		f.Add(s)
	}
	r, err := NewRedactor([]string{"Anna Schmidt", "Müller", "Jürgen", "Hans-Peter Öztürk"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, n := r.Redact(in)
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("Redact(%q) = %q, not valid UTF-8", in, out)
		}
		if m := emailRE.FindString(out); m != "" {
			t.Fatalf("Redact(%q) = %q, still has the address %q", in, out, m)
		}
		if again, k := r.Redact(out); again != out || k != 0 {
			t.Fatalf("Redact(%q) = %q, but Redact(%q) = %q, %d", in, out, out, again, k)
		}
		if (n == 0) != (out == in) {
			t.Fatalf("Redact(%q) = %q, %d: count and change disagree", in, out, n)
		}
	})
}

// FuzzBlocked: no panic; the verdict depends on words only, not on the
// spaces around the text or its case.
func FuzzBlocked(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Add("Scheiß-Service, piss  off")
	m, err := NewModerator([]string{"piss off", "blöd*"}, true)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got := m.Blocked(text)
		if padded := m.Blocked(" " + text + " "); padded != got {
			t.Fatalf("Blocked(%q) = %t, but with spaces around it %t", text, got, padded)
		}
		if upper := strings.ToUpper(text); m.Blocked(upper) != got {
			t.Fatalf("Blocked(%q) = %t, but Blocked(%q) = %t", text, got, upper, !got)
		}
	})
}
