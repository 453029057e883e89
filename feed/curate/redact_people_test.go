package curate_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed/curate"
	"github.com/cxtv/cxtv/feed/curate/names"
)

type personCase struct{ name, in, want string }

// checkPeople runs each case on r: want "" means the comment stays as it
// is; otherwise it is what RedactKinds returns, with KindPerson among the
// kinds.
func checkPeople(t *testing.T, r *curate.Redactor, cases []personCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, kinds := r.RedactKinds(tc.in)
			if tc.want == "" {
				if got != tc.in || kinds != nil {
					t.Errorf("RedactKinds(%q) = %q, %v; want it unchanged", tc.in, got, kinds)
				}
				return
			}
			if got != tc.want || !slices.Contains(kinds, curate.KindPerson) {
				t.Errorf("RedactKinds(%q) = %q, %v; want %q, [person]", tc.in, got, kinds, tc.want)
			}
		})
	}
}

func TestPeopleTitle(t *testing.T) {
	checkPeople(t, mustRedactor(t), []personCase{
		{"Herr and a surname", "Herr Schneider an der Kasse war sehr unfreundlich zu mir", "Herr […] an der Kasse war sehr unfreundlich zu mir"},
		{"Frau with a Turkish surname", "Frau Yılmaz hat mir geholfen", "Frau […] hat mir geholfen"},
		{"Herrn, the dative", "Bitte richten Sie Herrn Wójcik meinen Dank aus", "Bitte richten Sie Herrn […] meinen Dank aus"},
		{"Hr. abbreviated", "Hr. Kowalczyk hat nicht zurückgerufen", "Hr. […] hat nicht zurückgerufen"},
		{"Fr without its dot", "Fr Rossi hat die Suppe versalzen", "Fr […] hat die Suppe versalzen"},
		{"Frau Dr.", "Frau Dr. Yılmaz nimmt sich Zeit", "Frau Dr. […] nimmt sich Zeit"},
		{"Prof. Dr. med.", "Prof. Dr. med. Papadopoulos war gut", "Prof. Dr. med. […] war gut"},
		{"first and last name", "Frau Agnieszka Wiśniewska war freundlich", "Frau […] war freundlich"},
		{"two first names and a surname", "Herr Hans Peter Jovanović kam spät", "Herr […] kam spät"},
		{"hyphenated surname", "Frau Wagner-Kim war da", "Frau […] war da"},
		{"particle von", "Herr von Hohenlohe war sehr nett", "Herr […] war sehr nett"},
		{"particles van der", "Mevrouw? Nein, Frau van der Berg!", "Mevrouw? Nein, Frau […]!"},
		{"Arabic particle", "Herr Al-Hassan hat repariert", "Herr […] hat repariert"},
		{"role noun between title and name", "Frau Kollegin Schmidt hat übernommen", "Frau Kollegin […] hat übernommen"},
		{"name that is a word, after a title", "Mit Frau Frank war alles bestens", "Mit Frau […] war alles bestens"},
		{"lower case writing", "herr petrović hat mir das falsche Menü gegeben", "herr […] hat mir das falsche Menü gegeben"},
		{"all capitals", "HERR ÖZTÜRK HAT MIR NICHT GEHOLFEN", "HERR […] HAT MIR NICHT GEHOLFEN"},
		{"article and adjective", "Die nette Frau Hoffmann fehlt mir", "Die nette Frau […] fehlt mir"},
		{"Mr", "Mr Thompson at the front desk was rude", "Mr […] at the front desk was rude"},
		{"Mrs.", "Mrs. Okafor sorted out my refund", "Mrs. […] sorted out my refund"},
		{"Ms", "Ms Delgado was patient", "Ms […] was patient"},
		{"Miss", "Miss Kaur at checkout 3 was lovely", "Miss […] at checkout 3 was lovely"},
		{"Mx", "Mx Taylor-Reed helped", "Mx […] helped"},
		{"apostrophe in the surname", "mr. o'brien shouted at us", "mr. […] shouted at us"},
		{"possessive stays", "Mr Nowak's advice was great", "Mr […]'s advice was great"},
		{"Dr. and a Vietnamese surname", "Dr. Nguyen from occupational health", "Dr. […] from occupational health"},
	})
}

func TestPeopleTitleWithoutName(t *testing.T) {
	checkPeople(t, mustRedactor(t), []personCase{
		{"and", "Frau und Kinder waren begeistert", ""},
		{"a story", "Herr der Ringe läuft im Pausenraum", ""},
		{"a fairy tale", "Frau Holle hätte es nicht besser gekonnt", ""},
		{"the waiter", "Herr Ober, bitte zahlen!", ""},
		{"a colleague", "Frau Kollegin, bitte übernehmen Sie", ""},
		{"wife", "Meine Frau fand das Essen zu salzig", ""},
		{"flowers for my wife", "Für meine Frau Blumen gekauft", ""},
		{"the woman from accounts", "Frau Schmidt-Weber von der Buchhaltung rief an", "Frau […] von der Buchhaltung rief an"},
		{"the man at the till", "Der Herr an der Kasse war nett", ""},
		{"a woman from a company", "Die Frau von Amazon war freundlich", ""},
		{"a woman in her forties", "Eine Frau Mitte 40 hat sich vorgedrängelt", ""},
		{"ladies and gentlemen", "Sehr geehrte Damen und Herren, das Essen war kalt", ""},
		{"weekdays", "Öffnungszeiten Mo–Fr 9–18 Uhr", ""},
		{"milliseconds", "the page took 200 ms longer", ""},
		{"a brand with Dr.", "Die Pizza von Dr. Oetker ist besser", ""},
		{"a brand with Mr.", "Mr. Bean could not have made a bigger mess", ""},
		{"miss as a verb", "I miss the old menu", ""},
		{"dear sir", "Dear Sir or Madam, the delivery was late", ""},
	})
}

func TestPeopleRole(t *testing.T) {
	checkPeople(t, mustRedactor(t), []personCase{
		{"Berater with a full name", "Mein Berater Thomas Müller war kompetent", "Mein Berater […] war kompetent"},
		{"Mitarbeiterin", "Die Mitarbeiterin Fatma war sehr freundlich", "Die Mitarbeiterin […] war sehr freundlich"},
		{"Kollege", "Mein Kollege Dragan hat gesagt, es sei kalt", "Mein Kollege […] hat gesagt, es sei kalt"},
		{"Fahrer", "Der Fahrer Mehmet kam zu spät", "Der Fahrer […] kam zu spät"},
		{"Verkäuferin, Polish", "Die Verkäuferin Agnieszka hat beraten", "Die Verkäuferin […] hat beraten"},
		{"compound role", "Teamleiterin Ewa Wiśniewska hat sich entschuldigt", "Teamleiterin […] hat sich entschuldigt"},
		{"role with a surname not in the lexicon", "Techniker Jovanović hat nichts repariert", "Techniker […] hat nichts repariert"},
		{"role, then title", "Filialleiter Herr Becker hat sich nicht gekümmert", "Filialleiter Herr […] hat sich nicht gekümmert"},
		{"lower case", "kollegin sabine aus der spülküche ist nett", "kollegin […] aus der spülküche ist nett"},
		{"Ukrainian name", "Kassiererin Oksana war gestresst", "Kassiererin […] war gestresst"},
		{"Greek name", "Koch Nikolaos macht das beste Gyros", "Koch […] macht das beste Gyros"},
		{"agent", "The agent Priya solved my issue", "The agent […] solved my issue"},
		{"driver", "Our driver Kevin left the parcel in the rain", "Our driver […] left the parcel in the rain"},
		{"cashier at the start", "Cashier Giuseppe was friendly", "Cashier […] was friendly"},
		{"role, comma, name", "the delivery driver, Tomasz, was polite", "the delivery driver, […], was polite"},
		{"manager with a full name", "Manager Aisha Rahman handled it well", "Manager […] handled it well"},
		{"a name that is a word, after a role", "Kollegin Rose hat geholfen", "Kollegin […] hat geholfen"},
		{"wife with a first name", "Meine Frau Sabine war begeistert", "Meine Frau […] war begeistert"},
	})
}

func TestPeopleRoleWithoutName(t *testing.T) {
	checkPeople(t, mustRedactor(t), []personCase{
		{"the driver", "Der Fahrer war pünktlich und freundlich", ""},
		{"the colleague at the counter", "Die Kollegin an der Ausgabe war sehr nett", ""},
		{"the technician came", "Der Techniker kam zwischen 8 und 12 Uhr", ""},
		{"the driver, a number", "Five stars for the delivery driver, 1 star for the app", ""},
		{"the manager", "Ask for the manager, she is great", ""},
		{"the manager I spoke to", "The manager I spoke to was helpful", ""},
		{"an acronym after a role", "Der Fahrer DHL kam nie", ""},
		{"a weekday", "Der Fahrer Montag früh war pünktlich", ""},
		{"a city after an English role", "Our manager Frankfurt branch is closed", ""},
		{"a role that is a menu word", "Chef Salat war lecker", ""},
	})
}

func TestPeoplePreposition(t *testing.T) {
	checkPeople(t, mustRedactor(t), []personCase{
		{"thanks to", "Thanks to Sarah from support, she was great", "Thanks to […] from support, she was great"},
		{"Dank an, Turkish", "Vielen Dank an Ayşe für den Kuchen", "Vielen Dank an […] für den Kuchen"},
		{"mit", "Ich hatte ein Gespräch mit Olga, sehr hilfreich", "Ich hatte ein Gespräch mit […], sehr hilfreich"},
		{"von", "Das Paket wurde von Marco abgegeben", "Das Paket wurde von […] abgegeben"},
		{"bei", "Bei Hatice an der Kasse geht es schnell", "Bei […] an der Kasse geht es schnell"},
		{"with", "I spoke with Fatima and she fixed it", "I spoke with […] and she fixed it"},
		{"lower case", "lob an yusuf für die schnelle hilfe", "lob an […] für die schnelle hilfe"},
		{"two names", "Danke an Jürgen und Nadine vom Spätdienst", "Danke an […] und […] vom Spätdienst"},
		{"two names in lower case", "danke an lukas und marie", "danke an […] und […]"},
		{"greeting", "Danke, Łukasz!", "Danke, […]!"},
	})
}

func TestPeoplePrepositionHarmless(t *testing.T) {
	checkPeople(t, mustRedactor(t), []personCase{
		{"a shop", "Bei Penny ist der Kaffee billiger", ""},
		{"a city", "Die Filiale in Berlin hat tolle Öffnungszeiten", ""},
		{"from a city", "Anruf aus Paris, danke", ""},
		{"a name that is a word", "Mark my words, this place will close", ""},
		{"to be frank", "To be frank, the coffee is awful", ""},
		{"with grace", "They handled it with grace", ""},
		{"a brand chain", "Wie bei Hans im Glück, nur günstiger", ""},
		{"a brand with and", "Ben & Jerry's im Automaten wäre toll", ""},
	})
}

func TestPeopleFullAndFirstName(t *testing.T) {
	checkPeople(t, mustRedactor(t), []personCase{
		{"Turkish full name", "Ayşe Yılmaz hat mich an der Info beraten", "[…] hat mich an der Info beraten"},
		{"Polish full name", "Łukasz Wójcik aus dem Callcenter war kompetent", "[…] aus dem Callcenter war kompetent"},
		{"English full name", "John Smith was the worst agent", "[…] was the worst agent"},
		{"Balkan full name", "Ich möchte Dragan Jovanović loben", "Ich möchte […] loben"},
		{"Arabic full name", "Mohammed Al-Hassan fixed the coffee machine", "[…] fixed the coffee machine"},
		{"Russian full name", "Swetlana Iwanowa hat uns geholfen", "[…] hat uns geholfen"},
		{"Italian full name", "Giuseppe Russo macht die beste Pasta", "[…] macht die beste Pasta"},
		{"Greek full name", "Nikolaos Georgiou war unhöflich", "[…] war unhöflich"},
		{"hyphenated first name", "Anna-Lena Schulz hat uns warten lassen", "[…] hat uns warten lassen"},
		{"lower case full name", "mustafa demir war heute sehr freundlich", "[…] war heute sehr freundlich"},
		{"a name that is a word, with a surname", "Ich habe Frank Meier angerufen", "Ich habe […] angerufen"},
		{"first name at the start", "Sarah war heute wieder super freundlich", "[…] war heute wieder super freundlich"},
		{"first name inside", "Heute hat Stefan die Ausgabe gemacht", "Heute hat […] die Ausgabe gemacht"},
		{"lower-case first name", "milica war sehr nett", "[…] war sehr nett"},
		{"genitive", "Fatimas Beratung war top", "[…] Beratung war top"},
		{"before a question mark", "Wo ist eigentlich Hüseyin?", "Wo ist eigentlich […]?"},
		{"English", "Oliver made my day", "[…] made my day"},
	})
}

func TestPeopleWordsThatAreNames(t *testing.T) {
	checkPeople(t, mustRedactor(t), []personCase{
		{"frank", "Frank und frei gesagt: das Essen war kalt", ""},
		{"Ernst", "Der Ernst der Lage wird nicht erkannt", ""},
		{"Will", "Will you please add more vegan options?", ""},
		{"May", "May I suggest a bigger salad bar?", ""},
		{"Nur before a noun", "Nur Rosen auf dem Tisch, keine Servietten", ""},
		{"Grace", "Grace period for returns is too short", ""},
		{"a month", "Since June the queue is shorter", ""},
		{"nationality", "German tax rules are complicated", ""},
		{"a quay", "Das Café am Kai ist schön", ""},
		{"a brand", "Ein Tom Tailor Gutschein als Preis, super", ""},
		{"a lower-case word that is a name elsewhere", "we drew lots for the last slice", ""},
	})
}

func TestPeopleAllow(t *testing.T) {
	r, err := curate.NewRedactorWith(curate.Options{Names: []string{"Kowalski"}, Allow: []string{"Berlin-Mitte", "Luna", "Frau Holle Bäckerei"}})
	if err != nil {
		t.Fatal(err)
	}
	checkPeople(t, r, []personCase{
		{"a branch", "Die Filiale Berlin-Mitte ist toll", ""},
		{"a product named like a first name", "Luna schmeckt mir am besten", ""},
		{"an allowed word after a role", "Der Fahrer Luna? Nein, die Sorte Luna!", ""},
		{"other names still go", "Sarah hat mir Luna empfohlen", "[…] hat mir Luna empfohlen"},
	})
	// The allow list protects people only: a configured name stays hidden.
	if got, _ := r.Redact("Kowalski"); got != curate.Mark {
		t.Errorf("Redact(%q) = %q, want %q", "Kowalski", got, curate.Mark)
	}
	if _, err := curate.NewRedactorWith(curate.Options{Allow: []string{"ok", " ", "!!"}}); err == nil ||
		!strings.Contains(err.Error(), `allow[1] " ": empty`) || !strings.Contains(err.Error(), `allow[2] "!!": no letters`) {
		t.Errorf("NewRedactorWith(bad allow) = %v, want errors for allow[1] and allow[2]", err)
	}
}

// A configured name keeps its own kind where a person rule finds it too.
func TestPeopleConfiguredName(t *testing.T) {
	r := mustRedactor(t, "Schneider")
	got, kinds := r.RedactKinds("Herr Schneider an der Kasse")
	if got != "Herr […] an der Kasse" || !slices.Equal(kinds, []curate.Kind{curate.KindName}) {
		t.Errorf("RedactKinds = %q, %v; want %q, [name]", got, kinds, "Herr […] an der Kasse")
	}
}

// The matcher's own lists must not hide a first name: a common word that
// is a first name is never taken for one, even after a title.
func TestNamesCommonAreNoFirstNames(t *testing.T) {
	lists, err := names.Load()
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]bool{}
	for _, n := range lists.First {
		first[n] = true
	}
	excluded := map[string]bool{}
	for _, n := range lists.Exclude {
		excluded[n] = true
	}
	if len(first) < 5000 {
		t.Errorf("names.Load: %d first names, want the whole lexicon", len(first))
	}
	for _, w := range lists.Common {
		if first[w] && !excluded[w] {
			t.Errorf("common word %q is a first name that exclude.txt does not list", w)
		}
	}
	for _, w := range append(lists.LowerCase, lists.Exclude...) {
		if !first[w] {
			t.Errorf("%q is excluded but no first name", w)
		}
	}
}

// FuzzPeople: no panic; valid UTF-8 stays valid; redacting again changes
// nothing; the title or role words of the input survive.
func FuzzPeople(f *testing.F) {
	for _, s := range []string{
		"Herr Schneider an der Kasse war sehr unfreundlich zu mir",
		"Frau Dr. med. Yılmaz-Öztürk von der Leyen",
		"Mein Berater Thomas Müller war kompetent",
		"Thanks to Sarah from support",
		"danke an jürgen und nadine und",
		"HERR ÖZTÜRK HAT", "Frau und Kinder", "Herr der Ringe", "Ben & Jerry's",
		"mr. o'brien's", "Herr Al-Hassan-", "Frau -Anna", "@anna anna@x.de Anna@",
		"Frau Frau Frau Anna Anna Anna", "Fahrer, Tomasz, Mehmet",
		"Annas Anna-Lena-Marie Schmidts Rat", "[…] Herr […]", "Herr\nSchneider",
	} {
		f.Add(s)
	}
	r, err := curate.NewRedactorWith(curate.Options{Allow: []string{"Luna", "Berlin-Mitte"}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, kinds := r.RedactKinds(in)
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("RedactKinds(%q) = %q, not valid UTF-8", in, out)
		}
		if again, k := r.RedactKinds(out); again != out || k != nil {
			t.Fatalf("RedactKinds(%q) = %q, but RedactKinds(%q) = %q, %v", in, out, out, again, k)
		}
		if (kinds == nil) != (out == in) {
			t.Fatalf("RedactKinds(%q) = %q, %v: kinds and change disagree", in, out, kinds)
		}
	})
}
