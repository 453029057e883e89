package config_test

import (
	"strings"
	"testing"

	"github.com/cxtv/cxtv/config"
)

// A channel theme whose text would not read on its background is refused,
// naming the key and the contrast; readable themes load.
func TestThemeContrast(t *testing.T) {
	theme := func(kv string) string { return base + "    theme: {" + kv + "}\n" }
	tests := []struct {
		name string
		yaml string
		want string // "" loads
	}{
		{"readable", theme(`background: "#14213d", foreground: "#f5f1e8", accent: "#2ec27e"`), ""},
		{"light and dark", theme(`background: "#ffffff", foreground: "#222222", accent: "#0b5cad"`), ""},
		{"grey on grey", theme(`background: "#888888", foreground: "#777777"`),
			"channels[0].theme.foreground: #777777 on #888888 has contrast 1.2:1; text needs at least 4.5:1"},
		{"just below", theme(`background: "#ffffff", foreground: "#777777"`),
			"channels[0].theme.foreground: #777777 on #ffffff has contrast 4.4:1; text needs at least 4.5:1"},
		{"foreground on the default background", theme(`foreground: "#1a2a4a"`),
			"channels[0].theme.foreground: #1a2a4a on #14213d has contrast 1.1:1"},
		{"background under the default text", theme(`background: "#fafafa"`),
			"channels[0].theme.background: #f6f2ea on #fafafa has contrast 1.0:1"},
		{"pale accent", theme(`background: "#ffffff", foreground: "#111111", accent: "#9ad0f5"`),
			"channels[0].theme.accent: #9ad0f5 on #ffffff has contrast 1.6:1"},
		{"not a colour", theme(`foreground: "navy"`), `channels[0].theme.foreground: "navy" is not a colour like #14213d`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.ParseFeed(strings.NewReader(tt.yaml), "feed.yaml", noEnv)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("ParseFeed = %v, want no error", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("ParseFeed = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
