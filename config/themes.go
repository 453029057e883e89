package config

import (
	"strings"
)

// TopicConfig is one of the admins' themes, a topic of the comments: they
// mention it when they contain one of Match, a word or words in sequence,
// case-insensitively and with ä, ö, ü, ß the same as ae, oe, ue, ss; a word
// ending in * matches every word that begins with it (warte* finds
// "Wartezeit"). Not to be confused with a channel's theme, its colours.
type TopicConfig struct {
	Name  string   `mapstructure:"name"`
	Match []string `mapstructure:"match"`
}

// DefaultThemeMinComments is how many comments of the period a theme or a
// discovered topic needs before a screen shows it.
const DefaultThemeMinComments = 10

// validateThemes checks the themes at key p; taken are the names already
// used, by p's key path, to which the valid ones are added.
func validateThemes(p string, themes []TopicConfig, taken map[string]string, errs *fieldErrs) {
	for i, t := range themes {
		tp := pathf("%s[%d]", p, i)
		name := strings.TrimSpace(t.Name)
		switch key := strings.ToLower(name); {
		case name == "":
			errs.add(tp+".name", "is required")
		case taken[key] != "":
			errs.add(tp+".name", "%q is also the name of %s", t.Name, taken[key])
		default:
			taken[key] = tp
		}
		if len(t.Match) == 0 {
			errs.add(tp+".match", "needs at least one word or phrase")
		}
		for j, m := range t.Match {
			mp := pathf("%s.match[%d]", tp, j)
			words := strings.Fields(m)
			if len(words) == 0 {
				errs.add(mp, "is empty")
				continue
			}
			for _, w := range words {
				if w == "*" || strings.Contains(strings.TrimSuffix(w, "*"), "*") {
					errs.add(mp, "%q: * may only end a word (warte* matches Wartezeit)", m)
					break
				}
			}
		}
	}
}
