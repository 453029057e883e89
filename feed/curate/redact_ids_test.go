package curate_test

import (
	"slices"
	"testing"

	"github.com/cxtv/cxtv/feed/curate"
)

// An idCase is a comment and what Redact must make of it: want is the
// redacted text, or "" when the comment is harmless and must stay.
type idCase struct {
	in, want string
}

// testIdentifiers checks that each comment with a want loses its piece as
// kind, and that each without stays unchanged.
func testIdentifiers(t *testing.T, kind curate.Kind, cases []idCase) {
	t.Helper()
	r := mustRedactor(t)
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, kinds := r.RedactKinds(tc.in)
			if tc.want == "" {
				if got != tc.in {
					t.Errorf("RedactKinds(%q) = %q, %v; want it unchanged", tc.in, got, kinds)
				}
				return
			}
			if got != tc.want || !slices.Contains(kinds, kind) {
				t.Errorf("RedactKinds(%q) = %q, %v; want %q with %s", tc.in, got, kinds, tc.want, kind)
			}
		})
	}
}

func TestRedactCustomerNumbers(t *testing.T) {
	testIdentifiers(t, curate.KindCustomerNumber, []idCase{
		{"Meine Kundennummer ist 4711-2233", "Meine Kundennummer ist […]"},
		{"Kundennummer: 98765432, bitte melden", "Kundennummer: […], bitte melden"},
		{"Kd.-Nr. 4711 steht auf der Rechnung", "Kd.-Nr. […] steht auf der Rechnung"},
		{"Kunden-Nr.: K-2024-5531", "Kunden-Nr.: […]"},
		{"Kunden-ID AB12345 funktioniert nicht", "Kunden-ID […] funktioniert nicht"},
		{"Mitgliedsnummer 00123456 wurde gesperrt", "Mitgliedsnummer […] wurde gesperrt"},
		{"meine kundennr lautet 556677", "meine kundennr lautet […]"},
		{"Kundenkontonummer 88 112233", "Kundenkontonummer […]"},
		{"My customer number is 3344-5566.", "My customer number is […]."},
		{"Customer ID: CX-99812 was blocked", "Customer ID: […] was blocked"},
		{"membership no. 7788991 expired", "membership no. […] expired"},
		{"Account number 12345678 charged twice", "Account number […] charged twice"},
		{"Kd-Nr: 12 34 567 bitte zurückrufen", "Kd-Nr: […] bitte zurückrufen"},
		// harmless
		{"Seit 2019 Kunde und immer zufrieden.", ""},
		{"Als Kunde seit 10 Jahren enttäuscht.", ""},
		{"Kunden 2 und 3 wurden vorgelassen.", ""},
		{"customer service took 20 minutes", ""},
		{"Die Kundennummer stand nicht auf dem Brief.", ""},
	})
}

func TestRedactOrderNumbers(t *testing.T) {
	testIdentifiers(t, curate.KindOrderNumber, []idCase{
		{"Bestellung Nr. 123456789 kam nie an", "Bestellung Nr. […] kam nie an"},
		{"Bestellnummer: 302-1234567-1234567", "Bestellnummer: […]"},
		{"Meine Bestellung 40012345 ist weg", "Meine Bestellung […] ist weg"},
		{"Auftragsnummer A-2024-00815 bitte prüfen", "Auftragsnummer […] bitte prüfen"},
		{"Auftrag 7766554 wurde storniert", "Auftrag […] wurde storniert"},
		{"Sendungsnummer 00340434161234567890 zeigt nichts", "Sendungsnummer […] zeigt nichts"},
		{"Sendungs-Nr. JJD000390007654321", "Sendungs-Nr. […]"},
		{"Tracking: 1Z999AA10123456784", "Tracking: […]"},
		{"tracking number 9400111899223344556677 is wrong", "tracking number […] is wrong"},
		{"My order #A123456 never arrived", "My order #[…] never arrived"},
		{"Order No. 112-3344556-7788990 was late", "Order No. […] was late"},
		{"order number is 55443322", "order number is […]"},
		{"Buchungsnummer XK4471B9 für den Termin", "Buchungsnummer […] für den Termin"},
		{"Best.-Nr. 55-12345 fehlt", "Best.-Nr. […] fehlt"},
		{"Order ID: 9A2B-77CD-3X, nothing yet", "Order ID: […], nothing yet"},
		// harmless
		{"Habe die Bestellung Nr. 4711 storniert, ging problemlos.", ""},
		{"Bestellung vom 01.12. ist immer noch nicht da.", ""},
		{"Paket 3 von 4 fehlt noch.", ""},
		{"Auftrag 2x erteilt, 1x berechnet.", ""},
		{"The order arrived in 2 days.", ""},
		{"order 3 of 5 was missing", ""},
		{"Die Bestellung kam am 03.04.2026.", ""},
	})
}

func TestRedactReferences(t *testing.T) {
	testIdentifiers(t, curate.KindReference, []idCase{
		{"Vertragsnummer 55-123456-01 gekündigt", "Vertragsnummer […] gekündigt"},
		{"Rechnung Nr. RE-2026-004711 ist falsch", "Rechnung Nr. […] ist falsch"},
		{"Rechnungsnummer: 2026000123", "Rechnungsnummer: […]"},
		{"Ticket #INC0012345 ist offen", "Ticket #[…] ist offen"},
		{"Ticketnummer 884422 wurde geschlossen", "Ticketnummer […] wurde geschlossen"},
		{"Vorgangsnummer 12-345678 hilft nicht", "Vorgangsnummer […] hilft nicht"},
		{"Aktenzeichen 3 O 123/24 vom Gericht", ""}, // too short groups: stays
		{"Aktenzeichen: AZ-778899 bitte angeben", "Aktenzeichen: […] bitte angeben"},
		{"Referenz: REF998877", "Referenz: […]"},
		{"contract 1234-5678 was cancelled", "contract […] was cancelled"},
		{"Invoice INV-000123 was charged twice", "Invoice […] was charged twice"},
		{"case number is 00998877", "case number is […]"},
		{"Schadensnummer 44-556677-8", "Schadensnummer […]"},
		{"Ticketnummer #55123 ist noch offen", "Ticketnummer #[…] ist noch offen"},
		{"Störungsnummer 12-345-67 ignoriert", "Störungsnummer […] ignoriert"},
		{"Kassenbon Nr. 223 104 558 falsch", "Kassenbon Nr. […] falsch"},
		// harmless
		{"Ticket 12345 wurde nach 2 Tagen geschlossen.", ""},
		{"Ticket #4521 still not resolved after 10 days.", ""},
		{"Die Rechnung vom 5.11.2026 war doppelt.", ""},
		{"Mein Vertrag läuft seit 01/2020 ohne Probleme.", ""},
		{"Rechnung war 123,45 € zu hoch.", ""},
		{"Im Fall 2 hat niemand geholfen.", ""},
		{"In case 3 people call at once, nobody answers.", ""},
		{"Anmeldung mit Face ID geht nicht.", ""},
	})
}

func TestRedactLongNumbers(t *testing.T) {
	testIdentifiers(t, curate.KindLongNumber, []idCase{
		{"Meine Nummer beim Shop: 48151623 42", "Meine Nummer beim Shop: […]"},
		{"Bitte 99887766 prüfen", "Bitte […] prüfen"},
		{"Code 1234-5678-9012 geht nicht", "Code […] geht nicht"},
		{"siehe 2024/123456 im Portal", "siehe […] im Portal"},
		{"Konto AB12345678 gesperrt", "Konto […] gesperrt"},
		{"please check 123456789012 again", "please check […] again"},
		{"Nummer 12345678X im Brief", "Nummer […] im Brief"},
		// harmless
		{"EUR 1.234.567,00 ist zu viel", ""},
		{"12345678 € Schaden!", ""},
		{"Preis 12345678 ist absurd", ""},
		{"Termin am 24.11.2026 um 14:30 Uhr hat geklappt.", ""},
		{"Öffnungszeiten 08.00-17.00 Uhr, samstags 09.00-13.00 Uhr.", ""},
		{"Zwischen 2020–2024 war alles gut.", ""},
		{"Von 2020-2024 Kunde.", ""},
		{"Lieferung vom 01.10.2026-05.10.2026", ""},
		{"2.000.000 Kunden können nicht irren", ""},
		{"Artikel 12345678 war nicht lieferbar.", ""},
		{"Art.-Nr. 87654321 fehlt im Shop", ""},
		{"SKU 100200300 is out of stock", ""},
		{"Version 12.3.45678 stürzt ab", ""},
		{"Card 4111 1111 1111 1112 failed", "Card […] failed"},
		{"Unter 771203 9981 ist nichts passiert", "Unter […] ist nichts passiert"},
		{"Seit 2019 2020 2021 Kunde", ""},
		{"Tische 120 121 122 reserviert", ""},
		{"Order from 2026-11-24 arrived a day late.", ""},
		{"Called on 24/11/2026 and 25/11/2026.", ""},
	})
}

func TestRedactAddresses(t *testing.T) {
	testIdentifiers(t, curate.KindAddress, []idCase{
		{"Hauptstraße 12, 80331 München", "[…]"},
		{"hauptstraße 12 80331 münchen, bitte liefern", "[…], bitte liefern"},
		{"marktplatz 3 war voll", ""},
		{"Please deliver to 14 Elm Road tomorrow", "Please deliver to […] tomorrow"},
		{"Ship to 221B Baker Street, London NW1 6XE please", "Ship to […] please"},
		{"They moved to 7 Kingsway last year", "They moved to […] last year"},
		{"I waited 20 Minutes on the Road", ""},
		{"Lieferung an Hauptstraße 12 kam nie", "Lieferung an […] kam nie"},
		{"Ich wohne in der Lindenallee 5a.", "Ich wohne in der […]."},
		{"Berliner Str. 104 in 10115 Berlin", "[…]"},
		{"Adresse: Konrad-Adenauer-Straße 7, 53113 Bonn", "Adresse: […]"},
		{"Am Hang 3, 50667 Köln ist meine Adresse", "[…] ist meine Adresse"},
		{"Ich wohne Am Sonnenhang 12", "Ich wohne […]"},
		{"bitte an Gartenweg 12-14 liefern", "bitte an […] liefern"},
		{"80331 München, Marienplatz 8", "[…]"},
		{"Ich wohne in 80331 München", "Ich wohne in […]"},
		{"Rosengasse 3 ist meine Anschrift", "[…] ist meine Anschrift"},
		{"Schillerstrasse 44b wurde nicht beliefert", "[…] wurde nicht beliefert"},
		{"Anschrift: Am Markt 5, 01067 Dresden", "Anschrift: […]"},
		{"Meine Adresse ist Seestrasse 4, 8002 Zürich", "Meine Adresse ist […]"},
		// harmless
		{"Auf der Hauptstraße war Stau.", ""},
		{"Die Filiale in 10115 Berlin hat tolle Öffnungszeiten.", ""},
		{"Super Beratung in der Filiale am Marktplatz 7.", ""},
		{"Filiale Müllerstraße: sehr freundliches Team!", ""},
		{"Im Chat 3 Fragen gestellt, alle beantwortet.", ""},
		{"Am Wochenende 2-3 Stunden Wartezeit.", ""},
		{"Am Schalter 3 war niemand.", ""},
		{"Der Parkplatz 12 war belegt.", ""},
		{"Vom Bahnsteig 3 fuhr nichts.", ""},
		{"Fußweg 10 Minuten vom Bahnhof.", ""},
		{"Im Januar 2024 bestellt.", ""},
		{"München ist schön.", ""},
	})
}

func TestRedactBirthDates(t *testing.T) {
	testIdentifiers(t, curate.KindBirthDate, []idCase{
		{"Ich bin am 12.03.1980 geboren und Kunde", "Ich bin am […] geboren und Kunde"},
		{"geb. 12.3.80, trotzdem kein Rabatt", "geb. […], trotzdem kein Rabatt"},
		{"Geburtsdatum: 01.01.1975", "Geburtsdatum: […]"},
		{"geboren am 5. Mai 1990 in Köln", "geboren am […] in Köln"},
		{"born 1980-03-12, still no discount", "born […], still no discount"},
		{"DOB: 03/12/1980", "DOB: […]"},
		{"date of birth 12 March 1980", "date of birth […]"},
		{"My birthday is March 12, 1985.", "My birthday is […]."},
		{"Mein Geburtstag ist am 12.03. und der Gutschein kam nicht", "Mein Geburtstag ist am […] und der Gutschein kam nicht"},
		{"D.O.B. 12/03/1980", "D.O.B. […]"},
		// harmless
		{"Lieferung am 03.04.2026, alles gut.", ""},
		{"am 12.03. geliefert", ""},
		{"Das Geburtstagsgeschenk kam am 12.03. an.", ""},
		{"Geboren, um zu shoppen!", ""},
		{"Termin am 24.11.2026 um 14:30 Uhr.", ""},
	})
}

func TestRedactIPs(t *testing.T) {
	testIdentifiers(t, curate.KindIP, []idCase{
		{"Von IP 192.0.2.44 aus ging nichts", "Von IP […] aus ging nichts"},
		{"Router 10.0.0.1 blockiert", "Router […] blockiert"},
		{"Server 203.0.113.7:8080 ist down.", "Server […] ist down."},
		{"IPv6 2001:db8::1 wird gesperrt", "IPv6 […] wird gesperrt"},
		{"from fe80::1ff:fe23:4567:890a", "from […]"},
		{"full 2001:0db8:85a3:0000:0000:8a2e:0370:7334 here", "full […] here"},
		// harmless
		{"Lieferung kam um 12:30 Uhr.", ""},
		{"Die App stürzt seit Version 4.2.1 ständig ab.", ""},
		{"Version 1.0.0.1 ist fehlerhaft", ""},
		{"256.1.1.1 ist keine Adresse", ""},
		{"Wartezeit 1:30:00 war zu lang", ""},
		{"Am 24.11.2026 angerufen.", ""},
	})
}

func TestRedactPlates(t *testing.T) {
	testIdentifiers(t, curate.KindPlate, []idCase{
		{"Mein Auto M-AB 1234 wurde abgeschleppt", "Mein Auto […] wurde abgeschleppt"},
		{"Kennzeichen B XY 123E", "Kennzeichen […]"},
		{"kennzeichen n-ok 771 parkt dauernd hier", "kennzeichen […] parkt dauernd hier"},
		{"plate: m ab 1234", "plate: […]"},
		{"HH-A 1 parkte vor der Filiale", "[…] parkte vor der Filiale"},
		{"Der Wagen mit M AB 1234 stand quer", "Der Wagen mit […] stand quer"},
		{"TÖL-K 55 stand auf dem Behindertenparkplatz", "[…] stand auf dem Behindertenparkplatz"},
		{"the car with plate K-LN 900H blocked us", "the car with plate […] blocked us"},
		// harmless
		{"Das Kabel USB-C 3 fehlte", ""},
		{"In KW 47 kam endlich die Lieferung.", ""},
		{"Modell AB 1234 ist super", ""},
		{"Produkt XL-S 12.5 passt nicht", ""},
	})
}

func TestRedactTaxIDs(t *testing.T) {
	testIdentifiers(t, curate.KindTaxID, []idCase{
		{"Steuer-ID 12 345 678 901", "Steuer-ID […]"},
		{"Steueridentifikationsnummer: 86095742719", "Steueridentifikationsnummer: […]"},
		{"IdNr 47151234561 im Formular", "IdNr […] im Formular"},
		{"meine 86095742719 wurde abgefragt", "meine […] wurde abgefragt"},
		{"bitte 12 345 678 903 löschen", "bitte […] löschen"},
		{"Steuernummer 123/456/78901", "Steuernummer […]"},
		{"tax ID 29345876121", "tax ID […]"},
		// harmless
		{"Steuer 19 % war falsch", ""},
		{"Steuer-ID stand nicht drauf", ""},
	})
}

func TestRedactSocialInsurance(t *testing.T) {
	testIdentifiers(t, curate.KindSocialInsurance, []idCase{
		{"Versicherungsnummer 65 170839 J 003", "Versicherungsnummer […]"},
		{"meine RV-Nummer ist 65170839J003.", "meine RV-Nummer ist […]."},
		{"SV-Nr. 12 010190 M 527", "SV-Nr. […]"},
		{"bitte 53 241275 S 011 ändern", "bitte […] ändern"},
		{"Sozialversicherungsnummer: 12 010190 M 520", "Sozialversicherungsnummer: […]"},
		// harmless
		{"Nummer 65 170839 J 004 passt nicht", ""},
	})
}

func TestRedactSpelledEmails(t *testing.T) {
	testIdentifiers(t, curate.KindSpelledEmail, []idCase{
		{"max punkt mustermann at gmx punkt de", "[…]"},
		{"Schreibt mir: anna at firma dot com danke", "Schreibt mir: […] danke"},
		{"k punkt meier ät web punkt de", "[…]"},
		{"max unterstrich muster bei web punkt de", "[…]"},
		{"Mail an peter.meier at t-online punkt de bitte", "Mail an […] bitte"},
		{"john dot smith at example dot co dot uk", "[…]"},
		{"anna92 bei gmx punkt net", "[…]"},
		// harmless
		{"I ordered at amazon dot com last week", ""},
		{"Ich habe bei zalando punkt de bestellt", ""},
		{"Look at the dot on the screen", ""},
		{"Punkt 12 Uhr kam der Bote", ""},
		{"We met at the store.", ""},
	})
}

func TestRedactSpelledPhones(t *testing.T) {
	testIdentifiers(t, curate.KindSpelledPhone, []idCase{
		{"null eins sieben eins, zwei drei vier fünf sechs sieben", "[…]"},
		{"Ruf an: null eins fünf eins - eins zwei drei vier fünf", "Ruf an: […]"},
		{"zero one seven one two three four five six", "[…]"},
		{"call oh two oh seven nine four six oh nine five eight", "call […]"},
		{"Nummer: null zwo zwei eins neun acht sieben sechs fünf", "Nummer: […]"},
		{"null 151 zwei drei vier fünf sechs, danke", "[…], danke"},
		{"0 1 5 1 - 2 3 4 5 6 7 per WhatsApp", "[…] per WhatsApp"},
		// harmless
		{"Eins, zwei, drei Sterne, mehr nicht", ""},
		{"one two three four five six", ""},
		{"Ich habe drei oder vier Mal angerufen", ""},
		{"Tisch 1 2 3 4 5 war frei", ""},
		{"eins 12 30 45 zwei", ""},
	})
}
