package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cxtv/cxtv/display/latest"
	"github.com/cxtv/cxtv/feed"
)

const (
	// writeWait bounds every write, so a stalled network cannot block the
	// heartbeat goroutine forever.
	writeWait = 10 * time.Second
	// maxMessage bounds a snapshot; the server sends at most a few hundred
	// comments.
	maxMessage = 8 << 20
)

// sessionResult tells Run how far a connection got.
type sessionResult struct {
	connected bool
	snapshots int
}

// session dials once and reads until the connection ends. It calls
// onConnect after the handshake.
func (c *Client) session(ctx context.Context, onConnect func()) (sessionResult, error) {
	var res sessionResult
	d := websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: 15 * time.Second}
	h := http.Header{"Authorization": {authorization(c.opts.Token)}}
	conn, resp, err := d.DialContext(ctx, c.url, h)
	if err != nil {
		if resp != nil {
			return res, fmt.Errorf("dial %s: %s", c.url, resp.Status)
		}
		return res, fmt.Errorf("dial %s: %w", c.url, err)
	}
	res.connected = true
	onConnect()

	// One reader (this goroutine) and one writer (heartbeats); Close and
	// WriteControl may be called from anywhere.
	sctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(sctx, func() { conn.Close() })
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer cancel()
		c.heartbeats(sctx, conn)
	}()
	defer func() {
		cancel()
		wg.Wait()
		stop()
		conn.Close()
		c.opts.Screenshots.setOnline(false)
	}()

	conn.SetReadLimit(maxMessage)
	extend := func() { _ = conn.SetReadDeadline(time.Now().Add(c.opts.ReadTimeout)) }
	extend()
	conn.SetPingHandler(func(data string) error {
		extend()
		err := conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(writeWait))
		// Like gorilla's default handler: a pong that cannot be sent is
		// not a reason to stop reading; the read deadline decides.
		var ne net.Error
		if errors.Is(err, websocket.ErrCloseSent) || errors.As(err, &ne) {
			return nil
		}
		return err
	})
	for {
		_, b, err := conn.ReadMessage()
		if err != nil {
			return res, fmt.Errorf("read: %w", err)
		}
		extend()
		m, err := feed.DecodeMessage(b)
		if err != nil {
			// A newer server may send what this build does not know yet.
			c.opts.Logger.Warn("ignoring message", "err", err)
			continue
		}
		switch m.Type {
		case feed.TypeSnapshot:
			res.snapshots++
			latest.Offer(c.snapshots, Received{Snapshot: *m.Snapshot, Message: b})
		case feed.TypeScreenshotRequest:
			c.opts.Screenshots.request()
		}
	}
}
