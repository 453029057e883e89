package curate

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/cxtv/cxtv/feed/curate/names"
)

// KindPerson is a person named in a comment: the name after a title or a
// role, after "an/von/from/to", a full name or a known first name.
const KindPerson Kind = "person"

// Options configures NewRedactorWith.
type Options struct {
	// Names are hidden wherever they stand, as by NewRedactor: the config's
	// moderation.names.
	Names []string
	// Allow are words and phrases never taken for a person, the config's
	// privacy.allow: a branch "Berlin-Mitte", a product named like a first
	// name. They match as whole words, ignoring case. They do not protect
	// a configured name, an e-mail address or a number.
	Allow []string
}

// NewRedactorWith returns a Redactor for o. The error names every bad
// entry, as names[1] "A": … or allow[0] "": empty.
func NewRedactorWith(o Options) (*Redactor, error) {
	r, err := NewRedactor(o.Names)
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	allow := phrases{}
	for i, w := range o.Allow {
		if err := allow.add(w); err != nil {
			errs = append(errs, fmt.Errorf("allow[%d] %q: %w", i, w, err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	r.allow = allow
	return r, nil
}

// The flags of a word in the lexicon. A word can have several: "kollegin"
// is a role and an address, "von" a preposition and a particle.
const (
	wFirst           uint32 = 1 << iota // a first name
	wExcluded                           // a first name that is also a word: a name only after a title or a role
	wLowerWord                          // a first name that is a word when written in lower case
	wCommon                             // never a name
	wTitle                              // a form of address: Herr, Frau, Mr
	wDotted                             // a title that, written in lower case, needs its dot: "ms." but not "ms"
	wAcademic                           // what follows "Dr.": "med.", "rer. nat."
	wAddress                            // a noun between a title and a name: "Frau Kollegin Schmidt", "Herr Ober"
	wRole                               // a role before a name: "Fahrer Mehmet"
	wPrep                               // a preposition or a greeting before a first name: "an Ayşe", "thanks Emma"
	wParticle                           // a particle of a surname: "von", "van", "al"
	wParticle2                          // a second particle: the "der" of "van der"
	wAnd                                // "und", "and": "an Jürgen und Nadine"
	wArticle                            // an article or a possessive: "die Frau von Amazon" is a woman, no address
	wPhrase                             // the first word of a not-person phrase
	wFunction                           // a first name that is also a function word: "Nur Rosen auf dem Tisch" names no one
	wRoleFirst                          // a role before a first name only: English ("the manager Frankfurt branch"), "Chef Salat"
	wPossessive                         // "meine Frau Sabine" is a wife with a first name, "meine Frau Blumen" no one
	wSurnameParticle                    // may begin a surname after a first name: "Ursula van der Berg", not "Sonja von der Buchhaltung"
)

// lexicon is what the person matcher knows of words: flags by folded word,
// and the not-person phrases. It is built once and shared by every
// Redactor; it never changes after.
type lexicon struct {
	words      map[string]uint32
	notPersons phrases
	suffixes   []string // German role compounds end with one: "Filialleiterin", "Busfahrer"
}

var sharedLexicon = sync.OnceValues(buildLexicon)

// The grammar of names, as opposed to the lexicon's data: titles, roles,
// prepositions. Feminine and plural forms are listed where they differ.
var (
	titles = []string{"herr", "herrn", "frau", "fräulein", "hr", "fr", "frl", "dr", "prof",
		"mr", "mrs", "ms", "miss", "mx"}
	dotted   = []string{"hr", "fr", "frl", "dr", "prof", "ms", "mx", "miss"}
	academic = []string{"med", "dent", "vet", "rer", "nat", "phil", "jur", "pol", "oec", "ing", "habil", "dipl"}
	address  = []string{"ober", "kollege", "kollegin", "doktor", "doktorin", "professor", "professorin",
		"pfarrer", "pfarrerin", "pastor", "pastorin", "minister", "ministerin", "präsident", "präsidentin",
		"direktor", "direktorin", "kommissar", "kommissarin", "nachbar", "nachbarin", "lehrer", "lehrerin",
		"chef", "chefin", "bürgermeister", "bürgermeisterin", "rektor", "rektorin", "ingenieur", "ingenieurin",
		"anwalt", "anwältin", "rechtsanwalt", "rechtsanwältin", "notar", "notarin", "vorsitzende", "vorsitzender",
		"president", "professor", "officer", "judge"}
	roles = []string{
		"mitarbeiter", "mitarbeiterin", "kollege", "kollegin", "kollegen", "berater", "beraterin",
		"fahrer", "fahrerin", "verkäufer", "verkäuferin", "filialleiter", "filialleiterin",
		"kassierer", "kassiererin", "servicekraft", "techniker", "technikerin", "monteur", "monteurin",
		"kellner", "kellnerin", "koch", "köchin", "azubi", "auszubildende", "auszubildender",
		"chef", "chefin", "leiter", "leiterin", "betreuer", "betreuerin", "ansprechpartner",
		"ansprechpartnerin", "zusteller", "zustellerin", "bote", "botin", "hausmeister", "hausmeisterin",
		"sachbearbeiter", "sachbearbeiterin", "angestellte", "angestellter", "praktikant", "praktikantin",
		"aushilfe", "bedienung", "arzt", "ärztin", "pfleger", "pflegerin", "krankenschwester",
		"schwester", "bruder", "sohn", "tochter", "mutter", "vater", "onkel", "tante", "opa", "oma",
		"freund", "freundin", "nachbar", "nachbarin", "cousin", "cousine",
		"agent", "driver", "cashier", "waiter", "waitress", "manager", "clerk", "rep", "representative",
		"advisor", "adviser", "technician", "courier", "nurse", "doctor", "colleague", "coworker",
		"supervisor", "assistant", "consultant", "engineer", "cook", "barista", "receptionist",
		"janitor", "caretaker", "postman", "mailman", "employee", "boss", "operator", "chef",
		"wife", "husband", "son", "daughter", "brother", "sister", "friend", "mom", "mum", "dad",
		"uncle", "aunt", "neighbour", "neighbor"}
	// roleSuffixes end German compounds that name a role: "Teamleiterin",
	// "Paketbote", "Reinigungskraft", "Grillmeister".
	roleSuffixes = []string{"mitarbeiter", "mitarbeiterin", "berater", "beraterin", "fahrer", "fahrerin",
		"leiter", "leiterin", "verkäufer", "verkäuferin", "kassierer", "kassiererin", "techniker",
		"technikerin", "zusteller", "zustellerin", "betreuer", "betreuerin", "monteur", "monteurin",
		"kellner", "kellnerin", "bote", "botin", "meister", "meisterin", "chef", "chefin", "koch",
		"köchin", "kraft", "pfleger", "pflegerin", "helfer", "helferin", "partner", "partnerin"}
	preps = []string{"an", "von", "bei", "mit", "für", "durch", "dank", "danke", "lob", "grüße",
		"hallo", "liebe", "lieber", "from", "to", "with", "by", "thanks", "thank", "dear", "hi", "hey"}
	particles  = []string{"von", "van", "de", "di", "da", "del", "della", "du", "le", "la", "zu", "al", "el", "bin", "ibn", "ter", "ten", "dos"}
	particles2 = []string{"der", "den", "dem", "de", "la", "le", "los", "zu"}
	// functionNames are first names that are also function words, far more
	// often the word even before a capitalised one: "Nur Rosen…", "Will
	// Sie…", "Per Post", "May I…". Other names that are words count with a
	// surname: "Frank Meier", "Grace Kelly".
	functionNames = []string{"nur", "per", "allen", "darin", "davor", "kamen", "landen", "lasse", "solange",
		"roch", "said", "till", "even", "fine", "long", "can", "may", "will", "my", "else", "mi", "ha", "so", "jo"}
	// roleFirst need a first name after them: English roles, where a
	// capitalised word is a place or a brand more often than a surname, and
	// German roles that are words of the menu ("Chef Salat").
	roleFirst = []string{"koch", "köchin", "chef", "chefin",
		"agent", "driver", "cashier", "waiter", "waitress", "manager", "clerk", "rep", "representative",
		"advisor", "adviser", "technician", "courier", "nurse", "doctor", "colleague", "coworker",
		"supervisor", "assistant", "consultant", "engineer", "cook", "barista", "receptionist",
		"janitor", "caretaker", "postman", "mailman", "employee", "boss", "operator",
		"wife", "husband", "son", "daughter", "brother", "sister", "friend", "mom", "mum", "dad",
		"uncle", "aunt", "neighbour", "neighbor"}
	possessives = []string{"mein", "meine", "meinem", "meiner", "dein", "deine", "unser", "unsere",
		"unserer", "sein", "seine", "seiner", "euer", "eure", "my", "our", "your", "his"}
	surnameParticles = []string{"van", "de", "di", "da", "del", "della", "du", "le", "la", "al", "el", "bin", "ibn", "ter", "ten", "dos"}
	ands             = []string{"und", "and", "&"}
	articles         = []string{"der", "die", "das", "dem", "den", "des", "ein", "eine", "einer", "einem", "einen",
		"mein", "meine", "meinem", "meiner", "dein", "deine", "unser", "unsere", "unserer", "sein", "seine",
		"ihr", "ihre", "ihrer", "the", "a", "this", "that", "my", "our", "your", "his", "her"}
)

func buildLexicon() (*lexicon, error) {
	lists, err := names.Load()
	if err != nil {
		return nil, err
	}
	lx := &lexicon{words: make(map[string]uint32, len(lists.First)+1000), notPersons: phrases{}, suffixes: roleSuffixes}
	set := func(ws []string, f uint32) {
		var buf []byte
		for _, w := range ws {
			buf = appendFolded(buf[:0], w)
			lx.words[string(buf)] |= f
		}
	}
	set(lists.First, wFirst)
	set(lists.Exclude, wExcluded)
	set(lists.LowerCase, wLowerWord)
	set(lists.Common, wCommon)
	set(titles, wTitle)
	set(dotted, wDotted)
	set(academic, wAcademic)
	set(address, wAddress)
	set(roles, wRole)
	set(preps, wPrep)
	set(particles, wParticle)
	set(particles2, wParticle2)
	set(functionNames, wFunction)
	set(roleFirst, wRoleFirst)
	set(possessives, wPossessive)
	set(surnameParticles, wSurnameParticle)
	set(ands, wAnd)
	set(articles, wArticle)
	for _, p := range lists.NotPersons {
		if err := lx.notPersons.add(p); err != nil {
			return nil, fmt.Errorf("names: not-persons %q: %w", p, err)
		}
	}
	for first := range lx.notPersons {
		lx.words[first] |= wPhrase
	}
	return lx, nil
}

// phrases are sequences of folded words, by their first word.
type phrases map[string][][]string

// add splits entry into words: runs of letters, digits and marks, so that
// "Ben & Jerry's" is ben, jerry, s and "Fritz!Box" fritz, box.
func (ps phrases) add(entry string) error {
	var words []string
	for i := 0; i < len(entry); {
		r, size := utf8.DecodeRuneInString(entry[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		end := wordEnd(entry, i)
		words = append(words, string(appendFolded(nil, entry[i:end])))
		i = end
	}
	if len(words) == 0 {
		if strings.TrimSpace(entry) == "" {
			return errors.New("empty")
		}
		return errors.New("no letters")
	}
	ps[words[0]] = append(ps[words[0]], words)
	return nil
}
