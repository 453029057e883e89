// Package hub fans each channel's content out to its screens over
// WebSocket, in the shape of gorilla/websocket's chat example: one goroutine
// owns the clients and each channel's current snapshot, each connection has
// one reader and one writer, and a slow screen is dropped rather than
// waited for.
package hub

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/cxtv/cxtv/feed"
)

// Timing of a connection. Pings go out more often than the read deadline
// expires, so a live screen never times out.
const (
	writeWait  = 5 * time.Second  // a write that takes longer drops the screen
	pongWait   = 60 * time.Second // a screen silent this long is gone
	pingPeriod = pongWait * 9 / 10
	// maxMessage bounds what a screen may send (heartbeats are ~300 bytes);
	// a larger message ends the connection.
	maxMessage = 16 << 10
	// queueLen is how many messages may wait for a slow screen.
	queueLen = 8
	// A screen sends a heartbeat every 30 s and one when its slide or its
	// connection changes. Messages beyond messageRate (with messageBurst
	// to spare) are read and dropped; maxDropped of them in a row end the
	// connection.
	messageRate  = rate.Limit(2)
	messageBurst = 20
	maxDropped   = 200
	// fullRetry is the Retry-After of a channel that has all the screens
	// it may have.
	fullRetry = 60 * time.Second
)

// Abuse counts what the hub refused or dropped, by reason: "channel_full"
// (a connection beyond the channel's bound), "rate" (a message beyond the
// rate), "too_large" (a message over the size limit, which ends the
// connection) and "flood" (a connection ended for sending too fast).
type Abuse struct {
	ChannelFull, Rate, TooLarge, Flood atomic.Uint64
}

// ErrStopped is returned for a message to a device once Run has returned.
var ErrStopped = errors.New("hub stopped")

// HeartbeatFunc receives what a screen reports about itself.
type HeartbeatFunc func(channel, remote string, hb feed.Heartbeat)

// Hub fans messages out to the screens of every channel.
type Hub struct {
	logger      *slog.Logger
	onHeartbeat HeartbeatFunc
	upgrader    websocket.Upgrader

	register   chan *client
	unregister chan *client
	publish    chan publication
	snapshot   chan snapshotQuery
	identify   chan identity // a connection's heartbeat named its device
	direct     chan direct   // a message for one device's connections
	devices    chan chan map[feed.Screen]int
	closeRoom  chan closing  // a channel whose screens must reconnect
	done       chan struct{} // closed when Run returns

	connected atomic.Int64
	abuse     Abuse

	openMu sync.Mutex     // guards open
	open   map[string]int // connections per channel, counted before the upgrade
}

// publication is a channel's new snapshot, encoded once for its screens.
type publication struct {
	channel string
	snap    feed.Snapshot
	msg     *websocket.PreparedMessage
}

// snapshotQuery asks Run for a channel's current snapshot.
type snapshotQuery struct {
	channel string
	reply   chan publication // channel "" when there is none
}

// closing hangs up on a channel's screens; forget drops its snapshot too.
type closing struct {
	channel string
	forget  bool
}

// identity ties a connection to the device name its heartbeats carry.
type identity struct {
	c      *client
	device string
}

// direct is a message for every connection of one screen; Run answers on
// sent with how many connections it was queued for.
type direct struct {
	screen feed.Screen
	msg    *websocket.PreparedMessage
	sent   chan int
}

// New returns a hub; call Run to start it. onHeartbeat may be nil.
func New(logger *slog.Logger, onHeartbeat HeartbeatFunc) *Hub {
	if onHeartbeat == nil {
		onHeartbeat = func(string, string, feed.Heartbeat) {}
	}
	return &Hub{
		logger:      logger,
		onHeartbeat: onHeartbeat,
		// The write buffers come from a pool: a screen holds one only while
		// a frame is written to it, not for the days it is connected.
		upgrader:   websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 4096, WriteBufferPool: &sync.Pool{}},
		register:   make(chan *client),
		unregister: make(chan *client),
		publish:    make(chan publication),
		snapshot:   make(chan snapshotQuery),
		identify:   make(chan identity),
		direct:     make(chan direct),
		devices:    make(chan chan map[feed.Screen]int),
		closeRoom:  make(chan closing),
		done:       make(chan struct{}),
		open:       map[string]int{},
	}
}

// Run owns the clients and the snapshots until ctx ends, then tells every
// connection's writer to send a close frame and hang up.
func (h *Hub) Run(ctx context.Context) {
	// Owned by this goroutine alone.
	rooms := map[string]map[*client]struct{}{}
	// latest is each channel's current snapshot: the one place the server
	// keeps it. A screen that connects gets it at once.
	latest := map[string]publication{}
	// named holds the connections by their channel and the device name of
	// their heartbeats. Two connections share a name when a screen
	// reconnects before its old connection has timed out, or when two
	// screens of a channel are misconfigured alike.
	named := map[feed.Screen]map[*client]struct{}{}

	unname := func(c *client) {
		if c.device == "" {
			return
		}
		id := feed.Screen{Channel: c.channel, Device: c.device}
		delete(named[id], c)
		if len(named[id]) == 0 {
			delete(named, id)
		}
		c.device = ""
	}
	drop := func(c *client) {
		if _, ok := rooms[c.channel][c]; ok {
			delete(rooms[c.channel], c)
			unname(c)
			close(c.send)
			h.connected.Add(-1)
			h.release(c.channel)
		}
	}
	offer := func(c *client, m *websocket.PreparedMessage) {
		select {
		case c.send <- m:
		default:
			h.logger.Warn("dropping slow screen", "channel", c.channel, "remote", c.remote)
			drop(c)
		}
	}
	defer func() {
		for _, room := range rooms {
			for c := range room {
				drop(c)
			}
		}
		close(h.done)
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-h.register:
			if rooms[c.channel] == nil {
				rooms[c.channel] = map[*client]struct{}{}
			}
			rooms[c.channel][c] = struct{}{}
			h.connected.Add(1)
			if p, ok := latest[c.channel]; ok {
				offer(c, p.msg)
			}
		case c := <-h.unregister:
			drop(c)
		case p := <-h.publish:
			latest[p.channel] = p
			for c := range rooms[p.channel] {
				offer(c, p.msg)
			}
		case q := <-h.snapshot:
			q.reply <- latest[q.channel]
		case id := <-h.identify:
			if _, ok := rooms[id.c.channel][id.c]; !ok {
				break // dropped meanwhile
			}
			unname(id.c)
			id.c.device = id.device
			sc := feed.Screen{Channel: id.c.channel, Device: id.device}
			if named[sc] == nil {
				named[sc] = map[*client]struct{}{}
			}
			named[sc][id.c] = struct{}{}
		case d := <-h.direct:
			n := 0
			for c := range named[d.screen] {
				offer(c, d.msg)
				if c.device != "" { // not dropped as slow
					n++
				}
			}
			d.sent <- n
		case cl := <-h.closeRoom:
			for c := range rooms[cl.channel] {
				drop(c)
			}
			if cl.forget {
				delete(latest, cl.channel)
			}
		case q := <-h.devices:
			out := make(map[feed.Screen]int, len(named))
			for sc, cs := range named {
				out[sc] = len(cs)
			}
			q <- out
		}
	}
}

// Publish makes snap the current snapshot of channel and sends it to every
// screen of channel, now and to those that connect later, encoding it once
// for all of them.
func (h *Hub) Publish(channel string, snap feed.Snapshot) error {
	pm, err := prepare(feed.Message{Type: feed.TypeSnapshot, Snapshot: &snap})
	if err != nil {
		return err
	}
	select {
	case h.publish <- publication{channel: channel, snap: snap, msg: pm}:
	case <-h.done:
	}
	return nil
}

// Snapshot returns the current snapshot of channel, the one its screens
// have. Its slices are shared: the caller must not change them.
func (h *Hub) Snapshot(channel string) (feed.Snapshot, bool) {
	q := snapshotQuery{channel: channel, reply: make(chan publication, 1)}
	select {
	case h.snapshot <- q:
		p := <-q.reply
		return p.snap, p.channel != ""
	case <-h.done:
		return feed.Snapshot{}, false
	}
}

// Send queues m for every open connection of screen (its channel and the
// device name it gives in its heartbeats) and returns how many that is: 0
// when the screen is not connected (or has not sent a heartbeat on its
// connection yet). Like a broadcast, a connection whose queue is full is
// dropped.
func (h *Hub) Send(screen feed.Screen, m feed.Message) (int, error) {
	pm, err := prepare(m)
	if err != nil {
		return 0, err
	}
	d := direct{screen: screen, msg: pm, sent: make(chan int, 1)}
	select {
	case h.direct <- d:
		return <-d.sent, nil
	case <-h.done:
		return 0, ErrStopped
	}
}

// Devices returns the screens that have an open connection, each with how
// many; a connection counts once its first heartbeat has named it.
func (h *Hub) Devices() map[feed.Screen]int {
	q := make(chan map[feed.Screen]int, 1)
	select {
	case h.devices <- q:
		return <-q
	case <-h.done:
		return map[feed.Screen]int{}
	}
}

// CloseChannel hangs up on every screen of channel, for instance after its
// token changed: a screen must connect again with the token in force. The
// channel's snapshot stays for the screens that do.
func (h *Hub) CloseChannel(channel string) { h.close(closing{channel: channel}) }

// RemoveChannel hangs up on every screen of a channel that is gone and
// forgets its snapshot.
func (h *Hub) RemoveChannel(channel string) { h.close(closing{channel: channel, forget: true}) }

func (h *Hub) close(c closing) {
	select {
	case h.closeRoom <- c:
	case <-h.done:
	}
}

// Connected returns how many screens are connected.
func (h *Hub) Connected() int { return int(h.connected.Load()) }

// Abuse returns the counts of what the hub refused or dropped.
func (h *Hub) Abuse() *Abuse { return &h.abuse }

// AbuseCounts returns the Abuse counts by reason.
func (h *Hub) AbuseCounts() map[string]uint64 {
	a := &h.abuse
	return map[string]uint64{
		"channel_full": a.ChannelFull.Load(), "rate": a.Rate.Load(),
		"too_large": a.TooLarge.Load(), "flood": a.Flood.Load(),
	}
}

// reserve counts a connection of channel about to be upgraded, unless the
// channel already has max (0: no bound).
func (h *Hub) reserve(channel string, max int) bool {
	h.openMu.Lock()
	defer h.openMu.Unlock()
	if max > 0 && h.open[channel] >= max {
		return false
	}
	h.open[channel]++
	return true
}

func (h *Hub) release(channel string) {
	h.openMu.Lock()
	defer h.openMu.Unlock()
	if h.open[channel]--; h.open[channel] <= 0 {
		delete(h.open, channel)
	}
}

// ServeWS upgrades the request to a WebSocket for a screen of channel, as
// long as the channel has fewer than max screens (0: no bound); beyond
// that it answers 503 with a Retry-After. The caller has checked the
// screen's token: max is what keeps one token holder from taking every
// connection the server can hold.
func (h *Hub) ServeWS(w http.ResponseWriter, r *http.Request, channel string, max int) {
	if !h.reserve(channel, max) {
		h.abuse.ChannelFull.Add(1)
		h.logger.Warn("refusing a screen: its channel has all the screens it may have", "channel", channel, "max_screens", max, "remote", r.RemoteAddr)
		w.Header().Set("Retry-After", strconv.Itoa(int(fullRetry/time.Second)))
		http.Error(w, "channel "+channel+" has its "+strconv.Itoa(max)+" screens (max_screens)", http.StatusServiceUnavailable)
		return
	}
	conn, err := h.upgrader.Upgrade(w, r, nil)
	if err != nil {
		h.release(channel)
		return // the upgrader has answered the client
	}
	c := &client{hub: h, conn: conn, channel: channel, remote: r.RemoteAddr, send: make(chan *websocket.PreparedMessage, queueLen)}
	select {
	case h.register <- c:
	case <-h.done:
		h.release(channel)
		conn.Close()
		return
	}
	go c.writePump()
	go c.readPump()
}
