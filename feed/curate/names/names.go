// Package names ships the word lists that the person matcher of
// feed/curate reads: first names of the population of a German-speaking
// workplace, the first names that are also ordinary words, the brands and
// titles that look like a person, and the common words that never are a
// name. README.md names the sources and licences.
package names

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
)

// files are the lists: one lower-case entry a line, # comments.
//
//go:embed *.txt
var files embed.FS

// Lists holds the entries of the shipped files, as written.
type Lists struct {
	// First are the first names, from every first-names-*.txt.
	First []string
	// Exclude are first names that are also ordinary words, months, places
	// or brands (exclude.txt and exclude-words.txt): not a name on their own,
	// still one after a title or a role ("Herr Frank").
	Exclude []string
	// LowerCase are first names that are ordinary words when written in
	// lower case only ("drew", "malte", "bob"): capitalised they are names.
	LowerCase []string
	// Common are words that are never taken for a name, not even after a
	// title: function words, frequent verbs and the nouns that follow
	// "Frau" or a role in an ordinary sentence ("Frau und Kinder", "der
	// Fahrer Montag früh").
	Common []string
	// NotPersons are phrases that contain a first name or a title but name
	// no one: "dr. oetker", "herr der ringe", "ben & jerry's".
	NotPersons []string
}

// Load reads the embedded lists. Its error names the file and line of a bad
// entry; as the files are embedded, a test catches it before a release.
func Load() (Lists, error) {
	var l Lists
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return l, err
	}
	for _, e := range entries {
		name := e.Name()
		var dst *[]string
		switch {
		case strings.HasPrefix(name, "first-names-"):
			dst = &l.First
		case name == "exclude.txt" || name == "exclude-words.txt":
			dst = &l.Exclude
		case name == "lower-case.txt":
			dst = &l.LowerCase
		case strings.HasPrefix(name, "common-"):
			dst = &l.Common
		case name == "not-persons.txt":
			dst = &l.NotPersons
		default:
			return l, fmt.Errorf("names: unexpected file %s", name)
		}
		b, err := files.ReadFile(name)
		if err != nil {
			return l, err
		}
		for i, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if line != strings.ToLower(line) {
				return l, fmt.Errorf("names: %s:%d %q: not lower case", name, i+1, line)
			}
			*dst = append(*dst, line)
		}
	}
	return l, nil
}
