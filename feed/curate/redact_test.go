package curate_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed/curate"
)

// testNames are the names the fixtures in testdata/redact expect redacted.
var testNames = []string{"Anna Schmidt", "Müller", "Jürgen", "Hans-Peter Öztürk", "Kowalski", "Ødegaard"}

func mustRedactor(tb testing.TB, names ...string) *curate.Redactor {
	tb.Helper()
	r, err := curate.NewRedactor(names)
	if err != nil {
		tb.Fatalf("NewRedactor(%q): %v", names, err)
	}
	return r
}

// readFixture returns the lines of testdata/redact/name, without blank lines
// and # comments.
func readFixture(tb testing.TB, name string) []string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "redact", name))
	if err != nil {
		tb.Fatal(err)
	}
	var lines []string
	for _, line := range strings.Split(string(b), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	return lines
}

// The subtests share one Redactor and run in parallel, so that -race checks
// that Redact is safe for concurrent use.
func TestRedactPersonal(t *testing.T) {
	r := mustRedactor(t, testNames...)
	lines := readFixture(t, "personal.txt")
	if len(lines) < 50 {
		t.Fatalf("personal.txt has %d cases, want at least 50", len(lines))
	}
	for _, line := range lines {
		in, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("personal.txt: no tab in %q", line)
		}
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			got, n := r.Redact(in)
			if got != want || n == 0 {
				t.Errorf("Redact(%q) = %q, %d; want %q", in, got, n, want)
			}
		})
	}
}

func TestRedactHarmless(t *testing.T) {
	r := mustRedactor(t, testNames...)
	lines := readFixture(t, "harmless.txt")
	if len(lines) < 100 {
		t.Fatalf("harmless.txt has %d comments, want at least 100", len(lines))
	}
	for _, in := range lines {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			if got, n := r.Redact(in); got != in || n != 0 {
				t.Errorf("Redact(%q) = %q, %d; want it unchanged", in, got, n)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	r := mustRedactor(t, testNames...)
	for _, tc := range []struct {
		name, in, want string
		n              int
	}{
		{"empty", "", "", 0},
		{"name lower case", "müller war nett", "[…] war nett", 1},
		{"name upper case", "MÜLLER", "[…]", 1},
		{"name sharp s upper case", "Hallo JÜRGEN!", "Hallo […]!", 1},
		{"name in a longer word", "Müllerstraße und Jürgensen", "Müllerstraße und Jürgensen", 0},
		{"name at the end of a compound", "Bäckermüller", "Bäckermüller", 0},
		{"name twice", "Müller, Müller und nochmals Müller", "[…], […] und nochmals […]", 3},
		{"two-word name across a line break", "Anna\nSchmidt", "[…]", 1},
		{"two-word name with two spaces", "Anna  Schmidt", "[…]", 1},
		// A configured "Anna Schmidt" matches only whole; the person
		// rules find either part alone.
		{"first name alone", "Anna war nett", "[…] war nett", 1},
		{"last name alone", "Frau Schmidt war nett", "Frau […] war nett", 1},
		{"genitive of a two-word name", "Anna Schmidts Rat", "[…] Rat", 1},
		{"name beside a number joins its Mark", "Müller 0171 1234567", "[…]", 2},
		{"name next to a name", "Müller Kowalski", "[…]", 2},
		{"pieces on two lines stay apart", "Müller\n0171 1234567", "[…]\n[…]", 2},
		{"e-mail inside a URL is one piece", "https://x.example/a?m=anna@example.de", "[…]", 1},
		{"mastodon handle", "@anna@social.example", "[…]", 1},
		{"at alone", "@", "@", 0},
		{"at with a number", "Treffen @12", "Treffen @12", 0},
		{"URL without a host", "http:// und www.", "http:// und www.", 0},
		// A long number that is no valid card or IBAN is still a long
		// number, which may name a customer.
		{"card number failing Luhn", "4111 1111 1111 1112", "[…]", 1},
		{"IBAN failing mod-97", "GB29 NWBK 6016 1331 9268 18", "GB29 NWBK […]", 1},
		{"number without area code", "Nummer 1234567", "Nummer 1234567", 0},
		{"date with slashes", "am 03/05/2026 bestellt", "am 03/05/2026 bestellt", 0},
		{"a Mark is left alone", "[…] und […]", "[…] und […]", 0},
		{"lone digit after a number stays", "0171 1234567 3 Mal", "[…] 3 Mal", 1},
		{"each pass exposes the next piece", "x@y.de0171 1234567@anna", "[…]", 3},
		{"unclosed parenthesis", "Tel (030 1234567", "Tel ([…]", 1},
		{"closed parenthesis", "Tel (030) 1234567", "Tel […]", 1},
		{"invalid UTF-8 is kept", "a\xffb 0171 1234567", "a\xffb […]", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, n := r.Redact(tc.in)
			if got != tc.want || n != tc.n {
				t.Errorf("Redact(%q) = %q, %d; want %q, %d", tc.in, got, n, tc.want, tc.n)
			}
		})
	}
}

// Without configured names, a person is still found by the person rules.
func TestRedactWithoutNames(t *testing.T) {
	r := mustRedactor(t)
	in := "Frau Müller: mueller@example.de"
	if got, _ := r.Redact(in); got != "Frau […]: […]" {
		t.Errorf("Redact(%q) = %q, want %q", in, got, "Frau […]: […]")
	}
}

func TestNewRedactorErrors(t *testing.T) {
	for _, tc := range []struct {
		names []string
		want  string
	}{
		{[]string{"Anna", ""}, `names[1] "": empty`},
		{[]string{"  "}, `names[0] "  ": empty`},
		{[]string{"A"}, `names[0] "A": needs at least 2 letters`},
		{[]string{"Müller", "- . -"}, `names[1] "- . -": empty`},
		{[]string{"anna@example.de"}, `names[0] "anna@example.de": unexpected '@'`},
		{[]string{"Mül*"}, `names[0] "Mül*": unexpected '*'`},
	} {
		t.Run(strings.Join(tc.names, ","), func(t *testing.T) {
			_, err := curate.NewRedactor(tc.names)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewRedactor(%q) = %v, want an error with %q", tc.names, err, tc.want)
			}
		})
	}
}

// benchComment is a realistic comment of about 300 characters.
const benchComment = "Ich habe am 24.11.2026 um 14:30 Uhr bei der Hotline angerufen und " +
	"nach 20 Minuten Wartezeit endlich jemanden erreicht. Frau Müller war sehr " +
	"freundlich, aber das Paket (49,90 €) ist nach 3 Tagen immer noch nicht da. " +
	"Bitte rufen Sie mich zurück: 0171 1234567 oder anna.schmidt@example.de. Danke!"

func BenchmarkRedact(b *testing.B) {
	r := mustRedactor(b, testNames...)
	clean, _ := r.Redact(benchComment)
	for _, bc := range []struct{ name, text string }{
		{"personal", benchComment},
		{"clean", clean},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.text)))
			for b.Loop() {
				r.Redact(bc.text)
			}
		})
	}
}

func TestRedactKinds(t *testing.T) {
	r, err := curate.NewRedactor([]string{"Schmidt"})
	if err != nil {
		t.Fatal(err)
	}
	got, kinds := r.RedactKinds("Frau Schmidt (anna@example.de, 0171 1234567) siehe www.example.de")
	if want := "Frau […] ([…], […]) siehe […]"; got != want {
		t.Errorf("RedactKinds text = %q, want %q", got, want)
	}
	if fmt.Sprint(kinds) != "[email name phone url]" {
		t.Errorf("RedactKinds kinds = %v, want [email name phone url]", kinds)
	}
	if _, kinds := r.RedactKinds("Alles bestens, danke!"); kinds != nil {
		t.Errorf("RedactKinds of a clean comment = %v, want none", kinds)
	}
}
