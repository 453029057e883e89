package config_test

import (
	"strings"
	"testing"

	"github.com/cxtv/cxtv/config"
)

func TestThemes(t *testing.T) {
	src := "themes: [{name: Wartezeit, match: [\"warte*\", \"hotline besetzt\"]}]\n" + base +
		"    theme: {accent: \"#ff8069\"}\n" +
		"    themes: [{name: Parken, match: [\"parkpl*\"]}]\n"
	f, err := config.ParseFeed(strings.NewReader(src), "feed.yaml", noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Themes) != 1 || f.Themes[0].Name != "Wartezeit" || len(f.Themes[0].Match) != 2 {
		t.Errorf("themes = %+v, want Wartezeit with two entries", f.Themes)
	}
	ch := f.Channels[0]
	if len(ch.Themes) != 1 || ch.Themes[0].Name != "Parken" || ch.Theme.Accent != "#ff8069" {
		t.Errorf("channel themes = %+v, theme = %+v; want Parken and the accent colour", ch.Themes, ch.Theme)
	}
	if ch.ThemeMinComments != config.DefaultThemeMinComments {
		t.Errorf("theme_min_comments = %d, want the default %d", ch.ThemeMinComments, config.DefaultThemeMinComments)
	}
}

func TestThemeErrors(t *testing.T) {
	tests := []struct {
		name, global, channel string
		want                  string
	}{
		{"no name", `[{match: [a]}]`, "", "feed.yaml: themes[0].name: is required"},
		{"same name", `[{name: A, match: [a]}, {name: a, match: [b]}]`, "", `themes[1].name: "a" is also the name of themes[0]`},
		{"global name in a channel", `[{name: A, match: [a]}]`, `[{name: A, match: [b]}]`, `channels[0].themes[0].name: "A" is also the name of themes[0]`},
		{"no match", "", `[{name: A}]`, "channels[0].themes[0].match: needs at least one"},
		{"empty match", "", `[{name: A, match: [a, " "]}]`, "channels[0].themes[0].match[1]: is empty"},
		{"star inside", "", `[{name: A, match: ["wa*te"]}]`, `channels[0].themes[0].match[0]: "wa*te": * may only end a word`},
		{"star alone", "", `[{name: A, match: ["hotline *"]}]`, `channels[0].themes[0].match[0]: "hotline *"`},
		{"not a list", `Wartezeit`, "", "themes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := base
			if tt.global != "" {
				src = "themes: " + tt.global + "\n" + src
			}
			if tt.channel != "" {
				src += "    themes: " + tt.channel + "\n"
			}
			_, err := config.ParseFeed(strings.NewReader(src), "feed.yaml", noEnv)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseFeed = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	_, err := config.ParseFeed(strings.NewReader(base+"    theme_min_comments: -1\n"), "feed.yaml", noEnv)
	if err == nil || !strings.Contains(err.Error(), "channels[0].theme_min_comments: must be ≥ 1") {
		t.Errorf("theme_min_comments -1: %v, want it refused", err)
	}
}
