package main

import (
	"slices"
	"testing"
	"time"

	"github.com/cxtv/cxtv/config"
)

// A channel's themes follow the global ones, and the global list is not
// changed by appending them.
func TestChannelOptionsThemes(t *testing.T) {
	global := make([]config.TopicConfig, 1, 4)
	global[0] = config.TopicConfig{Name: "Wartezeit", Match: []string{"warte*"}}
	hide := true
	var got [2][]string
	for i, name := range []string{"Parken", "Kasse"} {
		ch := &config.ChannelConfig{
			Name: "c", ThemeMinComments: 7, Privacy: config.ChannelPrivacy{HideNegative: &hide},
			Themes: []config.TopicConfig{{Name: name, Match: []string{"x"}}},
		}
		out, err := channelOptions(ch, global, logo{}, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		if out.ThemeMinComments != 7 {
			t.Errorf("ThemeMinComments = %d, want 7", out.ThemeMinComments)
		}
		for _, th := range out.Themes {
			got[i] = append(got[i], th.Name)
		}
	}
	if !slices.Equal(got[0], []string{"Wartezeit", "Parken"}) || !slices.Equal(got[1], []string{"Wartezeit", "Kasse"}) {
		t.Errorf("themes = %q, want the global theme, then each channel's own", got)
	}
}
