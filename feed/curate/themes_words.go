package curate

import "strings"

// Stop words are left out of discovered topics: function words (after the
// Snowball project's German and English lists, abridged) and the words
// every feedback uses for its verdict ("gut", "great"), which say how
// customers feel but not what about. Lower case; compared with the
// comment's words lower-cased.
var (
	stopDE = wordSet(`
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern anders auch auf aus bei bin bis bist da damit dann das dass daß dasselbe dazu dein deine deinem deinen deiner deines dem demselben den denn denselben der derer derselbe derselben des desselben dessen dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er es etwas euch euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie sind so solche solchem solchen solcher solches soll sollte sondern sonst über um und uns unsere unserem unseren unser unseres unter viel vom von vor während war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen
ja nein mal schon immer ganz gerne gern leider echt wirklich total eigentlich bitte danke vielen dank heute gestern morgen wurde wurden wäre gibt gab geht ging kam kommt bekommen einfach halt eben etwa beim vom zum seit sowie dafür dabei darauf daran davon wegen trotz mehr weniger wenig sehr viele vielen letzte letzten nächste nächsten
gut gute guter gutes guten besser beste super toll prima klasse top perfekt schlecht schlechte schlechter schlechten schön schöne freundlich freundliche nett zufrieden unzufrieden okay ok alles immer wieder
`)
	stopEN = wordSet(`
a about above after again against all am an and any are aren't as at be because been before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't have haven't having he her here hers herself him himself his how i i'm if in into is isn't it it's its itself just let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same she should shouldn't so some such than that that's the their theirs them themselves then there there's these they they're this those through to too under until up very was wasn't we we're were weren't what what's when where which while who whom why will with won't would wouldn't you you're your yours yourself yourselves
also really still even get got getting go going went come came make made much many lot lots thing things one two time times today yesterday always never ever again please thanks thank yes
good great nice bad terrible awesome excellent amazing fine ok okay poor best worst better worse love loved like liked happy unhappy satisfied friendly perfect
`)
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for w := range strings.FieldsSeq(s) {
		m[w] = true
	}
	return m
}
