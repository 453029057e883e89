package feed

import (
	"encoding/json"
	"fmt"
	"net/url"
	"time"
)

// ProtocolVersion is the version of the WebSocket message format. A display
// ignores messages of a newer major version than it knows.
const ProtocolVersion = 1

// Snapshot is everything one channel's screens show, already curated and
// stripped of personal data. The server builds a new one whenever the
// channel's content changes; the display caches the last one it got.
type Snapshot struct {
	Channel     string    `json:"channel"`
	Title       string    `json:"title"`
	Language    string    `json:"language"`     // "de" or "en"
	GeneratedAt time.Time `json:"generated_at"` // server clock: the reference for relative ages
	Revision    string    `json:"revision"`     // changes whenever the content does
	Slides      []Slide   `json:"slides"`       // the playlist, in order
	Comments    []Comment `json:"comments"`     // newest first
	// Selection says how Comments were chosen from the answers, e.g.
	// "balanced: 7 promoters, 7 passives, 6 detractors of 260".
	Selection     string         `json:"selection,omitempty"`
	Theme         Theme          `json:"theme"`
	Period        Period         `json:"period"`
	NPS           *NPSStats      `json:"nps,omitempty"`   // nil: the channel has no NPS answers
	Stars         *StarStats     `json:"stars,omitempty"` // nil: the channel has no star answers
	Trend         []TrendPoint   `json:"trend,omitempty"` // oldest week first
	KPIs          []KPITile      `json:"kpis,omitempty"`
	Announcements []Announcement `json:"announcements,omitempty"`
	YouSaid       []YouSaid      `json:"you_said,omitempty"` // "you said / we did" cards
	// Ideas are the comments of the current period that carry a suggestion
	// or a wish ("es wäre schön, wenn …", "please add …"), newest first and
	// at most a few, for the ideas slide: redacted, filtered and subject to
	// the privacy policy like Comments. Empty unless the playlist has an
	// ideas slide.
	Ideas []Comment `json:"ideas,omitempty"`
	// Themes are what the period's comments talk about, the admins' themes
	// first, then those discovered in the text, most comments first.
	Themes []Topic `json:"themes,omitempty"`
	// Ticker asks for a band scrolling the newest comments along the bottom
	// of every slide.
	Ticker bool `json:"ticker,omitempty"`
	// Schedule is when the channel's screens are on (the canteen's opening
	// hours); outside it they go black. Nil: always on.
	Schedule *Schedule `json:"schedule,omitempty"`
}

// Schedule is a channel's weekly opening hours, in wall-clock time of one
// time zone, so that a screen switches at the same local time in summer
// and winter. feed/schedule evaluates it.
type Schedule struct {
	TimeZone string  `json:"time_zone"` // IANA name, e.g. Europe/Berlin; empty: the display's own zone
	Hours    []Hours `json:"hours"`     // at least one; the screen is on while any of them is
}

// Hours is one opening-hours rule: on the given days from From to To.
// A To earlier than From runs past midnight into the next day (22:00 to
// 06:00); Days are the days such a range starts on. "24:00" as To is the
// end of the day.
type Hours struct {
	Days []string `json:"days"` // mon, tue, wed, thu, fri, sat, sun, or a range: mon-fri
	From string   `json:"from"` // "07:00"
	To   string   `json:"to"`   // "15:30"
}

// Theme is the channel's look; empty fields leave the display's defaults.
type Theme struct {
	Background string `json:"background,omitempty"` // #rrggbb
	Foreground string `json:"foreground,omitempty"`
	Accent     string `json:"accent,omitempty"`
	// LogoHash names the channel's logo, a PNG that the screens fetch from
	// LogoPath once and keep: the hex SHA-256 of the file, so it changes
	// whenever the file does. Empty: no logo.
	LogoHash string `json:"logo_hash,omitempty"`
}

// Topic is one theme of the period's comments. (Theme is the channel's
// look; the config calls these themes too, under a different key.)
type Topic struct {
	Name string `json:"name"`
	// Source is TopicAdmin for a theme from the config, TopicDiscovered
	// for one found in the comments' words.
	Source   string  `json:"source"`
	Comments int     `json:"comments"` // comments of the period that mention it
	Share    float64 `json:"share"`    // of the period's comments, 0…1
	// NPS and Stars are the score of the comments that mention it, by the
	// answers' scale; nil: none of that scale.
	NPS      *float64 `json:"nps,omitempty"`
	Stars    *float64 `json:"stars,omitempty"`
	Previous int      `json:"previous"` // comments of the previous period that mention it
	// Trend compares its share with the previous period's: TrendRising,
	// TrendFalling or TrendSteady; empty when the previous period had too
	// few comments to compare with.
	Trend string `json:"trend,omitempty"`
	// Quote is one comment that mentions it, redacted and shortened; nil
	// when none of them may be shown.
	Quote *Comment `json:"quote,omitempty"`
}

// Topic sources and trends.
const (
	TopicAdmin      = "admin"
	TopicDiscovered = "discovered"
	TrendRising     = "rising"
	TrendFalling    = "falling"
	TrendSteady     = "steady"
)

// MaxLogo is the largest logo file a channel may have.
const MaxLogo = 1 << 20

// LogoPath is where the screens of channel fetch the logo named hash, with
// the channel's display token as for the WebSocket.
func LogoPath(channel, hash string) string {
	return "/api/v1/channels/" + url.PathEscape(channel) + "/logo/" + url.PathEscape(hash)
}

// Period is the window the scores are computed over; the previous period
// is the window of the same length just before it.
type Period struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	Days int       `json:"days"`
}

// NPSStats is the Net Promoter Score of a period.
type NPSStats struct {
	Score      float64 `json:"score"` // −100…+100
	Promoters  int     `json:"promoters"`
	Passives   int     `json:"passives"`
	Detractors int     `json:"detractors"`
	Responses  int     `json:"responses"`
	// Meaningful is false below the channel's minimum number of answers:
	// screens say "not enough answers yet" instead of a wild value.
	Meaningful bool     `json:"meaningful"`
	Previous   *float64 `json:"previous,omitempty"` // score of the previous period, if meaningful
	Target     *float64 `json:"target,omitempty"`
	// ByTouchpoint holds the score per touchpoint, most answers first.
	ByTouchpoint []TouchpointNPS `json:"by_touchpoint,omitempty"`
}

// TouchpointNPS is the NPS of one touchpoint in the period.
type TouchpointNPS struct {
	Touchpoint string  `json:"touchpoint"`
	Score      float64 `json:"score"`
	Responses  int     `json:"responses"`
	Meaningful bool    `json:"meaningful"`
	// Previous is the touchpoint's score in the previous period, when that
	// period had the minimum number of answers there too.
	Previous *float64 `json:"previous,omitempty"`
}

// TouchpointStars is the star rating of one touchpoint in the period.
type TouchpointStars struct {
	Touchpoint string   `json:"touchpoint"`
	Average    float64  `json:"average"`
	Responses  int      `json:"responses"`
	Meaningful bool     `json:"meaningful"`
	Previous   *float64 `json:"previous,omitempty"` // as for TouchpointNPS
}

// StarStats is the star rating of a period.
type StarStats struct {
	Average    float64  `json:"average"` // 1…5
	Counts     [5]int   `json:"counts"`  // Counts[0] is one star, Counts[4] five
	Responses  int      `json:"responses"`
	Meaningful bool     `json:"meaningful"`
	Previous   *float64 `json:"previous,omitempty"`
	Target     *float64 `json:"target,omitempty"`
	// ByTouchpoint holds the average per touchpoint, most answers first.
	ByTouchpoint []TouchpointStars `json:"by_touchpoint,omitempty"`
}

// TrendPoint is one week of the trend slide; a nil score had no answers.
type TrendPoint struct {
	Week      time.Time `json:"week"` // Monday 00:00 UTC
	NPS       *float64  `json:"nps,omitempty"`
	Stars     *float64  `json:"stars,omitempty"`
	Responses int       `json:"responses"`
}

// KPITile is the latest value of one operational KPI and the one before.
type KPITile struct {
	Name     string    `json:"name"`
	Value    float64   `json:"value"`
	Unit     string    `json:"unit,omitempty"`
	Better   string    `json:"better,omitempty"` // "up" or "down"
	Previous *float64  `json:"previous,omitempty"`
	At       time.Time `json:"at"`
}

// Announcement is a pinned text from the config.
type Announcement struct {
	Title string `json:"title,omitempty"`
	Text  string `json:"text"`
}

// YouSaid pairs a customer comment with what the company did about it.
type YouSaid struct {
	Comment Comment `json:"comment"`
	Action  string  `json:"action"`
}

// Slide is one entry of a channel's playlist.
type Slide struct {
	Kind    string `json:"kind"`    // comments, nps, stars, trend, kpis, announcement, touchpoints, themes, ideas
	Seconds int    `json:"seconds"` // how long it holds (a comments slide: per card)
}

// Comment is one customer comment as a screen may show it.
type Comment struct {
	ID         string    `json:"id"`
	Text       string    `json:"text"`
	Scale      Scale     `json:"scale"`
	Score      int       `json:"score"`
	Touchpoint string    `json:"touchpoint,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	Language   string    `json:"language,omitempty"`
}

// Message types sent over a channel's WebSocket.
const (
	TypeSnapshot  = "snapshot"  // server → display: the channel's whole content
	TypeHeartbeat = "heartbeat" // display → server: what the screen is doing
	// TypeScreenshotRequest asks a display (server → display, no payload) to
	// upload a picture of its screen now: POST /api/v1/displays/{device}/screenshot
	// with its display token, Content-Type image/png or image/jpeg.
	TypeScreenshotRequest = "screenshot"
)

// Message is the envelope of everything sent over the WebSocket.
type Message struct {
	V         int        `json:"v"`
	Type      string     `json:"type"`
	Snapshot  *Snapshot  `json:"snapshot,omitempty"`
	Heartbeat *Heartbeat `json:"heartbeat,omitempty"`
}

// Screen names one screen: the device name its heartbeats carry, within the
// channel it is connected to. Device names are chosen by whoever installs a
// display, so two channels may well hold the same one; neither can speak for
// the other.
type Screen struct {
	Channel string
	Device  string
}

func (s Screen) String() string { return s.Channel + "/" + s.Device }

// Heartbeat is what a display reports about itself.
type Heartbeat struct {
	Device   string    `json:"device"`
	Version  string    `json:"version"`
	Slide    string    `json:"slide"`     // the slide on screen now
	Revision string    `json:"revision"`  // the snapshot revision it shows
	CachedAt time.Time `json:"cached_at"` // when the shown snapshot was received
	Online   bool      `json:"online"`
	// StartedAt is when the display process started, so that the fleet view
	// shows the display's own uptime rather than its connection's.
	StartedAt time.Time `json:"started_at"`
}

// EncodeMessage encodes m, in the protocol version of this build, as it
// goes over the WebSocket; DecodeMessage reads it back.
func EncodeMessage(m Message) ([]byte, error) {
	m.V = ProtocolVersion
	return json.Marshal(m)
}

// DecodeMessage parses one WebSocket message and checks its version.
func DecodeMessage(b []byte) (Message, error) {
	var m Message
	if err := json.Unmarshal(b, &m); err != nil {
		return Message{}, fmt.Errorf("decode message: %w", err)
	}
	if m.V < 1 || m.V > ProtocolVersion {
		return Message{}, fmt.Errorf("decode message: unsupported version %d (this build speaks %d)", m.V, ProtocolVersion)
	}
	if m.Type == TypeSnapshot && m.Snapshot == nil {
		return Message{}, fmt.Errorf("decode message: snapshot message without snapshot")
	}
	return m, nil
}
