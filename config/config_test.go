package config_test

import (
	"os"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/config"
)

func noEnv(string) (string, bool) { return "", false }

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestExamplesLoad(t *testing.T) {
	f, err := config.LoadFeed("feed.example.yaml")
	if err != nil {
		t.Fatalf("LoadFeed(feed.example.yaml) = %v", err)
	}
	ch, ok := f.Channel("canteen")
	if !ok {
		t.Fatal("example has no channel canteen")
	}
	if got := len(ch.Slides); got != 6 {
		t.Errorf("canteen slides = %d, want 6", got)
	}
	if ch.Slides[0].Seconds != 10 || ch.Targets.NPS != 40 {
		t.Errorf("canteen = %+v, want slide seconds 10 and NPS target 40", ch)
	}
	d, err := config.LoadDisplay("display.example.yaml")
	if err != nil {
		t.Fatalf("LoadDisplay(display.example.yaml) = %v", err)
	}
	if d.Channel != "canteen" || d.Token != ch.DisplayToken {
		t.Errorf("display example = %+v, want channel canteen with the feed example's display token", d)
	}
}

func TestEnvOverrides(t *testing.T) {
	src, _ := os.ReadFile("feed.example.yaml")
	f, err := config.ParseFeed(strings.NewReader(string(src)), "feed.yaml", envOf(map[string]string{
		"CXTV_ADMIN_TOKEN": "from-env",
		"CXTV_LISTEN":      "127.0.0.1:9999",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if f.AdminToken != "from-env" || f.Listen != "127.0.0.1:9999" {
		t.Errorf("admin_token, listen = %q, %q; want the environment's", f.AdminToken, f.Listen)
	}
	dsrc, _ := os.ReadFile("display.example.yaml")
	d, err := config.ParseDisplay(strings.NewReader(string(dsrc)), "display.yaml", envOf(map[string]string{
		"CXTV_FULLSCREEN": "false",
		"CXTV_ROTATION":   "90",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if d.Fullscreen || d.Rotation != 90 {
		t.Errorf("fullscreen, rotation = %v, %d; want false, 90 from the environment", d.Fullscreen, d.Rotation)
	}
}

const base = `
listen: "127.0.0.1:8080"
data: "./x.db"
admin_token: "a"
sources:
  - {name: survey, token: "s", scale: nps}
channels:
  - name: canteen
    display_token: "d"
    sources: [survey]
`

func TestFeedErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // every one must appear in the error
	}{
		{"unknown slide", base + "    slides: [comments, trnd]\n", []string{`feed.yaml: channels[0].slides[1]: unknown slide "trnd"`}},
		{"unknown key", base + "    colour: red\n", []string{"feed.yaml", "colour"}},
		{"unknown channel key", base + "    languages: x\n", []string{"channels[0]", "languages"}},
		{"bad scale", strings.Replace(base, "scale: nps", "scale: percent", 1), []string{`sources[0].scale: unknown scale "percent"`}},
		{"reused token", strings.Replace(base, `token: "s"`, `token: "a"`, 1), []string{"sources[0].token: is the same as admin_token"}},
		{"channel source", strings.Replace(base, "sources: [survey]", "sources: [survy]", 1), []string{`channels[0].sources[0]: unknown source "survy"`}},
		{"short slide", base + "    slides: [{kind: nps, seconds: 1}]\n", []string{"channels[0].slides[0].seconds: must be ≥ 3"}},
		{"several at once", strings.Replace(base, `admin_token: "a"`, `admin_token: ""`, 1) + "    language: fr\n",
			[]string{"admin_token: is required", `channels[0].language: "fr" is not supported`}},
		{"not yaml", "listen: [", []string{"feed.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.ParseFeed(strings.NewReader(tt.yaml), "feed.yaml", noEnv)
			if err == nil {
				t.Fatalf("ParseFeed = nil error, want one mentioning %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ParseFeed error = %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestSlideForms(t *testing.T) {
	f, err := config.ParseFeed(strings.NewReader(base+"    slide_seconds: 7\n    slides: [nps, {kind: trend, seconds: 20}]\n"), "feed.yaml", noEnv)
	if err != nil {
		t.Fatal(err)
	}
	got := f.Channels[0].Slides
	if len(got) != 2 || got[0] != (config.SlideConfig{Kind: "nps", Seconds: 7}) || got[1] != (config.SlideConfig{Kind: "trend", Seconds: 20}) {
		t.Errorf("slides = %+v, want nps/7 and trend/20", got)
	}
}

func TestDisplayErrors(t *testing.T) {
	_, err := config.ParseDisplay(strings.NewReader("server: ftp://x\nchannel: Canteen!\nrotation: 45\n"), "display.yaml", noEnv)
	if err == nil {
		t.Fatal("ParseDisplay = nil error for a bad config")
	}
	for _, w := range []string{"display.yaml: server:", "display.yaml: channel:", "display.yaml: token: is required", "rotation: 45 is not one of"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("ParseDisplay error = %q, want it to contain %q", err, w)
		}
	}
}
