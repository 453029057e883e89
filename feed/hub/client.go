package hub

import (
	"errors"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/cxtv/cxtv/feed"
)

// client is one connected screen. Its send queue is closed by the hub alone.
type client struct {
	hub     *Hub
	conn    *websocket.Conn
	channel string
	remote  string
	send    chan *websocket.PreparedMessage
	// device is the name the screen's heartbeats carry, "" before the
	// first one. Owned by Run: readPump tells it through hub.identify.
	device string
}

// readPump reads heartbeats until the connection fails, then unregisters.
func (c *client) readPump() {
	defer func() {
		select {
		case c.hub.unregister <- c:
		case <-c.hub.done:
		}
		c.conn.Close()
	}()
	c.conn.SetReadLimit(maxMessage)
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(pongWait))
	})
	named := "" // readPump's own copy of the device name it has told Run
	limit := rate.NewLimiter(messageRate, messageBurst)
	dropped := 0 // in a row
	for {
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			if errors.Is(err, websocket.ErrReadLimit) {
				c.hub.abuse.TooLarge.Add(1)
				c.hub.logger.Warn("dropping screen: message over the size limit", "channel", c.channel, "remote", c.remote, "limit", maxMessage)
			}
			return
		}
		c.conn.SetReadDeadline(time.Now().Add(pongWait))
		if !limit.Allow() {
			c.hub.abuse.Rate.Add(1)
			if dropped++; dropped >= maxDropped {
				c.hub.abuse.Flood.Add(1)
				c.hub.logger.Warn("dropping screen: it sends too fast", "channel", c.channel, "remote", c.remote)
				c.conn.WriteControl(websocket.CloseMessage,
					websocket.FormatCloseMessage(websocket.ClosePolicyViolation, "too many messages"), time.Now().Add(writeWait))
				return
			}
			continue
		}
		dropped = 0
		m, err := feed.DecodeMessage(data)
		if err != nil {
			c.hub.logger.Debug("ignoring message from screen", "remote", c.remote, "err", err)
			continue
		}
		if m.Type == feed.TypeHeartbeat && m.Heartbeat != nil {
			// Name the connection before reporting the heartbeat, so that
			// a device the fleet view lists can be sent to.
			if dev := m.Heartbeat.Device; dev != "" && dev != named {
				select {
				case c.hub.identify <- identity{c: c, device: dev}:
					named = dev
				case <-c.hub.done:
					return
				}
			}
			c.hub.onHeartbeat(c.channel, c.remote, *m.Heartbeat)
		}
	}
}

// writePump writes queued messages and pings; a write that misses its
// deadline ends the connection.
func (c *client) writePump() {
	ticker := time.NewTicker(pingPeriod)
	defer func() {
		ticker.Stop()
		c.conn.Close()
	}()
	for {
		select {
		case m, ok := <-c.send:
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if !ok {
				c.conn.WriteMessage(websocket.CloseMessage,
					websocket.FormatCloseMessage(websocket.CloseGoingAway, "closed by server"))
				return
			}
			if err := c.conn.WritePreparedMessage(m); err != nil {
				return
			}
		case <-ticker.C:
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		}
	}
}

// prepare encodes m once for every screen that gets it.
func prepare(m feed.Message) (*websocket.PreparedMessage, error) {
	b, err := feed.EncodeMessage(m)
	if err != nil {
		return nil, err
	}
	return websocket.NewPreparedMessage(websocket.TextMessage, b)
}
