package web

import (
	"encoding/json"
	"fmt"
	"image/color"
	"net/http"
	"time"

	"github.com/cxtv/cxtv/display/scene"
)

// deck is what the player plays: the cards of the channel's snapshot in
// playlist order, each with its hold time and picture, and where the
// header's live parts go.
type deck struct {
	Channel     string    `json:"channel"`
	Revision    string    `json:"revision"`
	Language    string    `json:"language"` // de or en: clock, date and offline note
	GeneratedAt time.Time `json:"generated_at"`
	Size        string    `json:"size"`    // of the screen, before rotation
	Picture     string    `json:"picture"` // of each picture: the screen turned
	Rotation    int       `json:"rotation"`
	Background  string    `json:"background"`
	Cards       []card    `json:"cards"`
	Header      header    `json:"header"`
	Words       words     `json:"words"`
	Ticker      *ticker   `json:"ticker,omitempty"` // nil: no band
}

// ticker is the band the page runs over the bottom of every picture, in
// picture pixels, as the display's scene.Ticker moves it: the items enter
// at Start, one after the other, and move Speed pixels a second to the
// left, whole pixels at a time.
type ticker struct {
	Height     int          `json:"height"`
	Line       float64      `json:"line"` // the band's top line
	Background string       `json:"background"`
	LineColor  string       `json:"line_color"`
	Start      int          `json:"start"`
	Speed      int          `json:"speed"` // pixels a second
	Items      []tickerItem `json:"items"`
}

type tickerItem struct {
	Key string `json:"key"` // the same comment keeps its key across revisions
	W   int    `json:"w"`
	Src string `json:"src"`
}

// tickerRate is the display's ticks a second, at which its band moves
// whole pixels (Ticker.Speed).
const tickerRate = 60

type card struct {
	ID      string `json:"id"`
	Slide   string `json:"slide"`
	Seconds int    `json:"seconds"`
	Src     string `json:"src"`
	// A comment card's comment, so that the player jumps to the newest new
	// one as the display does.
	Comment   string     `json:"comment,omitempty"`
	CreatedAt *time.Time `json:"created_at,omitempty"`
}

// header is scene.LiveHeader in picture pixels, with CSS colours.
type header struct {
	Height       float64 `json:"height"`
	Right        float64 `json:"right"`
	Baseline     float64 `json:"baseline"`
	NoteBaseline float64 `json:"note_baseline"`
	Clock        face    `json:"clock"`
	Date         face    `json:"date"`
	Note         face    `json:"note"`
	NoteGap      float64 `json:"note_gap"`
	TitleEnd     float64 `json:"title_end"`
	TitleGap     float64 `json:"title_gap"`
	Dot          float64 `json:"dot"`
	DotGap       float64 `json:"dot_gap"`
	Background   string  `json:"background"`
	Text         string  `json:"text"`
	Muted        string  `json:"muted"`
	Offline      string  `json:"offline"`
}

type face struct {
	Font string `json:"font"` // a file under static/, without .otf
	Size int    `json:"size"` // pixels per em
}

// words are the offline note's fixed parts, from the display's own
// phrases (scene.Lang), so that the page says what the display says.
type words struct {
	OfflineSince string `json:"offline_since"` // "offline seit "
	OfflineAsOf  string `json:"offline_as_of"` // "offline · Stand "
	Offline      string `json:"offline"`
}

func (h *Handler) handleDeck(w http.ResponseWriter, r *http.Request) {
	channel := r.PathValue("channel")
	v, err := parseView(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	d, ok := h.deck(channel, v)
	if !ok {
		writeError(w, http.StatusServiceUnavailable, "snapshot of channel "+channel+" not built yet")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, d)
}

func (h *Handler) deck(channel string, v view) (deck, bool) {
	snap, cards, ok := h.snapshot(channel)
	if !ok {
		return deck{}, false
	}
	pic := v.picture()
	head := scene.HeaderAt(snap, channel, h.opt.Now(), scene.Status{})
	logo, _ := h.opt.Logo(channel, snap.Theme.LogoHash)
	live := h.renderer.Live(head, logo, pic)
	th := h.renderer.Theme(snap)
	lang := scene.LangOf(snap.Language)
	d := deck{
		Channel: channel, Revision: snap.Revision, Language: string(lang), GeneratedAt: snap.GeneratedAt,
		Size: v.size.String(), Picture: pic.String(), Rotation: v.rotation, Background: css(th.Background),
		Header: header{
			Height: live.Height, Right: live.Right, Baseline: live.Baseline, NoteBaseline: live.NoteBaseline,
			Clock: faceOf(live.Clock), Date: faceOf(live.Date), Note: faceOf(live.Note),
			NoteGap: live.NoteGap, Dot: live.Dot, DotGap: live.DotGap, TitleEnd: live.TitleEnd, TitleGap: live.TitleGap,
			Background: css(th.HeaderBG), Text: css(live.Text), Muted: css(live.Muted), Offline: css(live.Offline),
		},
		Words: offlineWords(lang),
	}
	now := h.opt.Now()
	for i, c := range cards {
		cd := card{
			ID: c.ID(), Slide: c.Slide(), Seconds: c.Seconds,
			Src: fmt.Sprintf("/tv/%s/slide/%s/%d?%s", channel, snap.Revision, i, v.query()),
		}
		if t, ok := scene.Newest(c, snap); ok {
			cd.Src += fmt.Sprintf("&at=%d", paintedAt(t, now).Unix())
		}
		if c.Kind == scene.KindComment {
			at := c.Comment.CreatedAt
			cd.Comment, cd.CreatedAt = c.Comment.ID, &at
		}
		d.Cards = append(d.Cards, cd)
	}
	if items := h.renderer.TickerItems(snap, pic); len(items) > 0 {
		t := scene.NewTicker(pic, tickerRate)
		d.Ticker = &ticker{
			Height: scene.TickerHeight(pic), Line: scene.TickerLine(pic),
			Background: css(th.HeaderBG), LineColor: css(th.Tile),
			Start: t.Start(), Speed: t.Speed() * tickerRate,
		}
		for i, it := range items {
			d.Ticker.Items = append(d.Ticker.Items, tickerItem{Key: it.Key, W: it.W,
				Src: fmt.Sprintf("/tv/%s/ticker/%s/%d?%s", channel, snap.Revision, i, v.query())})
		}
	}
	return d, true
}

// paintedAt is the time a picture that prints the age of a comment made
// at created is painted as of: now, rounded down to the unit the age is
// counted in (minutes in the first hour, hours in the first day, then
// days), so that the picture's address, and so the caches, change about
// as often as the age it prints, and it is never more than one unit old.
func paintedAt(created, now time.Time) time.Time {
	switch d := now.Sub(created); {
	case d < time.Hour:
		return now.Truncate(time.Minute)
	case d < 24*time.Hour:
		return now.Truncate(time.Hour)
	}
	return now.Truncate(24 * time.Hour)
}

// offlineWords takes the fixed parts of the display's notes apart: the
// note for a zero time is the phrase alone.
func offlineWords(lang scene.Lang) words {
	t := time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC)
	since := lang.Offline(t, t)
	asOf := lang.OfflineAsOf(t, t)
	clock := lang.Clock(t)
	return words{
		OfflineSince: since[:len(since)-len(clock)],
		OfflineAsOf:  asOf[:len(asOf)-len(clock)],
		Offline:      lang.OfflineAsOf(time.Time{}, t),
	}
}

func faceOf(f scene.Face) face { return face{Font: f.Font.String(), Size: f.Size} }

func css(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeError answers as the feed API does: {"error": "…"}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
