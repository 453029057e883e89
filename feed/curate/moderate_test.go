package curate_test

import (
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed/curate"
)

func mustModerator(tb testing.TB, words []string, defaultLists bool) *curate.Moderator {
	tb.Helper()
	m, err := curate.NewModerator(words, defaultLists)
	if err != nil {
		tb.Fatalf("NewModerator(%q, %t): %v", words, defaultLists, err)
	}
	return m
}

func TestBlocked(t *testing.T) {
	for _, tc := range []struct {
		name  string
		words []string
		text  string
		want  bool
	}{
		{"prefix before a hyphen", []string{"scheiß*"}, "Scheiß-Service!", true},
		{"prefix in a compound", []string{"scheiß*"}, "So ein Scheißladen.", true},
		{"prefix upper case", []string{"scheiß*"}, "SCHEIẞE", true},
		{"prefix is the whole word", []string{"scheiß*"}, "scheiß drauf", true},
		{"prefix not inside a word", []string{"scheiß*"}, "Ich beschei ße nicht", false},
		{"whole word only", []string{"ass"}, "Klasse Beratung", false},
		{"whole word", []string{"ass"}, "what an ass", true},
		{"word followed by punctuation", []string{"ass"}, "You ass!", true},
		{"umlaut folded", []string{"blöd"}, "BLÖD gelaufen", true},
		{"umlaut is a letter", []string{"blöd"}, "Blödsinn", false},
		{"umlaut not dropped", []string{"blöd"}, "blod", false},
		{"word with a digit is another word", []string{"mist"}, "mist2", false},
		{"two words", []string{"piss off"}, "Just piss   off.", true},
		{"two words apart", []string{"piss off"}, "piss, then off", false},
		{"two words with a prefix", []string{"leck mich*"}, "Leck michs doch", true},
		{"entry with spaces around", []string{"  mist  "}, "So ein Mist.", true},
		{"empty text", []string{"mist"}, "", false},
		{"no words", nil, "Scheiße", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := mustModerator(t, tc.words, false)
			if got := m.Blocked(tc.text); got != tc.want {
				t.Errorf("Blocked(%q) with %q = %t, want %t", tc.text, tc.words, got, tc.want)
			}
		})
	}
}

func TestBlockedDefaultLists(t *testing.T) {
	m := mustModerator(t, nil, true)
	for _, text := range []string{
		"Scheiß Hotline!",
		"Was für ein Scheißladen",
		"SCHEISSE, wieder nichts geliefert",
		"Der Typ an der Kasse ist ein Arschloch.",
		"Vollidioten in der Filiale",
		"Die Wichser haben mich ewig warten lassen",
		"This is fucking ridiculous",
		"What a shitty app",
		"The guy at the counter is an asshole",
		"Bullshit, the parcel never came",
		"piss off with your survey",
	} {
		if !m.Blocked(text) {
			t.Errorf("Blocked(%q) = false, want true", text)
		}
	}
	for _, text := range []string{
		"Die Frau an der Info ist ein echtes Ass!",
		"Klasse Service",
		"Schlampige Arbeit, aber netter Kontakt",
		"Die App ist idiotensicher",
		"Passwort vergessen, Hilfe kam schnell",
		"Scunthorpe branch was great",
		"Dick from the branch in Leeds helped a lot",
		"Bitte nicht mehr wanken, liebe Hotline",
		"Die Tiere im Zoo fressen gerade",
		"The classic assessment was fine",
		"Sehr gute Beratung zu Penne und Pasta",
	} {
		if m.Blocked(text) {
			t.Errorf("Blocked(%q) = true, want false", text)
		}
	}
	for _, text := range readFixture(t, "harmless.txt") {
		if m.Blocked(text) {
			t.Errorf("Blocked(%q) = true for a harmless comment", text)
		}
	}
}

func TestNewModeratorErrors(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{[]string{"mist", ""}, `blocked_words[1] "": empty`},
		{[]string{"*"}, `blocked_words[0] "*": empty`},
		{[]string{"x"}, `blocked_words[0] "x": needs at least 2 letters`},
		{[]string{"ab*"}, `blocked_words[0] "ab*": a prefix needs at least 3 letters`},
		{[]string{"*mist"}, `blocked_words[0] "*mist": * only at the end`},
		{[]string{"mi*st"}, `blocked_words[0] "mi*st": * only at the end`},
		{[]string{"f@ck"}, `blocked_words[0] "f@ck": unexpected '@'`},
	} {
		t.Run(strings.Join(tc.words, ","), func(t *testing.T) {
			_, err := curate.NewModerator(tc.words, true)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewModerator(%q) = %v, want an error with %q", tc.words, err, tc.want)
			}
		})
	}
}

func TestNewModeratorNamesEveryBadEntry(t *testing.T) {
	_, err := curate.NewModerator([]string{"", "ok", "x"}, false)
	if err == nil {
		t.Fatal("NewModerator accepted bad entries")
	}
	for _, want := range []string{"blocked_words[0]", "blocked_words[2]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("NewModerator error %q does not name %s", err, want)
		}
	}
}

func BenchmarkBlocked(b *testing.B) {
	m := mustModerator(b, []string{"piss off"}, true)
	b.SetBytes(int64(len(benchComment)))
	for b.Loop() {
		m.Blocked(benchComment)
	}
}
