// Package web is the browser side of the display: GET /tv/{channel} plays
// a channel fullscreen in a browser, and GET /preview/{channel} shows
// admins every slide as it is now. The slides are painted on the server by
// the display's own code (display/still); the page only sequences the
// pictures, cross-fades them and draws the clock and the offline note.
// The feed server mounts it (feed/server.Page), behind its token checks.
package web

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/display/still"
	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/server"
)

// DefaultCacheBytes bounds the painted pictures kept in memory: 64 MiB
// holds about 200 pictures at 1080p (300 KB each as PNG), or a 20-card
// channel at four sizes.
const DefaultCacheBytes = 64 << 20

// Snapshots are the channels' current snapshots (the feed server's hub).
type Snapshots interface {
	Snapshot(channel string) (feed.Snapshot, bool)
}

// Options is what the handler needs.
type Options struct {
	Snapshots Snapshots
	// Logo returns a channel's logo PNG by its hash; nil or false: none.
	Logo func(channel, hash string) ([]byte, bool)
	// ConfigError returns the error of the config file on disk, if it
	// was refused, and since when.
	ConfigError func() (since time.Time, err error)
	CacheBytes  int64 // 0: DefaultCacheBytes
	Now         func() time.Time
	Logger      *slog.Logger
}

// Handler serves the player, the preview and the slide pictures.
type Handler struct {
	opt      Options
	renderer *still.Renderer
	cache    *lru
	paints   singleflight.Group // one painting per picture, however many ask
}

// New returns the handler.
func New(opt Options) (*Handler, error) {
	if opt.CacheBytes <= 0 {
		opt.CacheBytes = DefaultCacheBytes
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Logo == nil {
		opt.Logo = func(string, string) ([]byte, bool) { return nil, false }
	}
	if opt.ConfigError == nil {
		opt.ConfigError = func() (time.Time, error) { return time.Time{}, nil }
	}
	r, err := still.New()
	if err != nil {
		return nil, err
	}
	return &Handler{opt: opt, renderer: r, cache: newLRU(opt.CacheBytes)}, nil
}

// Pages are the routes to mount on the feed server.
func (h *Handler) Pages() []server.Page {
	return []server.Page{
		{Pattern: "GET /tv/{channel}", Access: server.Screen, Handler: http.HandlerFunc(h.handlePlayer)},
		{Pattern: "GET /tv/{channel}/deck", Access: server.Screen, Handler: http.HandlerFunc(h.handleDeck)},
		{Pattern: "GET /tv/{channel}/slide/{revision}/{index}", Access: server.Screen, Handler: http.HandlerFunc(h.handleSlide)},
		{Pattern: "GET /tv/{channel}/ticker/{revision}/{index}", Access: server.Screen, Handler: http.HandlerFunc(h.handleTickerItem)},
		{Pattern: "GET /tv/{channel}/sw.js", Access: server.Public, Handler: http.HandlerFunc(h.handleWorker)},
		{Pattern: "GET /tv/{channel}/static/{file}", Access: server.Public, Handler: http.HandlerFunc(h.handleStatic)},
		{Pattern: "GET /preview/{channel}", Access: server.Admin, Handler: http.HandlerFunc(h.handlePreview)},
		{Pattern: "GET /preview/{channel}/state", Access: server.Admin, Handler: http.HandlerFunc(h.handleState)},
	}
}

// Sizes are the screen sizes pictures are painted at, before rotation: the
// player picks the one that covers its window, so that a few pictures per
// slide serve every screen. 16:9 and 16:10, 720p to 4K.
var Sizes = []scene.Size{
	{W: 1280, H: 720}, {W: 1920, H: 1080}, {W: 2560, H: 1440}, {W: 3840, H: 2160},
	{W: 1280, H: 800}, {W: 1920, H: 1200}, {W: 2560, H: 1600}, {W: 3840, H: 2400},
}

// errBadRequest marks a request parameter out of range.
var errBadRequest = errors.New("bad request")

// view is the size and rotation a request asks for.
type view struct {
	size     scene.Size // of the screen, before rotation
	rotation int
}

// picture is the size of the painted picture: the screen turned.
func (v view) picture() scene.Size { return scene.Turned(v.size.W, v.size.H, v.rotation) }

func (v view) query() string { return fmt.Sprintf("size=%s&rotation=%d", v.size, v.rotation) }

// parseView reads ?size=WxH&rotation=R; both may be left out (1920x1080,
// 0). A size may be given either way round: portrait screens too.
func parseView(r *http.Request) (view, error) {
	q := r.URL.Query()
	v := view{size: scene.Size{W: 1920, H: 1080}}
	if s := q.Get("size"); s != "" {
		var w, hh int
		if _, err := fmt.Sscanf(strings.ToLower(s), "%dx%d", &w, &hh); err != nil || !knownSize(w, hh) {
			return v, fmt.Errorf("%w: size %q: want one of %s", errBadRequest, s, sizeList())
		}
		v.size = scene.Size{W: w, H: hh}
	}
	if s := q.Get("rotation"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || (n != 0 && n != 90 && n != 180 && n != 270) {
			return v, fmt.Errorf("%w: rotation %q: want 0, 90, 180 or 270", errBadRequest, s)
		}
		v.rotation = n
	}
	return v, nil
}

func knownSize(w, h int) bool {
	for _, s := range Sizes {
		if (s.W == w && s.H == h) || (s.W == h && s.H == w) {
			return true
		}
	}
	return false
}

func sizeList() string {
	var b strings.Builder
	for i, s := range Sizes {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s.String())
	}
	return b.String() + " (or turned: HxW)"
}

// snapshot returns the channel's snapshot as the screen shows it, and its
// cards.
func (h *Handler) snapshot(channel string) (*feed.Snapshot, []scene.Card, bool) {
	s, ok := h.opt.Snapshots.Snapshot(channel)
	if !ok {
		return nil, nil, false
	}
	snap, cards := h.renderer.Deck(&s)
	return snap, cards, true
}

// handleSlide serves the picture of one card of one revision. Its address
// names everything it shows, so it is cached for good, here (bounded) and
// by the browser.
func (h *Handler) handleSlide(w http.ResponseWriter, r *http.Request) {
	channel, rev, index, v, ok := pictureOf(w, r, "slide index")
	if !ok {
		return
	}
	at := h.opt.Now()
	if s := r.URL.Query().Get("at"); s != "" {
		// As of when relative ages are counted (paintedAt); never later
		// than now, so that a picture cannot be asked for ahead.
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || time.Unix(n, 0).After(at.Add(time.Minute)) {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("at %q: want a time in Unix seconds, not in the future", s))
			return
		}
		at = time.Unix(n, 0)
	}
	key := fmt.Sprintf("%s/%s/%d/%s/%d/%s", channel, rev, index, v.size, v.rotation, r.URL.Query().Get("at"))
	h.servePicture(w, key, func() ([]byte, error) { return h.paint(channel, rev, index, v, at) })
}

// handleTickerItem serves the picture of one ticker item of one revision,
// cached as the slides are.
func (h *Handler) handleTickerItem(w http.ResponseWriter, r *http.Request) {
	channel, rev, index, v, ok := pictureOf(w, r, "ticker item")
	if !ok {
		return
	}
	key := fmt.Sprintf("ticker/%s/%s/%d/%s/%d", channel, rev, index, v.size, v.rotation)
	h.servePicture(w, key, func() ([]byte, error) { return h.paintItem(channel, rev, index, v) })
}

// pictureOf reads the address of a picture, …/{revision}/{index}?size=…
// &rotation=…, and answers 400 itself when it is wrong; what names the
// index in that answer.
func pictureOf(w http.ResponseWriter, r *http.Request, what string) (channel, rev string, index int, v view, ok bool) {
	v, err := parseView(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return "", "", 0, view{}, false
	}
	index, err = strconv.Atoi(r.PathValue("index"))
	if err != nil || index < 0 {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("%s %q: want a number from 0", what, r.PathValue("index")))
		return "", "", 0, view{}, false
	}
	return r.PathValue("channel"), r.PathValue("revision"), index, v, true
}

// servePicture answers with the picture cached under key, painting it
// (once, however many ask) when it is not. Its address names everything
// it shows, so the browser keeps it for good.
func (h *Handler) servePicture(w http.ResponseWriter, key string, paint func() ([]byte, error)) {
	data, ok := h.cache.get(key)
	w.Header().Set("X-Cache", "hit")
	if !ok {
		w.Header().Set("X-Cache", "miss")
		res, err, _ := h.paints.Do(key, func() (any, error) { return paint() })
		if err != nil {
			writeError(w, http.StatusNotFound, err.Error())
			return
		}
		data = res.([]byte)
		h.cache.put(key, data)
	}
	hd := w.Header()
	hd.Set("Content-Type", "image/png")
	hd.Set("Content-Length", strconv.Itoa(len(data)))
	hd.Set("Cache-Control", "private, max-age=31536000, immutable")
	hd.Set("X-Content-Type-Options", "nosniff")
	w.Write(data)
}

// paint paints card index of the channel's snapshot if it is still at rev,
// its relative ages counted to now.
func (h *Handler) paint(channel, rev string, index int, v view, now time.Time) ([]byte, error) {
	snap, cards, ok := h.snapshot(channel)
	if !ok {
		return nil, fmt.Errorf("channel %s has no snapshot yet", channel)
	}
	if snap.Revision != rev {
		return nil, fmt.Errorf("revision %s of channel %s is no longer current (now %s)", rev, channel, snap.Revision)
	}
	if index >= len(cards) {
		return nil, fmt.Errorf("channel %s has %d slides, no slide %d", channel, len(cards), index)
	}
	head := scene.HeaderAt(snap, channel, now, scene.Status{})
	head.Now = time.Time{} // the page draws the clock, and the offline note
	logo, _ := h.opt.Logo(channel, snap.Theme.LogoHash)
	return encode(h.renderer.Paint(cards[index], snap, logo, v.picture(), head, now))
}

// paintItem paints ticker item index of the channel's snapshot if it is
// still at rev.
func (h *Handler) paintItem(channel, rev string, index int, v view) ([]byte, error) {
	snap, _, ok := h.snapshot(channel)
	if !ok {
		return nil, fmt.Errorf("channel %s has no snapshot yet", channel)
	}
	if snap.Revision != rev {
		return nil, fmt.Errorf("revision %s of channel %s is no longer current (now %s)", rev, channel, snap.Revision)
	}
	items := h.renderer.TickerItems(snap, v.picture())
	if index >= len(items) {
		return nil, fmt.Errorf("channel %s has %d ticker items, no item %d", channel, len(items), index)
	}
	return encode(h.renderer.PaintItem(items[index]))
}

// encode is img as PNG. BestSpeed: a 1080p card paints and encodes in
// about 70 ms, 110 KB.
func encode(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode picture: %w", err)
	}
	return buf.Bytes(), nil
}
