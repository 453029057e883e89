package config

import (
	"io"
	"maps"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// Feed is the configuration of cxtv-feed.
type Feed struct {
	Listen     string          `mapstructure:"listen"`
	Data       string          `mapstructure:"data"` // the bbolt file
	AdminToken string          `mapstructure:"admin_token"`
	Sources    []SourceConfig  `mapstructure:"sources"`
	Channels   []ChannelConfig `mapstructure:"channels"`
	Moderation Moderation      `mapstructure:"moderation"`
	Privacy    Privacy         `mapstructure:"privacy"`
	// RetentionDays deletes answers older than this many days; 0 keeps all.
	RetentionDays int       `mapstructure:"retention_days"`
	TLS           TLSConfig `mapstructure:"tls"`
	RateLimit     RateLimit `mapstructure:"rate_limit"`
	// OfflineAfter is how long a connected screen may stay silent before the
	// fleet view and the metrics call it offline.
	OfflineAfter time.Duration `mapstructure:"offline_after"`
	// Themes are the admins' topics of every channel's comments, shown by
	// a themes slide; a channel may add its own.
	Themes []TopicConfig `mapstructure:"themes"`
}

// Moderation applies to every channel.
type Moderation struct {
	// BlockedWords hides comments containing them (their scores still count);
	// entries ending in * match as a prefix.
	BlockedWords []string `mapstructure:"blocked_words"`
	// DefaultLists adds the shipped German and English lists.
	DefaultLists bool `mapstructure:"default_lists"`
	// Names are redacted like e-mail addresses, e.g. employees' names.
	Names []string `mapstructure:"names"`
}

// Privacy applies to every channel's redaction of personal data.
type Privacy struct {
	// Allow are words never redacted: a branch called "Berlin-Mitte", a
	// product named like a first name.
	Allow []string `mapstructure:"allow"`
}

// ChannelPrivacy says what a channel does with a comment that names a
// person, once the name is redacted.
type ChannelPrivacy struct {
	People string `mapstructure:"people"` // redact (default: shown redacted) or hide
	// HideNegative hides a detractor's comment that names a person even
	// when people is redact: a redacted complaint can still point at the
	// one cashier of a small branch. Default true.
	HideNegative *bool `mapstructure:"hide_negative"`
}

// TLSConfig serves HTTPS when both files are set.
type TLSConfig struct {
	Cert string `mapstructure:"cert"`
	Key  string `mapstructure:"key"`
}

// RateLimit bounds requests per token.
type RateLimit struct {
	PerMinute int `mapstructure:"per_minute"` // 0: no limit
	Burst     int `mapstructure:"burst"`
}

// PollConfig makes the server fetch a source's feedback from a URL instead
// of waiting for it to be posted; a polled source needs no token.
type PollConfig struct {
	URL      string        `mapstructure:"url"`      // http or https; empty: not polled
	Format   string        `mapstructure:"format"`   // json (default), rss, atom, or feed (RSS or Atom)
	Interval time.Duration `mapstructure:"interval"` // between fetches; default 15m, at least 1m
	Timeout  time.Duration `mapstructure:"timeout"`  // of one fetch; default 10s
	// Headers are sent with every fetch, e.g. an API key.
	Headers map[string]string `mapstructure:"headers"`
	// Items is the dotted path to the array of answers in a JSON document
	// ("data.reviews"); empty: the document is the array.
	Items string `mapstructure:"items"`
	// Fields maps feedback fields to where they are in an item. JSON: field
	// → dotted path (feed.FeedbackFields; unmapped fields are looked up by their
	// own name). RSS/Atom: score → an extension element ("rating",
	// "g:rating", "review:rating@value"), comment → the parts shown, joined
	// by + (title, description, content; default description).
	Fields map[string]string `mapstructure:"fields"`
	// ScorePattern is a regular expression with one group that captures
	// the score: in a JSON item's score value, or in a feed entry's title,
	// then its description. Empty: stars (★★★★☆), "4/5", "4 von 5" and
	// "4 Sterne" are recognised.
	ScorePattern string `mapstructure:"score_pattern"`
	Touchpoint   string `mapstructure:"touchpoint"` // for answers that name none, e.g. "Google"
}

// Poll defaults and bounds.
const (
	DefaultPollInterval = 15 * time.Minute
	MinPollInterval     = time.Minute
	MaxPollInterval     = 24 * time.Hour
	DefaultPollTimeout  = 10 * time.Second
	MaxPollTimeout      = 2 * time.Minute
)

// PollFormats are the formats a polled source may have.
var PollFormats = []string{"json", "rss", "atom", "feed"}

// PollFeedFields are the fields an RSS or Atom entry's values can be mapped
// from; those of a JSON item are feed.FeedbackFields.
var (
	PollFeedFields = []string{"score", "comment"}
	// PollCommentParts are what an RSS or Atom entry's comment may be made of.
	PollCommentParts = []string{"title", "description", "content"}
)

// CSVConfig describes a source's survey export for cxtv-feed import.
type CSVConfig struct {
	Separator  string `mapstructure:"separator"`   // ";" or ","; empty: detected
	Decimal    string `mapstructure:"decimal"`     // "," or "."; empty: detected per value
	DateFormat string `mapstructure:"date_format"` // Go layout; empty: RFC 3339, dd.mm.yyyy [hh:mm], yyyy-mm-dd [hh:mm]
	TimeZone   string `mapstructure:"time_zone"`   // for dates without zone; default Europe/Berlin
	// Columns maps fields (id, score, scale, comment, touchpoint,
	// created_at, language) to header names; unmapped fields are looked up
	// by their own name and common German and English headers.
	Columns map[string]string `mapstructure:"columns"`
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
	Ticker       bool          `mapstructure:"ticker"`        // band of the latest comments along the bottom
	// MaxScreens bounds the channel's open connections, so that one holder
	// of its display token cannot take every connection the server holds.
	MaxScreens int `mapstructure:"max_screens"`

	// Which comments may be shown.
	MaxAgeDays  int            `mapstructure:"max_age_days"` // 0: any age
	MinLength   int            `mapstructure:"min_length"`   // shorter comments are not shown
	Languages   []string       `mapstructure:"languages"`    // empty: all
	Touchpoints []string       `mapstructure:"touchpoints"`  // empty: all
	Hidden      []string       `mapstructure:"hidden"`       // comment ids ("source/id" or "id") never shown
	Selection   Selection      `mapstructure:"selection"`
	Privacy     ChannelPrivacy `mapstructure:"privacy"`

	// Scores.
	PeriodDays int `mapstructure:"period_days"` // rolling period, default 30
	MinAnswers int `mapstructure:"min_answers"` // below this a score is "not yet meaningful", default 30
	TrendWeeks int `mapstructure:"trend_weeks"` // default 12

	Announcements []AnnouncementConfig `mapstructure:"announcements"`
	YouSaidWeDid  []YouSaidConfig      `mapstructure:"you_said_we_did"`
	Theme         ThemeConfig          `mapstructure:"theme"` // colours and logo
	// Themes are the channel's topics, added to the global ones (not its
	// colours: that is theme); ThemeMinComments (default 10) is how many
	// comments of the period a theme or discovered topic needs to be shown.
	Themes           []TopicConfig `mapstructure:"themes"`
	ThemeMinComments int           `mapstructure:"theme_min_comments"`
	// Schedule is when the channel's screens are on (opening hours); no
	// hours: always on. Screens run their own off_command/on_command.
	Schedule ScheduleConfig `mapstructure:"schedule"`
}

// ScheduleConfig is a channel's weekly opening hours (see feed.Schedule).
type ScheduleConfig struct {
	TimeZone string        `mapstructure:"time_zone"` // IANA name; default Europe/Berlin
	Hours    []HoursConfig `mapstructure:"hours"`
}

// HoursConfig is one opening-hours rule: days (mon … sun, or mon-fri),
// from and to ("07:00", "15:30"; a to before from runs past midnight,
// "24:00" is midnight).
type HoursConfig struct {
	Days []string `mapstructure:"days"`
	From string   `mapstructure:"from"`
	To   string   `mapstructure:"to"`
}

// Feed is the schedule as snapshots carry it; nil without hours (always on).
func (s ScheduleConfig) Feed() *feed.Schedule {
	if len(s.Hours) == 0 {
		return nil
	}
	out := &feed.Schedule{TimeZone: s.TimeZone, Hours: make([]feed.Hours, len(s.Hours))}
	for i, h := range s.Hours {
		out.Hours[i] = feed.Hours{Days: h.Days, From: h.From, To: h.To}
	}
	return out
}

// Selection balances the comments shown across NPS groups (and star
// ratings: 4–5 count as promoters, 3 passive, 1–2 detractors).
type Selection struct {
	Mode       string `mapstructure:"mode"` // balanced (default) or latest
	Promoters  int    `mapstructure:"promoters"`
	Passives   int    `mapstructure:"passives"`
	Detractors int    `mapstructure:"detractors"`
}

// AnnouncementConfig is a pinned text, shown until its date if it has one.
type AnnouncementConfig struct {
	Title string `mapstructure:"title"`
	Text  string `mapstructure:"text"`
	Until string `mapstructure:"until"` // YYYY-MM-DD, inclusive; empty: always
}

// YouSaidConfig pairs a comment with the action taken, until its date.
type YouSaidConfig struct {
	Comment string `mapstructure:"comment"` // "source/id" or "id"
	Action  string `mapstructure:"action"`
	Until   string `mapstructure:"until"`
}

// ThemeConfig overrides the display's colours and logo.
type ThemeConfig struct {
	Background string `mapstructure:"background"` // #rrggbb
	Foreground string `mapstructure:"foreground"`
	Accent     string `mapstructure:"accent"`
	Logo       string `mapstructure:"logo"` // a PNG file, relative to the config file
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
var SlideKinds = []string{"comments", "nps", "stars", "trend", "kpis", "announcement", "touchpoints", "themes", "ideas"}

// Defaults for keys the file may leave out.
const (
	DefaultSlideSeconds = 10
	// DefaultMaxScreens is a channel's bound on open connections unless it
	// sets max_screens; MaxMaxScreens is the most it may set.
	DefaultMaxScreens  = 2000
	MaxMaxScreens      = 100000
	DefaultMaxComments = 20
	MinSlideSeconds    = 3
)

var feedDefaults = map[string]any{
	"listen":                   "127.0.0.1:8080",
	"data":                     "./data/feed.db",
	"admin_token":              "",
	"sources":                  []any{},
	"channels":                 []any{},
	"retention_days":           0,
	"offline_after":            "3m",
	"themes":                   []any{},
	"moderation.default_lists": true,
	"moderation.blocked_words": []string{},
	"moderation.names":         []string{},
	"privacy.allow":            []string{},
	"tls.cert":                 "",
	"tls.key":                  "",
	"rate_limit.per_minute":    6000,
	"rate_limit.burst":         200,
}

// Defaults of the scores.
const (
	DefaultPeriodDays = 30
	DefaultMinAnswers = 30
	DefaultTrendWeeks = 12
)

// LoadFeed reads and validates the cxtv-feed config file at path.
func LoadFeed(path string) (*Feed, error) {
	var c Feed
	if err := loadFile(path, feedDefaults, &c); err != nil {
		return nil, err
	}
	// Files named in the config are relative to it, not to the working
	// directory of whoever started the server.
	var errs fieldErrs
	for i := range c.Channels {
		logo := &c.Channels[i].Theme.Logo
		if *logo == "" {
			continue
		}
		if !filepath.IsAbs(*logo) {
			*logo = filepath.Join(filepath.Dir(path), *logo)
		}
		if _, err := os.Stat(*logo); err != nil {
			errs.add(pathf("channels[%d].theme.logo", i), "%v", err)
		}
	}
	for i := range c.Sources {
		if f := &c.Sources[i].CredentialsFile; *f != "" && !filepath.IsAbs(*f) {
			*f = filepath.Join(filepath.Dir(path), *f)
		}
	}
	if err := errs.join(); err != nil {
		return nil, prefixed(path, err)
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
	if c.RetentionDays < 0 {
		errs.add("retention_days", "must be ≥ 0 (0 keeps every answer)")
	}
	if c.OfflineAfter < time.Minute {
		errs.add("offline_after", "%v is under 1m; screens send a heartbeat every 30 s", c.OfflineAfter)
	}
	if (c.TLS.Cert == "") != (c.TLS.Key == "") {
		errs.add("tls", "needs both cert and key, or neither")
	}
	if c.RateLimit.PerMinute < 0 || c.RateLimit.Burst < 0 {
		errs.add("rate_limit", "per_minute and burst must be ≥ 0")
	}

	globalThemes := map[string]string{}
	validateThemes("themes", c.Themes, globalThemes, &errs)

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
		s.validate(p, &errs, checkToken)
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
		if ch.MaxScreens == 0 {
			ch.MaxScreens = DefaultMaxScreens
		}
		if ch.MaxScreens < 1 || ch.MaxScreens > MaxMaxScreens {
			errs.add(p+".max_screens", "%d is outside 1…%d", ch.MaxScreens, MaxMaxScreens)
		}
		if ch.MaxComments == 0 {
			ch.MaxComments = DefaultMaxComments
		}
		if ch.MaxComments < 1 {
			errs.add(p+".max_comments", "must be ≥ 1")
		}
		ch.validateCuration(p, &errs)
		taken := maps.Clone(globalThemes)
		validateThemes(p+".themes", ch.Themes, taken, &errs)
		defaultInt(&ch.ThemeMinComments, DefaultThemeMinComments)
		if ch.ThemeMinComments < 1 {
			errs.add(p+".theme_min_comments", "must be ≥ 1")
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
