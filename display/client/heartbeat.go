package client

import (
	"context"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cxtv/cxtv/feed"
)

// newsworthy reports whether a change of the screen's status from old to
// cur is worth a heartbeat before the periodic one: the fleet view would
// otherwise show the old kind of slide or the old content for up to
// HeartbeatEvery. Another card of the same kind (the next comment) is not.
func newsworthy(old, cur Status) bool {
	return old.Slide != cur.Slide || old.Revision != cur.Revision || !old.CachedAt.Equal(cur.CachedAt)
}

// holdFor is how long a heartbeat for a change must wait, at now, so
// that it goes out at least gap after the last one, sent at last; never
// more than gap, should the clock have gone back.
func holdFor(last, now time.Time, gap time.Duration) time.Duration {
	return min(gap, max(0, gap-now.Sub(last)))
}

// heartbeats tells the server what the screen shows: once right after
// connecting, within HeartbeatGap of a newsworthy change (SetStatus), and
// after HeartbeatEvery without one. A failed write ends the session.
// Once the first one is out the server knows the device, and screenshots
// may be uploaded.
func (c *Client) heartbeats(ctx context.Context, conn *websocket.Conn) {
	t := time.NewTimer(c.opts.HeartbeatEvery)
	defer t.Stop()
	// A change reported before this connection is in the first heartbeat.
	select {
	case <-c.changed:
	default:
	}
	for first := true; ; first = false {
		if !c.heartbeat(conn) {
			return
		}
		last := time.Now()
		if first {
			c.opts.Screenshots.setOnline(true)
		}
		t.Reset(c.opts.HeartbeatEvery)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-c.changed:
			if !c.holdBack(ctx, holdFor(last, time.Now(), c.opts.HeartbeatGap)) {
				return
			}
		}
	}
}

// holdBack waits d, or until ctx is done (false). Changes that come
// meanwhile are one: the heartbeat after it reads the latest status.
func (c *Client) holdBack(ctx context.Context, d time.Duration) bool {
	if d > 0 {
		w := time.NewTimer(d)
		defer w.Stop()
		select {
		case <-ctx.Done():
			return false
		case <-w.C:
		}
	}
	select {
	case <-c.changed:
	default:
	}
	return true
}

// heartbeat sends the current status; false when the write failed.
func (c *Client) heartbeat(conn *websocket.Conn) bool {
	st := c.currentStatus()
	msg := feed.Message{V: feed.ProtocolVersion, Type: feed.TypeHeartbeat, Heartbeat: &feed.Heartbeat{
		Device: c.opts.Device, Version: c.opts.Version,
		Slide: st.Slide, Revision: st.Revision, CachedAt: st.CachedAt, Online: true,
		StartedAt: c.opts.StartedAt,
	}}
	_ = conn.SetWriteDeadline(time.Now().Add(writeWait))
	if err := conn.WriteJSON(msg); err != nil {
		c.opts.Logger.Debug("heartbeat failed", "err", err)
		return false
	}
	return true
}
