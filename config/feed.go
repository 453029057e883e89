package config

import (
	"io"
	"net"
	"regexp"
	"slices"

	"github.com/cxtv/cxtv/feed"
)

// Feed is the configuration of cxtv-feed.
type Feed struct {
	Listen     string          `mapstructure:"listen"`
	Data       string          `mapstructure:"data"` // the bbolt file
	AdminToken string          `mapstructure:"admin_token"`
	Sources    []SourceConfig  `mapstructure:"sources"`
	Channels   []ChannelConfig `mapstructure:"channels"`
}

// SourceConfig is one origin of feedback, such as a survey tool's webhook.
type SourceConfig struct {
	Name  string     `mapstructure:"name"`
	Token string     `mapstructure:"token"`
	Scale feed.Scale `mapstructure:"scale"` // the default scale of its answers
}

// ChannelConfig is one group of screens and what they show.
type ChannelConfig struct {
	Name         string        `mapstructure:"name"`
	Title        string        `mapstructure:"title"`
	Language     string        `mapstructure:"language"`
	DisplayToken string        `mapstructure:"display_token"`
	Sources      []string      `mapstructure:"sources"`
	Targets      Targets       `mapstructure:"targets"`
	Slides       []SlideConfig `mapstructure:"slides"`
	SlideSeconds int           `mapstructure:"slide_seconds"` // default hold per slide
	MaxComments  int           `mapstructure:"max_comments"`  // comment cards per cycle
}

// Targets are the goals a channel shows progress against; zero means unset.
type Targets struct {
	NPS   float64 `mapstructure:"nps"`
	Stars float64 `mapstructure:"stars"`
}

// SlideConfig is one playlist entry: "nps" or {kind: nps, seconds: 12}.
type SlideConfig struct {
	Kind    string `mapstructure:"kind"`
	Seconds int    `mapstructure:"seconds"`
}

// SlideKinds lists every slide a playlist may name.
var SlideKinds = []string{"comments", "nps", "stars", "trend", "kpis", "announcement"}

// Defaults for keys the file may leave out.
const (
	DefaultSlideSeconds = 10
	DefaultMaxComments  = 20
	MinSlideSeconds     = 3
)

var feedDefaults = map[string]any{
	"listen":      "127.0.0.1:8080",
	"data":        "./data/feed.db",
	"admin_token": "",
	"sources":     []any{},
	"channels":    []any{},
}

// LoadFeed reads and validates the cxtv-feed config file at path.
func LoadFeed(path string) (*Feed, error) {
	var c Feed
	if err := loadFile(path, feedDefaults, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// ParseFeed reads a cxtv-feed config from r; name is used in errors and env
// looks up environment overrides (os.LookupEnv in production).
func ParseFeed(r io.Reader, name string, env func(string) (string, bool)) (*Feed, error) {
	var c Feed
	if err := load(r, name, feedDefaults, env, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

var channelName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)

// Validate fills in per-channel defaults and reports every invalid key.
func (c *Feed) Validate() error {
	var errs fieldErrs
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		errs.add("listen", "%q is not host:port", c.Listen)
	}
	if c.Data == "" {
		errs.add("data", "is required (path of the bbolt file)")
	}
	if c.AdminToken == "" {
		errs.add("admin_token", "is required (or set CXTV_ADMIN_TOKEN)")
	}
	tokens := map[string]string{}
	checkToken := func(path, tok string) {
		if tok == "" {
			errs.add(path, "is required")
			return
		}
		if other, dup := tokens[tok]; dup {
			errs.add(path, "is the same as %s; every token must be different", other)
			return
		}
		tokens[tok] = path
	}
	checkToken("admin_token", c.AdminToken)

	sources := map[string]bool{}
	if len(c.Sources) == 0 {
		errs.add("sources", "needs at least one source")
	}
	for i := range c.Sources {
		s := &c.Sources[i]
		p := pathf("sources[%d]", i)
		if s.Name == "" {
			errs.add(p+".name", "is required")
		} else if sources[s.Name] {
			errs.add(p+".name", "%q is used by another source", s.Name)
		}
		sources[s.Name] = true
		checkToken(p+".token", s.Token)
		if s.Scale == "" {
			s.Scale = feed.ScaleNPS
		}
		if _, err := feed.ParseScale(string(s.Scale)); err != nil {
			errs.add(p+".scale", "%v", err)
		}
	}

	channels := map[string]bool{}
	if len(c.Channels) == 0 {
		errs.add("channels", "needs at least one channel")
	}
	for i := range c.Channels {
		ch := &c.Channels[i]
		p := pathf("channels[%d]", i)
		switch {
		case !channelName.MatchString(ch.Name):
			errs.add(p+".name", "%q must be lower-case letters, digits, - or _ (it is part of the screens' URL)", ch.Name)
		case channels[ch.Name]:
			errs.add(p+".name", "%q is used by another channel", ch.Name)
		}
		channels[ch.Name] = true
		if ch.Language == "" {
			ch.Language = "de"
		}
		if ch.Language != "de" && ch.Language != "en" {
			errs.add(p+".language", "%q is not supported (want de or en)", ch.Language)
		}
		checkToken(p+".display_token", ch.DisplayToken)
		if len(ch.Sources) == 0 {
			errs.add(p+".sources", "needs at least one source")
		}
		for j, name := range ch.Sources {
			if !sources[name] {
				errs.add(pathf("%s.sources[%d]", p, j), "unknown source %q", name)
			}
		}
		if ch.Targets.NPS < -100 || ch.Targets.NPS > 100 {
			errs.add(p+".targets.nps", "%v is outside -100…100", ch.Targets.NPS)
		}
		if ch.Targets.Stars != 0 && (ch.Targets.Stars < 1 || ch.Targets.Stars > 5) {
			errs.add(p+".targets.stars", "%v is outside 1…5", ch.Targets.Stars)
		}
		if ch.SlideSeconds == 0 {
			ch.SlideSeconds = DefaultSlideSeconds
		}
		if ch.SlideSeconds < MinSlideSeconds {
			errs.add(p+".slide_seconds", "must be ≥ %d", MinSlideSeconds)
		}
		if ch.MaxComments == 0 {
			ch.MaxComments = DefaultMaxComments
		}
		if ch.MaxComments < 1 {
			errs.add(p+".max_comments", "must be ≥ 1")
		}
		if len(ch.Slides) == 0 {
			ch.Slides = []SlideConfig{{Kind: "comments"}}
		}
		for j := range ch.Slides {
			sl := &ch.Slides[j]
			sp := pathf("%s.slides[%d]", p, j)
			if !slices.Contains(SlideKinds, sl.Kind) {
				errs.add(sp, "unknown slide %q (want one of %v)", sl.Kind, SlideKinds)
			}
			if sl.Seconds == 0 {
				sl.Seconds = ch.SlideSeconds
			}
			if sl.Seconds < MinSlideSeconds {
				errs.add(sp+".seconds", "must be ≥ %d", MinSlideSeconds)
			}
		}
	}
	return errs.join()
}

// Channel returns the channel named name.
func (c *Feed) Channel(name string) (*ChannelConfig, bool) {
	for i := range c.Channels {
		if c.Channels[i].Name == name {
			return &c.Channels[i], true
		}
	}
	return nil, false
}
