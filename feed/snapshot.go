package feed

import (
	"encoding/json"
	"fmt"
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
}

// Slide is one entry of a channel's playlist.
type Slide struct {
	Kind    string `json:"kind"`    // comments, nps, stars, trend, kpis, announcement
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
)

// Message is the envelope of everything sent over the WebSocket.
type Message struct {
	V         int        `json:"v"`
	Type      string     `json:"type"`
	Snapshot  *Snapshot  `json:"snapshot,omitempty"`
	Heartbeat *Heartbeat `json:"heartbeat,omitempty"`
}

// Heartbeat is what a display reports about itself.
type Heartbeat struct {
	Device   string    `json:"device"`
	Version  string    `json:"version"`
	Slide    string    `json:"slide"`     // the slide on screen now
	Revision string    `json:"revision"`  // the snapshot revision it shows
	CachedAt time.Time `json:"cached_at"` // when the shown snapshot was received
	Online   bool      `json:"online"`
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
