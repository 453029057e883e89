package config_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

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
	if got := len(ch.Slides); got != 9 {
		t.Errorf("canteen slides = %d, want 9", got)
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

// Every slide kind a playlist may name is accepted, touchpoints among them.
func TestSlideKindsAccepted(t *testing.T) {
	for _, kind := range config.SlideKinds {
		t.Run(kind, func(t *testing.T) {
			src := base + "    slides: [" + kind + ", {kind: " + kind + ", seconds: 12}]\n"
			f, err := config.ParseFeed(strings.NewReader(src), "feed.yaml", noEnv)
			if err != nil {
				t.Fatalf("ParseFeed(slides: [%s]) = %v", kind, err)
			}
			if got := f.Channels[0].Slides; len(got) != 2 || got[0].Kind != kind || got[1].Seconds != 12 {
				t.Errorf("ParseFeed(slides: [%s]).slides = %+v", kind, got)
			}
		})
	}
	if !slices.Contains(config.SlideKinds, "touchpoints") {
		t.Errorf("SlideKinds = %v, want touchpoints among them", config.SlideKinds)
	}
}

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
		{"too many screens", base + "    max_screens: 200000\n", []string{"channels[0].max_screens: 200000 is outside 1…100000"}},
		{"no screens", base + "    max_screens: -1\n", []string{"channels[0].max_screens: -1 is outside 1…100000"}},
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

func TestMaxScreens(t *testing.T) {
	for _, tt := range []struct {
		yaml string
		want int
	}{{base, config.DefaultMaxScreens}, {base + "    max_screens: 12000\n", 12000}} {
		f, err := config.ParseFeed(strings.NewReader(tt.yaml), "feed.yaml", noEnv)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Channels[0].MaxScreens; got != tt.want {
			t.Errorf("max_screens = %d, want %d", got, tt.want)
		}
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

// polledFeed is a config with a polled source "shop" whose poll section is
// the given YAML lines (indented by six spaces).
func polledFeed(poll string) string {
	return strings.Replace(base, "channels:", `  - name: shop
    scale: stars
    poll:
`+poll+`channels:`, 1)
}

func TestPolledSource(t *testing.T) {
	f, err := config.ParseFeed(strings.NewReader(polledFeed(`      url: "https://api.example.com/reviews"
      fields: {id: uuid, score: rating}
`)), "feed.yaml", noEnv)
	if err != nil {
		t.Fatalf("ParseFeed(polled source without token) = %v", err)
	}
	s := f.Sources[1]
	if !s.Polled() || s.Token != "" || s.Poll.Format != "json" || s.Poll.Interval != config.DefaultPollInterval || s.Poll.Timeout != config.DefaultPollTimeout {
		t.Errorf("polled source = %+v, want format json, interval 15m, timeout 10s by default", s)
	}
	if s.Poll.Fields["id"] != "uuid" || f.Sources[0].Polled() {
		t.Errorf("fields = %v, survey polled = %v", s.Poll.Fields, f.Sources[0].Polled())
	}
}

func TestPolledSourceErrors(t *testing.T) {
	const url = "      url: \"https://api.example.com/reviews\"\n"
	tests := []struct {
		name, poll, want string
	}{
		{"no url", "      interval: 5m\n", "sources[1].poll.url: is required when other poll keys are set"},
		{"ftp", "      url: \"ftp://example.com/x\"\n", "sources[1].poll.url: is not an http or https URL"},
		{"format", url + "      format: xml\n", `sources[1].poll.format: "xml" is not one of [json rss atom feed]`},
		{"too often", url + "      interval: 30s\n", "sources[1].poll.interval: 30s is outside 1m0s…24h0m0s"},
		{"not a duration", url + "      interval: 15 min\n", "sources[1].poll.interval"},
		{"timeout", url + "      interval: 1m\n      timeout: 2m\n", "sources[1].poll.timeout: 2m0s must be > 0, at most 2m0s and shorter than the interval"},
		{"header", url + "      headers: {\"Bad Header\": x}\n", "sources[1].poll.headers.bad header: is not a valid header name"},
		{"items for rss", url + "      format: rss\n      items: data\n", "sources[1].poll.items: is only used with format json"},
		{"json field", url + "      fields: {rating: stars}\n", "sources[1].poll.fields.rating: unknown field for format json"},
		{"json path", url + "      fields: {score: \"a..b\"}\n", `sources[1].poll.fields.score: "a..b" is not a dotted path`},
		{"feed field", url + "      format: feed\n      fields: {id: guid}\n", "sources[1].poll.fields.id: unknown field for format feed"},
		{"feed comment", url + "      format: feed\n      fields: {comment: \"title+body\"}\n", `sources[1].poll.fields.comment: "body" is not one of [title description content]`},
		{"feed score", url + "      format: atom\n      fields: {score: \"<rating>\"}\n", "sources[1].poll.fields.score: \"<rating>\" is not an element like rating"},
		{"pattern groups", url + "      score_pattern: '(\\d)/(\\d)'\n", "sources[1].poll.score_pattern: has 2 groups; want exactly one"},
		{"pattern syntax", url + "      score_pattern: '(\\d'\n", "sources[1].poll.score_pattern: error parsing regexp"},
		{"unknown key", url + "      intervall: 5m\n", "intervall"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.ParseFeed(strings.NewReader(polledFeed(tt.poll)), "feed.yaml", noEnv)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseFeed(poll %q) = %v, want an error containing %q", tt.poll, err, tt.want)
			}
		})
	}
	// A source that is not polled still needs its token.
	_, err := config.ParseFeed(strings.NewReader(strings.Replace(base, `token: "s", `, "", 1)), "feed.yaml", noEnv)
	if err == nil || !strings.Contains(err.Error(), "sources[0].token: is required") {
		t.Errorf("ParseFeed(source without token or poll) = %v, want sources[0].token: is required", err)
	}
}

// TestExamplePolledSources keeps the commented-out polled sources of the
// example valid: uncommented, they must load.
func TestExamplePolledSources(t *testing.T) {
	src, err := os.ReadFile("feed.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	n := 0
	for line := range strings.SplitSeq(string(src), "\n") {
		if rest, ok := strings.CutPrefix(line, "  # "); ok && (strings.HasPrefix(rest, "- name:") || strings.HasPrefix(rest, "  ")) {
			line = "  " + rest
			if strings.HasPrefix(rest, "- name:") {
				n++
			}
		}
		out = append(out, line)
	}
	f, err := config.ParseFeed(strings.NewReader(strings.Join(out, "\n")), "feed.example.yaml", noEnv)
	if err != nil {
		t.Fatalf("example with its commented sources uncommented: %v", err)
	}
	polled := 0
	types := map[string]bool{}
	for _, s := range f.Sources {
		if s.Polled() {
			polled++
		}
		types[s.Type] = true
	}
	if n != 9 || polled != 5 || len(types) != len(config.SourceTypes) {
		t.Errorf("uncommented %d example sources, %d polled, %d types; want 9, 5 and every type", n, polled, len(types))
	}
}

func TestSchedule(t *testing.T) {
	yaml := base + `    schedule:
      hours:
        - {days: mon-fri, from: 07:00, to: "15:30"}
        - {days: [sat, sun], from: "22:00", to: "06:00"}
`
	f, err := config.ParseFeed(strings.NewReader(yaml), "feed.yaml", noEnv)
	if err != nil {
		t.Fatal(err)
	}
	got := f.Channels[0].Schedule.Feed()
	if got == nil || got.TimeZone != "Europe/Berlin" || len(got.Hours) != 2 {
		t.Fatalf("schedule = %+v, want two hours in Europe/Berlin (the default)", got)
	}
	if h := got.Hours[0]; len(h.Days) != 1 || h.Days[0] != "mon-fri" || h.From != "07:00" || h.To != "15:30" {
		t.Errorf("hours[0] = %+v, want mon-fri 07:00–15:30 (an unquoted 07:00 stays a time)", h)
	}
	if h := got.Hours[1]; len(h.Days) != 2 || h.From != "22:00" || h.To != "06:00" {
		t.Errorf("hours[1] = %+v, want sat, sun 22:00–06:00", h)
	}
	ex, err := config.LoadFeed("feed.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s := ex.Channels[0].Schedule.Feed(); s != nil {
		t.Errorf("example schedule = %+v, want none (the demo always shows)", s)
	}
}

func TestScheduleErrors(t *testing.T) {
	tests := []struct {
		schedule string
		want     []string
	}{
		{"{time_zone: Europe/Berlyn}", []string{`channels[0].schedule.time_zone: "Europe/Berlyn" is not a known time zone`}},
		{`{hours: [{days: [mon, mo], from: "7", to: "25:00"}]}`, []string{
			`channels[0].schedule.hours[0].days[1]: "mo" is not a day`,
			`channels[0].schedule.hours[0].from: "7" is not a time`,
			`channels[0].schedule.hours[0].to: "25:00" is not a time`,
		}},
		{`{hours: [{from: "07:00", to: "15:00"}, {days: [mon], from: "08:00", to: "08:00"}]}`, []string{
			"channels[0].schedule.hours[0].days: needs at least one day",
			"channels[0].schedule.hours[1].to: is the same time as from",
		}},
		{`{hours: [{days: [mon], from: "08:00", until: "09:00"}]}`, []string{"channels[0].schedule.hours[0]", "until"}},
	}
	for _, tt := range tests {
		_, err := config.ParseFeed(strings.NewReader(base+"    schedule: "+tt.schedule+"\n"), "feed.yaml", noEnv)
		for _, w := range tt.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("schedule %s: ParseFeed error = %v, want it to contain %q", tt.schedule, err, w)
			}
		}
	}
}

func TestDisplayPanelKeys(t *testing.T) {
	const d = "channel: canteen\ntoken: t\n"
	c, err := config.ParseDisplay(strings.NewReader(d+"off_command: \"vcgencmd display_power 0\"\non_command: \"vcgencmd display_power 1\"\n"), "display.yaml", noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.OffCommand != "vcgencmd display_power 0" || c.OnCommand != "vcgencmd display_power 1" || c.PixelShiftEvery != 3*time.Minute {
		t.Errorf("off, on, pixel_shift_every = %q, %q, %v; want the file's commands and 3m", c.OffCommand, c.OnCommand, c.PixelShiftEvery)
	}
	if c, err := config.ParseDisplay(strings.NewReader(d+"pixel_shift_every: 0\n"), "display.yaml", noEnv); err != nil || c.PixelShiftEvery != 0 {
		t.Errorf("pixel_shift_every: 0 = %v, %v; want off", c, err)
	}
	_, err = config.ParseDisplay(strings.NewReader(d+"pixel_shift_every: 2s\n"), "display.yaml", noEnv)
	if err == nil || !strings.Contains(err.Error(), "display.yaml: pixel_shift_every: 2s is shorter than 10s") {
		t.Errorf("pixel_shift_every: 2s: error = %v, want it named", err)
	}
}
