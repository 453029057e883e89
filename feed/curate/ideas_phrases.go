// The phrase lists of the idea detector (ideas.go).

package curate

// The phrase lists, one pattern a line. A pattern is words separated by
// spaces; a word may be alternatives (a|b|c), each ending in * to match as
// a prefix; ~N skips up to N words; ":" is the colon. Words are written as
// one spells them, with umlauts.
const (
	// Verbs of a request for an offering: German imperative plural and
	// infinitive (with Sie), English.
	deVerbT  = "bietet|führt|macht|stellt|schafft|erweitert|verlängert|behaltet|bringt|nehmt|installiert|denkt|überlegt|ändert|holt|zeigt|startet|plant|gebt"
	deVerbEn = "bieten|führen|machen|stellen|schaffen|erweitern|verlängern|behalten|bringen|nehmen|installieren|überlegen|ändern|einführen|anbieten|aufnehmen|aufstellen|anschaffen|einbauen|zeigen|geben|schulen|einstellen|anbringen"
	enVerb   = "add|offer|bring|consider|introduce|stock|install|provide|extend|keep|open|allow|include|start|sell|serve|make|put|think|expand|hire|improve|change|lower|reduce|have|get|label|show|list|create|let|do|use|bring|return|reintroduce|carry"
	deGood   = "schön|toll|super|klasse|prima|gut|hilfreich|praktisch|cool|nett|sinnvoll|wünschenswert|ideal|besser|genial|angenehm|spitze|top|großartig|wunderbar|fein|klug|hilfreicher|schöner|praktischer|sinnvoller|nice|mega|stark|geil|lässig|fair|richtig"
	enGood   = "great|nice|good|helpful|awesome|cool|lovely|amazing|fantastic|better|handy|useful|brilliant|perfect|ideal|appreciated|wonderful|super|sensible|smart|welcome|easier|fab|sweet|neat|dope|grand|epic|clever"
)

const ideaCues = `
wäre|wären|wär|wärs ~2 ` + deGood + `
` + deGood + ` wäre|wären|wär
wünsche|wünschen|wünscht|wünschte|wünschten|wünschenswert
mein|meine|unser|unsere|einziger|ein|kleiner|großer|größter|letzter|weiterer wunsch|wünsche
wunsch|wünsche :|wäre
wie wäre|wär|wärs ~1 mit|wenn|damit
was haltet|halten ihr|sie von
warum|wieso|weshalb gibt es ~3 kein*
warum|wieso|weshalb gibt es ~3 nicht mehr
warum|wieso|weshalb habt|haben|bietet|bieten|führt|führen|verkauft|verkaufen ihr|sie ~3 kein*|nicht
warum|wieso|weshalb ~1 kein|keine|keinen
warum|wieso|weshalb nicht ~1 mal|einfach|auch|öfter|ein|eine|einen|mehr
es|was|mir|uns fehlt|fehlen
fehlt|fehlen ~1 ein|eine|einen|noch|leider|einfach|definitiv|wirklich|echt|hier
fehlt|fehlen ~1 vegetarisch*|vegan*|glutenfrei*|laktosefrei*|regional*|gesund*|warm*|frisch*
vermisse|vermissen
bitte ~3 ` + deVerbT + `
` + deVerbT + ` ~2 bitte
bitte ~3 ` + deVerbEn + `
` + deVerbEn + ` sie ~2 bitte
bitte ~1 mehr|wieder|öfter|häufiger|auch
mehr ~3 bitte
könntet|könnten|könnt|könntest ihr|sie|du
könnte|könnten man
man könnte|könnten
habt|haben ihr|sie ~2 überlegt|gedacht|nachgedacht
man|ihr|sie sollte|solltet|sollten
sollte|solltet|sollten man|ihr|sie
es sollte|sollten|muss|müsste|müssten ~7 geben
ich|wir hätte|hätten ~1 gern|gerne
fände|fänd|fänden|fänds ~5 ` + deGood + `
würde|würden mich|uns ~4 freuen
wäre|ist es möglich|machbar|denkbar
gibt|gäbe es ~1 die|eine möglichkeit|chance|option
gibt es pläne
` + deGood + ` fände|fänd|fänden
tipp|hinweis an|für ~3 :
verbesserung|verbesserungsidee|verbesserungsideen|verbesserungswunsch|verbesserungswünsche :
verbesserungsidee|verbesserungsideen|verbesserungswunsch|verbesserungswünsche
vielleicht|vllt|evtl|eventuell ~5 nachdenken|überlegen|einführen|anbieten|aufnehmen|anschaffen|einbauen|aufstellen|erweitern|verlängern
gerne|gern mehr|öfter
meine|eine|kleine|große|letzte bitte :|wäre
sollte|sollten auch|mal|lieber|besser|unbedingt|dringend|endlich
man|ihr|sie müsste|müssten|müsstet
ihr|sie könntet|könnten
` + deVerbT + ` ~1 doch|mal
vorschlag*
verbesserungsvorschl*
anregung*
schlage|schlagen ~3 vor
eine|meine|kleine|unsere|weitere|kurze|nächste idee|ideen
idee|ideen : 
idee|ideen für|fürs|zum|zur|wäre
schade dass|das ~4 kein*
schade dass|das ~5 nicht mehr
braucht|brauchen|bräuchte|bräuchtet|bräuchten ~2 mehr|dringend|unbedingt|eine|einen|ein
would|itd|thatd|id|wed|theyd be ~2 ` + enGood + `
wouldnt it be ~2 ` + enGood + `
would ~1 help
i|we ~1 wish
wish list
wishlist
my|only|one wish
please|pls|plz|plse ~2 ` + enVerb + `
please|pls|plz ~1 more
more ~4 please|pls|plz
maybe|perhaps ~1 add|offer|consider|try|have|get|introduce|open|put|bring
maybe|perhaps you|u|they|we could|can|should
consider|considered ~1 adding|offering|having|introducing|opening|bringing|selling|making|putting|getting|stocking|extending|hiring|serving
think|thought about ~1 adding|offering|having|introducing|opening|bringing|selling|making|doing
why you|u|they dont|doesnt ~1 ` + enVerb + `
could|can we get|have
any plans|plan to|for
feature request*
request :
wish you|u|they had|would|offered|sold|did|could|d
there ~1 should be
you|u could ~2 ` + enVerb + `
would make ~3 difference|easier|better|sense
would ~1 make it|things|life easier|better
id|i|wed ~1 would change|improve|add
id|wed change|improve|add
bring ~3 back
why not ~1 ` + enVerb + `|a|an|more|some|just
why dont|doesnt|do|cant|wont|couldnt you|they|u ~2 ` + enVerb + `
why is|are there no|not|nothing
why isnt|arent there
why no
why do you not ~1 ` + enVerb + `
you|u|yall|guys should
should|shouldnt ~1 ` + enVerb + `
there should be
there needs|need to be
would|id|wed ~2 love
would|id|wed ~1 like to see|have|be
would|id|wed ~1 like more|a|an|some|if|it|options|the
any chance
could ~1 use
missing :
have you ~1 thought|considered
would appreciate
suggest
suggestion*
how|what about ~1 a|an|some|more|adding|offering|having|introducing|opening|selling|making|bringing
could|can|would|will you|u ~2 ` + enVerb + `
would it be possible
is it possible ~1 to|for
shame|pity ~4 stopped|discontinued|removed|no|dont|isnt|arent|doesnt
too bad ~3 stopped|discontinued|removed|no|dont|isnt|arent|doesnt
need ~1 more|a|an|some
i|we ~1 miss
thing ~1 missing
what is|s missing
whats missing
missing is
an|one|my|small|little|quick|another|our|just idea|ideas
idea|ideas :
idea|ideas for|would
`

const ideaUnless = `
wäre|wären|wär ~5 gewesen
hätte|hätten ~6 sollen|können|müssen
would|could|should have|ve
wouldve|couldve|shouldve
wünsche|wünschen|wünscht|wünschte|wünschten euch|ihnen|dir|allen|frohe*|schöne*|guten|gute|ein|eine|einen|weiterhin|viel|alles
wünschte ~1 ich|wir
fehlen|fehlt ~2 worte
vermisse|vermissen ~3 paket|sendung|lieferung|bestellung
miss ~3 package|parcel|delivery|order
add me|us
nehmt|nehmen ~1 mich|uns
macht|machen ~1 weiter
keep ~1 going
keine|no|nothing|nichts ~1 verbesserungsvorschl*|vorschlag*|vorschläge|anregung*|suggestion*|suggest|ideen|ideas|wünsche
wish i|we|id|wed
wish you|u|yall|everyone a|an|all|the|happy|merry|good|luck|well|success|continued|best|nice|great
sollte|solltet|sollten ~1 man meinen|denken
sollte|solltet|sollten meinen|denken
should think
sollte|solltet|sollten ~4 probieren|testen|essen|hingehen|vorbeischauen|meiden
should ~2 try|visit|go|come|check|definitely|eat|avoid
should ~1 be proud|ashamed
sollte|sollten|solltet|should ~2 hören|sehen|hear|see|know
sollte|müsste|müssten ~1 meinen|denken
wish|wünschte ~4 immer|always
more of this|that|the
mehr davon
everything|alles ~2 missing|gefehlt|fehlte
keep it|this|that like|as|this
so lassen
bleibt so
could|can have been|be
nothing to suggest
no suggestions
nichts zu verbessern
keine vorschläge
love to ~1 come|visit|return|go|eat|stay|be|give|rate
keep up
keep it up
keep ~2 good|great work
nie wieder
never again
no idea
keine ahnung
no one
nobody
noone
niemand
keiner
mehr als
more than
`

const ideaVetoes = `
zurückrufen|zurückzurufen|zurückgerufen|rückruf|rückrufs|anrufen
bei mir ~2 melden
melden sie sich
meldet euch|sich
melde dich
kontaktieren|kontaktiert
antwort|antworten|beantwortet|beantworten|rückmeldung|reaktion
erstattung|rückerstattung|gutschrift|entschädigung|entschuldigung
geld zurück
mein|meine|meines|meinen|meinem|meiner problem*|anliegen*|fall|falls
mein|meine|meinen|meinem|meiner bestellung|paket|lieferung|sendung|rechnung|reklamation|beschwerde|konto|vertrag|auftrag|geld|gutschrift|anliegen|ticket|mail
mir|mich ~6 sagen|schicken|senden|zusenden|mitteilen|informieren|kontaktieren|zukommen|rechnung|quittung|beleg|kopie|bestätigung
schämen
umgesetzt|aufgegriffen|ignoriert|ignored|abgelehnt|rejected|dismissed|übergangen
call me
call back
back to me
contact me
email me
reply|respond|response|answer|answered|responded
hear back
hear from you
reach me
manager|supervisor
refund|refunded|compensation|apology|apologise|apologize
money back
receipt|invoice
my order|package|parcel|delivery|money|invoice|bill|account|complaint|case|ticket|email|refund
tell me
send me
let me know
ashamed
shame on
on board
implemented
`
