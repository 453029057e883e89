// Package hub fans each channel's content out to its screens over
// WebSocket, in the shape of gorilla/websocket's chat example: one goroutine
// owns the clients, each connection has one reader and one writer, and a
// slow screen is dropped rather than waited for.
package hub

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cxtv/cxtv/feed"
)

// Timing of a connection. Pings go out more often than the read deadline
// expires, so a live screen never times out.
const (
	writeWait  = 5 * time.Second  // a write that takes longer drops the screen
	pongWait   = 60 * time.Second // a screen silent this long is gone
	pingPeriod = pongWait * 9 / 10
	// maxMessage bounds what a screen may send (heartbeats are ~300 bytes).
	maxMessage = 16 << 10
	// queueLen is how many messages may wait for a slow screen.
	queueLen = 8
)

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
	done       chan struct{} // closed when Run returns

	connected atomic.Int64
}

type publication struct {
	channel string
	msg     *websocket.PreparedMessage
}

// New returns a hub; call Run to start it. onHeartbeat may be nil.
func New(logger *slog.Logger, onHeartbeat HeartbeatFunc) *Hub {
	if onHeartbeat == nil {
		onHeartbeat = func(string, string, feed.Heartbeat) {}
	}
	return &Hub{
		logger:      logger,
		onHeartbeat: onHeartbeat,
		upgrader:    websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 4096},
		register:    make(chan *client),
		unregister:  make(chan *client),
		publish:     make(chan publication),
		done:        make(chan struct{}),
	}
}

// Run owns the clients until ctx ends, then tells every connection's writer
// to send a close frame and hang up.
func (h *Hub) Run(ctx context.Context) {
	// Owned by this goroutine alone.
	rooms := map[string]map[*client]struct{}{}
	latest := map[string]*websocket.PreparedMessage{}

	drop := func(c *client) {
		if _, ok := rooms[c.channel][c]; ok {
			delete(rooms[c.channel], c)
			close(c.send)
			h.connected.Add(-1)
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
			if m := latest[c.channel]; m != nil {
				offer(c, m)
			}
		case c := <-h.unregister:
			drop(c)
		case p := <-h.publish:
			latest[p.channel] = p.msg
			for c := range rooms[p.channel] {
				offer(c, p.msg)
			}
		}
	}
}

// Publish sends a message to every screen of channel, now and to those that
// connect later, encoding it once for all of them.
func (h *Hub) Publish(channel string, m feed.Message) error {
	pm, err := prepare(m)
	if err != nil {
		return err
	}
	select {
	case h.publish <- publication{channel: channel, msg: pm}:
	case <-h.done:
	}
	return nil
}

// Connected returns how many screens are connected.
func (h *Hub) Connected() int { return int(h.connected.Load()) }

// ServeWS upgrades the request to a WebSocket for a screen of channel. The
// caller has checked the screen's token.
func (h *Hub) ServeWS(w http.ResponseWriter, r *http.Request, channel string) {
	conn, err := h.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered the client
	}
	c := &client{hub: h, conn: conn, channel: channel, remote: r.RemoteAddr, send: make(chan *websocket.PreparedMessage, queueLen)}
	select {
	case h.register <- c:
	case <-h.done:
		conn.Close()
		return
	}
	go c.writePump()
	go c.readPump()
}
