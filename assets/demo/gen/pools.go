package main

// The comments of the demo, written by hand. The pools hold ordinary
// comments, neither ideas nor personal data (checkPools enforces it); the
// themed pools tell the period's story; special holds the answers placed
// on purpose: the ideas, the comment of the example config's "you said /
// we did" card and two comments with personal data for the redactor.

// langs is a pool in German and English.
type langs struct{ de, en []string }

func (l *langs) pool(lang string) *[]string {
	if lang == "en" && len(l.en) > 0 {
		return &l.en
	}
	return &l.de
}

// pools holds each touchpoint's comments by sentiment: pos, mid, neg.
var pools = map[string]*[3]langs{
	"Lieferung": {
		{de: []string{
			"Das Paket kam pünktlich im angekündigten Zeitfenster. Perfekt.",
			"Schnelle Lieferung, alles gut verpackt.",
			"Am nächsten Tag da, obwohl ich erst abends bestellt hatte.",
			"Der Fahrer hat vorher angerufen und das Paket beim Nachbarn abgegeben, wie gewünscht.",
			"Lieferung einen Tag früher als angekündigt. Klasse!",
			"Die Sendungsverfolgung stimmte auf die halbe Stunde genau.",
			"Sehr freundlicher Zusteller, hat die schweren Kartons bis in den dritten Stock getragen.",
			"Alles vollständig und unbeschädigt angekommen, gerne wieder.",
			"Verpackung ohne unnötiges Plastik, das gefällt mir.",
			"Zustellung an die Packstation hat reibungslos geklappt.",
		}, en: []string{
			"Arrived a day early and perfectly packed.",
			"The driver was friendly and careful with the boxes.",
			"Tracking was spot on, the parcel came right on time.",
			"Fast delivery, everything in one piece.",
		}},
		{de: []string{
			"Lieferung ok, der Karton war aber ziemlich eingedrückt.",
			"Kam einen Tag später als angekündigt, sonst in Ordnung.",
			"Die Ware ist gut, die Zustellung war etwas chaotisch.",
			"Paket wurde in den Hausflur gestellt statt übergeben. Ist gut gegangen.",
			"Die Zustellzeit war vage, am Ende kam es nachmittags statt vormittags.",
			"Geht so. Zwei Teillieferungen für eine kleine Bestellung finde ich übertrieben.",
		}, en: []string{
			"Delivery was fine, the box was a bit battered though.",
			"One day late, otherwise okay.",
			"Split into two parcels for a small order, which seems wasteful.",
		}},
		{de: []string{
			"Paket als zugestellt markiert, aber nie angekommen.",
			"Zum dritten Mal eine falsche Lieferadresse angefahren.",
			"Der Karton war nass und der Inhalt beschädigt.",
			"Statt am Montag kam die Lieferung erst am Freitag. Ohne jede Info.",
			"Benachrichtigungskarte im Briefkasten, obwohl ich den ganzen Tag zu Hause war.",
			"Die Hälfte der Bestellung fehlte und niemand konnte mir sagen, wo sie ist.",
		}, en: []string{
			"Marked as delivered but never arrived.",
			"The parcel was left in the rain and the contents were soaked.",
			"Half the order was missing and nobody could tell me where it was.",
		}},
	},
	"App": {
		{de: []string{
			"Läuft stabil seit dem letzten Update. Die Push-Nachrichten zur Lieferung sind hilfreich.",
			"Endlich kann man Rechnungen in der App als PDF herunterladen. Danke!",
			"Bestellen in der App geht in unter einer Minute.",
			"Die neue Sendungsverfolgung in der App ist richtig übersichtlich.",
			"Die App merkt sich meine Lieblingsartikel, das spart Zeit.",
			"Retoure direkt in der App angemeldet, QR-Code an der Packstation gescannt, fertig.",
			"Übersichtlich, schnell, keine Abstürze. So muss das sein.",
			"Der Dunkelmodus ist angenehm für die Augen.",
		}, en: []string{
			"Smooth app, ordering takes less than a minute.",
			"The new tracking screen in the app is really clear.",
			"Stable since the last update, push notifications are useful.",
			"Returns straight from the app with a QR code, so easy.",
		}},
		{de: []string{
			"Die App ist in Ordnung, manchmal etwas langsam beim Laden der Bilder.",
			"Funktioniert, aber die Suche zeigt oft unpassende Treffer.",
			"Die Filter in der App sind umständlich zu bedienen.",
			"Ganz brauchbar, die Gutscheine sind aber schwer zu finden.",
			"Nach jedem Update sind meine Einstellungen weg.",
		}, en: []string{
			"The app is okay, a bit slow loading pictures.",
			"Search in the app often shows the wrong products.",
			"Works, but the filters are clumsy.",
		}},
		{de: []string{
			"Die App stürzt beim Bezahlen ab.",
			"Warenkorb in der App ist plötzlich leer, zum zweiten Mal.",
			"Gutscheincode wird in der App nicht angenommen, im Browser schon.",
			"Seit dem Update ruckelt alles auf meinem älteren Handy.",
			"Zahlung abgebucht, aber die Bestellung taucht in der App nicht auf.",
		}, en: []string{
			"The app crashes at checkout.",
			"My basket in the app emptied itself again.",
			"Voucher code rejected in the app but accepted in the browser.",
		}},
	},
	"Filiale": {
		{de: []string{
			"Sehr nette Beratung in der Filiale, ich habe sofort passende Schuhe gefunden.",
			"Abholung in der Filiale ging ganz schnell, das Paket lag schon bereit.",
			"Umtausch an der Kasse ohne Diskussion. So macht Einkaufen Spaß.",
			"Die Mitarbeiterin an der Information hat sich richtig Zeit genommen.",
			"Saubere, helle Filiale und alles gut sortiert.",
			"Mein Paket konnte ich nach Feierabend noch abholen, sehr praktisch.",
			"An der Kasse ging es flott, obwohl viel los war.",
		}, en: []string{
			"Lovely staff in the store, very helpful advice.",
			"Click and collect was quick, my parcel was ready.",
			"Exchange at the till without any fuss.",
		}},
		{de: []string{
			"Filiale ok, aber die Umkleiden waren alle besetzt.",
			"Die Abholstation war voll, ich musste zur Kasse.",
			"Beratung gut, Auswahl in der Filiale eher klein.",
			"Parkplätze vor der Filiale sind knapp.",
			"Der Artikel war online verfügbar, in der Filiale aber nicht.",
		}, en: []string{
			"Store was fine, but the fitting rooms were all taken.",
			"Smaller range in the store than online.",
		}},
		{de: []string{
			"An der Kasse war nur eine von fünf besetzt.",
			"Mein Abholpaket war nicht auffindbar, ich bin umsonst gekommen.",
			"Unfreundlicher Umgang bei der Reklamation an der Information.",
			"Die Rückgabe in der Filiale wurde abgelehnt, obwohl das online so angeboten wird.",
		}, en: []string{
			"Only one till open on a Saturday.",
			"My click and collect order could not be found.",
		}},
	},
	"Website": {
		{de: []string{
			"Übersichtliche Website, Bestellung in wenigen Klicks erledigt.",
			"Die Produktbeschreibungen sind ausführlich und ehrlich.",
			"Der Größenberater auf der Website hat gepasst, nichts zurückschicken müssen.",
			"Bezahlung per Rechnung, unkompliziert und schnell.",
			"Die Bewertungen anderer Kunden helfen mir sehr bei der Auswahl.",
			"Checkout ist schnell und klar, ohne Umwege.",
		}, en: []string{
			"Clean site, ordering took a couple of clicks.",
			"Honest product descriptions and useful reviews.",
			"Checkout is quick and clear.",
		}},
		{de: []string{
			"Die Suche auf der Website ist verbesserungswürdig.",
			"Die Liefertermine im Warenkorb und in der Bestätigung passen nicht zusammen.",
			"Ganz ok, aber die Seite lädt auf dem Handy langsam.",
			"Die Filter setzen sich beim Zurückblättern immer zurück.",
			"Versandkosten erst ganz am Ende zu sehen, das ist ärgerlich.",
		}, en: []string{
			"Decent site, but slow on my phone.",
			"Shipping costs only show up at the very end.",
			"Filters reset whenever I go back a page.",
		}},
		{de: []string{
			"Bezahlung mit Kreditkarte schlägt immer wieder fehl.",
			"Der Artikel war als verfügbar angezeigt und wurde dann storniert.",
			"Cookie-Banner, Newsletter-Popup, Chat-Fenster: man sieht die Produkte kaum.",
			"Die Seite war am Aktionstag stundenlang nicht erreichbar.",
		}, en: []string{
			"Card payment keeps failing on the site.",
			"Item showed as in stock, then the order got cancelled.",
		}},
	},
	"Hotline": {
		{de: []string{
			"Die Dame an der Hotline hat mein Problem in fünf Minuten gelöst.",
			"Kompetente Beratung am Telefon, sehr geduldig.",
			"Rückerstattung wurde am Telefon sofort veranlasst. Top Service.",
			"Freundlich, schnell und lösungsorientiert. Danke an das Team!",
			"Der Kollege am Telefon kannte sich richtig gut aus.",
			"Mein Anliegen wurde beim ersten Anruf erledigt.",
		}, en: []string{
			"The agent solved my issue in five minutes.",
			"Patient and competent support on the phone.",
			"Refund arranged during the call, great service.",
		}},
		{de: []string{
			"Freundlich am Telefon, aber ich musste mein Anliegen zweimal erklären.",
			"Die Auskunft war korrekt, der Rückruf kam aber erst am nächsten Tag.",
			"Hilfe bekommen, allerdings erst nach mehrfachem Weiterverbinden.",
			"Der Chat ist schneller als das Telefon, ehrlich gesagt.",
		}, en: []string{
			"Friendly, but I was transferred three times.",
			"Got help in the end, after explaining everything twice.",
		}},
		{de: []string{
			"Drei Anrufe, drei verschiedene Auskünfte.",
			"Mir wurde ein Rückruf versprochen, der nie kam.",
			"Am Telefon wurde ich einfach abgewimmelt.",
			"Die Reklamation liegt seit zwei Wochen, niemand fühlt sich zuständig.",
		}, en: []string{
			"Three calls, three different answers.",
			"Promised a callback that never came.",
		}},
	},
}

// themed pools take over a touchpoint's comments of one sentiment at a
// rate: before, 30 days ago and earlier, and recent, in the last 30 days.
type themedPool struct {
	touchpoint     string
	group          group
	before, recent float64
	langs
}

var hotlineWaitDE = []string{
	"Über 40 Minuten in der Warteschleife, dann wurde ich einfach getrennt.",
	"Immer nur Hotline besetzt, egal zu welcher Uhrzeit.",
	"Die Wartezeit am Telefon ist inzwischen eine Zumutung.",
	"Freundliche Beratung, aber vorher 25 Minuten warten – das geht so nicht.",
	"Lange Wartezeit, am Ende aber kompetente Hilfe.",
	"Eine halbe Stunde Warteschleifenmusik, bevor überhaupt jemand rangeht.",
	"Am Ende wurde mir geholfen, aber die Wartezeit war viel zu lang.",
	"Seit ein paar Wochen muss man an der Hotline wirklich lange warten.",
	"Zweimal aus der Warteschleife geflogen, beim dritten Mal hat es geklappt.",
	"Mittags ist die Hotline besetzt, abends wartet man ewig.",
	"Das Problem war schnell gelöst, nur das Warten davor war nervig.",
}

var hotlineWaitEN = []string{
	"Waited 35 minutes in the queue before anyone picked up.",
	"The waiting time on the phone has become ridiculous.",
	"Helpful agent in the end, but the wait was far too long.",
	"Stuck in the phone queue for half an hour, then the line dropped.",
	"Long waits every time I call lately.",
}

var themed = []themedPool{
	{"Hotline", neg, 0.12, 0.75, langs{hotlineWaitDE, hotlineWaitEN}},
	{"Hotline", mid, 0.12, 0.70, langs{hotlineWaitDE, hotlineWaitEN}},
	{"App", neg, 0.85, 0.35, langs{
		de: []string{
			"Der Login in der App klappt seit Tagen nicht, ständig eine Fehlermeldung.",
			"Jedes Mal muss ich mich neu einloggen, das nervt.",
			"Nach dem Login hängt die App auf dem Ladebildschirm.",
			"Passwort zurückgesetzt und trotzdem kein Login möglich.",
			"Die App wirft mich ständig raus und ich muss mich wieder einloggen.",
			"Login per Fingerabdruck funktioniert nur jedes zweite Mal.",
		},
		en: []string{
			"Login keeps failing in the app.",
			"The app logs me out all the time and I have to log in again.",
			"Can't get past the login screen on my phone.",
		},
	}},
	{"App", mid, 0.85, 0.35, langs{
		de: []string{
			"Die App ist ok. Aber warum muss ich mich jedes Mal neu einloggen?",
			"Bestellen geht, nur der Login zickt öfter.",
			"Funktional in Ordnung, der Login dauert aber ewig.",
			"Eigentlich praktisch, wenn der Login nicht so oft hängen würde.",
		},
		en: []string{
			"The app works once you're in, but the login is flaky.",
			"Fine app, shame the login fails so often.",
		},
	}},
	{"App", pos, 0.25, 0.35, langs{
		de: []string{
			"Seit dem Update klappt der Login endlich ohne Probleme.",
			"Login per Gesichtserkennung geht jetzt blitzschnell, danke!",
			"Schöne App, und der Login hakt nicht mehr wie früher.",
		},
		en: []string{
			"Login works smoothly now after the update.",
			"Great app, and no more login trouble.",
		},
	}},
	{"Website", neg, 0.5, 0.1, langs{
		de: []string{"Auf der Website klappt der Login nur im dritten Anlauf.", "Kundenkonto auf der Website: Login schlägt ständig fehl."},
		en: []string{"The site login fails every other time."},
	}},
	{"Website", mid, 0.5, 0.1, langs{
		de: []string{"Die Website ist ok, der Login fliegt nur ständig raus."},
		en: []string{"Site is fine, but it keeps asking me to log in again."},
	}},
}

// special are the answers placed on purpose, each with its time.
type specialAnswer struct {
	item     item
	daysAgo  float64 // or, set, at
	at       string  // RFC 3339
	personal bool    // holds personal data, for the redactor to remove
	idea     bool
}

func idea(id, source, lang, tp string, score int, daysAgo float64, text string) specialAnswer {
	scale := "nps"
	if source == "reviews" {
		scale = "stars"
	}
	return specialAnswer{item: item{ID: id, Source: source, Scale: scale, Score: score, Comment: text, Touchpoint: tp, Language: lang}, daysAgo: daysAgo, idea: true}
}

var special = []specialAnswer{
	// The newest answer: the demo's "now".
	{item: item{ID: "r-0047", Source: "reviews", Scale: "stars", Score: 5, Comment: "Das Paket kam pünktlich im angekündigten Zeitfenster, und der Fahrer war super freundlich.", Touchpoint: "Lieferung", Language: "de"}},
	// The newest comment on the app: a discovered topic is named as its
	// newest comment spells it.
	{item: item{ID: "", Source: "survey", Scale: "nps", Score: 9, Comment: "Die App zeigt jetzt sogar an, wann der Fahrer ungefähr da ist. Sehr praktisch.", Touchpoint: "App", Language: "de"}, daysAgo: 0.2},
	// The example config's you_said_we_did card.
	{item: item{ID: "s-0059", Source: "survey", Scale: "nps", Score: 0, Comment: "Paket kam beschädigt an, der Inhalt (eine Glasvase) war komplett zerbrochen.", Touchpoint: "Lieferung", Language: "de"}, daysAgo: 26.8},
	// Personal data, for the redactor and cxtv-feed redactions.
	{item: item{ID: "s-0078", Source: "survey", Scale: "nps", Score: 10, Comment: "Frau Krüger an der Kasse in der Filiale Düsseldorf war einfach toll, hat mir beim Einpacken geholfen und mir noch einen Rabattcoupon mitgegeben. Viele Grüße, Thomas Schneider", Touchpoint: "Filiale", Language: "de"}, daysAgo: 12.1, personal: true},
	{item: item{ID: "r-0044", Source: "reviews", Scale: "stars", Score: 3, Comment: "Anliegen nach 20 Minuten Warteschleife geklärt. Für Rückfragen zu meiner Gutschrift bin ich unter (089) 12 34 56 erreichbar.", Touchpoint: "Hotline", Language: "de"}, daysAgo: 4.8, personal: true},

	// The long comments of the first demo, for the screens' rule for
	// comments too long to read in a card's time; one is an idea.
	kept("s-0086", 10, "Filiale", "en", "2026-11-18T12:16:36Z", "I'm only in Germany for a six-month project and needed to furnish a small flat quickly. The team at the Munich store spent almost an hour with me, put together a list of everything I needed, checked which items were in stock and arranged delivery for the very next Saturday. Everything arrived as promised and the two guys even assembled the bed. Honestly the best customer service I've had since moving here."),
	kept("s-0071", 1, "Hotline", "de", "2026-11-06T07:00:11Z", "Ich habe jetzt viermal bei der Hotline angerufen, weil meine Rücksendung vom 12. Oktober angeblich nie angekommen ist, obwohl ich den Einlieferungsbeleg habe. Jedes Mal erzählt mir jemand etwas anderes: Erst hieß es, das dauert bis zu 14 Tage, dann sollte ich den Beleg per Mail schicken, dann war die Mail angeblich nicht da. Es geht um 89,90 €. Ich erwarte, dass sich endlich jemand zuständig fühlt und mich zurückruft, statt mich weiter im Kreis zu schicken."),
	kept("s-0068", 10, "Hotline", "de", "2026-11-04T15:15:09Z", "Die Dame an der Hotline war unglaublich geduldig mit meiner Mutter (82), die zum ersten Mal online bestellt hat. Sie hat ihr Schritt für Schritt erklärt, wie das mit dem Kundenkonto funktioniert, und am Ende sogar noch die Lieferadresse korrigiert. Meine Mutter war ganz begeistert und hat gleich die nächste Bestellung aufgegeben. Vielen Dank für so viel Geduld – das ist heute leider nicht selbstverständlich."),
	kept("r-0032", 5, "Filiale", "de", "2026-10-30T13:57:55Z", "Ich bin eigentlich kein Freund von großen Ketten, aber die Filiale in Münster hat mich überzeugt. Ich suchte ein Geschenk für meinen Vater und hatte keine Ahnung. Der junge Mann an der Information hat mir nicht einfach das Teuerste angedreht, sondern gefragt, was mein Vater so macht, und mir am Ende eine Thermoskanne und ein gutes Taschenmesser für zusammen 38,50 € empfohlen. Die Geschenkverpackung gab es gratis dazu. Papa war begeistert!"),
	kept("s-0049", 10, "Filiale", "de", "2026-10-21T08:08:31Z", "Ich war mit einer defekten Kaffeemaschine in der Filiale Köln-Ehrenfeld, die ich eigentlich online gekauft hatte. Die Mitarbeiterin hat sie trotzdem angenommen, direkt ein Ersatzgerät aus dem Lager geholt und mir die Differenz von 12,50 € zum neueren Modell erlassen, weil das alte nicht mehr lieferbar war. Ich hatte mit einer langen Diskussion gerechnet und war nach zehn Minuten wieder draußen. Genau deshalb kaufe ich bei euch."),
	kept("s-0045", 9, "Lieferung", "de", "2026-10-17T13:04:09Z", "Ich bestelle seit Jahren bei Nordlicht und war eigentlich immer zufrieden. Diesmal gab es ein kleines Problem: Der Paketdienst hatte das Paket versehentlich an meine alte Adresse geliefert. Ein Anruf genügte, und noch am selben Tag ging eine Ersatzlieferung raus – ohne dass ich irgendetwas nachweisen musste. Einen Punkt Abzug nur, weil die Sendungsverfolgung den Fehler mit keinem Wort angezeigt hat."),
	kept("s-0043", 4, "App", "en", "2026-10-15T17:57:39Z", "The app crashed twice at checkout, and the third time it finally went through but charged my card twice. I contacted support through the in-app chat, got an automated reply saying someone would get back to me within 24 hours, and then heard nothing for four days. The duplicate charge of €54.80 has now been refunded, but only after I called the hotline. The products themselves are fine, but the app really needs work."),
	kept("s-0040", 7, "Website", "de", "2026-10-15T07:52:46Z", "Die Bestellung an sich war kein Problem, und die Ware ist auch in Ordnung. Was mich stört: Im Warenkorb stand bei der Lieferzeit „1–2 Werktage“, in der Bestätigungsmail dann plötzlich „3–5 Werktage“. Ich hatte extra wegen der angegebenen Lieferzeit bei euch bestellt, weil es ein Geburtstagsgeschenk war. Ist am Ende knapp gutgegangen, aber bitte zeigt die richtige Lieferzeit schon vor dem Kauf an."),
	kept("r-0014", 2, "Lieferung", "de", "2026-09-30T14:30:58Z", "Die Lieferung sollte am Freitag kommen, ich habe mir extra frei genommen. Um 17 Uhr kam die Nachricht, dass sie auf Montag verschoben wird – ohne Begründung. Am Montag stand das Paket dann bei einem Nachbarn drei Häuser weiter, obwohl ich als Ablageort ausdrücklich „nur persönlich“ angegeben hatte. Die Ware selbst ist in Ordnung, aber so ein Chaos erwarte ich bei einem Versandhändler eurer Größe nicht."),
	kept("r-0005", 4, "Filiale", "de", "2026-09-10T13:08:48Z", "Insgesamt eine gute Erfahrung in der Filiale Leipzig. Die Beratung zu den Fahrradanhängern war ausführlich und ehrlich, ich durfte sogar zwei Modelle auf dem Parkplatz ausprobieren. Einen Stern ziehe ich ab, weil das gewünschte Modell nicht vorrätig war und ich es jetzt für 9,95 € Versand nach Hause bestellen musste. Hätte man mir das vorher online angezeigt, wäre ich direkt in eine andere Filiale gefahren."),

	// Ideas of the current period.
	idea("", "survey", "de", "Lieferung", 9, 1.3, "Es wäre schön, wenn man das Lieferfenster auch abends wählen könnte."),
	idea("", "reviews", "en", "Website", 4, 2.6, "Please add Apple Pay to the checkout, it would save me a lot of typing."),
	idea("", "survey", "de", "Hotline", 6, 4.2, "Ich wünsche mir eine Rückruffunktion an der Hotline, statt ewig in der Warteschleife zu hängen."),
	idea("", "survey", "en", "Lieferung", 8, 6.9, "It would be great if the tracking page showed how many stops the driver has left."),
	idea("", "reviews", "de", "Filiale", 4, 9.4, "Eine Idee: Paketautomaten direkt vor der Filiale, dann kann man auch sonntags abholen."),
	idea("", "survey", "en", "App", 9, 13.7, "I wish the app had a shopping list I could share with my family."),
	idea("", "survey", "de", "App", 8, 17.2, "Bitte bietet in der App auch Ratenzahlung an."),
	idea("", "reviews", "en", "Website", 3, 21.5, "Suggestion: show the real delivery date before checkout, not only in the confirmation."),
	idea("", "survey", "de", "Website", 7, 25.1, "Es wäre toll, wenn die Website einen Größenvergleich mit meinen früheren Bestellungen anzeigen würde."),

	// Ideas of earlier periods.
	idea("", "survey", "de", "App", 8, 38.5, "Gute App, ein Widget für die Sendungsverfolgung wäre noch schön."),
	idea("", "survey", "en", "Website", 8, 44.0, "Decent site. Would be nice to filter by delivery time."),
	idea("", "reviews", "de", "Lieferung", 4, 52.3, "Ich würde mich freuen, wenn ihr Mehrwegverpackungen anbieten würdet."),
	idea("", "survey", "en", "Filiale", 9, 66.0, "Please offer gift wrapping at the store tills."),
}

// kept is an answer of the first, hand-written demo, at its time then.
func kept(id string, score int, tp, lang, at, text string) specialAnswer {
	source, scale := "survey", "nps"
	if id[0] == 'r' {
		source, scale = "reviews", "stars"
	}
	return specialAnswer{item: item{ID: id, Source: source, Scale: scale, Score: score, Comment: text, Touchpoint: tp, Language: lang}, at: at, idea: id == "s-0040"}
}
