package client_test

import (
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/cxtv/cxtv/display/client"
	"github.com/cxtv/cxtv/feed"
)

func TestNewsworthy(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 3, 14, 5, 0, 0, time.UTC)
	base := client.Status{Slide: "comments", Revision: "r1", CachedAt: at}
	tests := []struct {
		name string
		cur  client.Status
		want bool
	}{
		{"same", base, false},
		{"another card of the kind", client.Status{Slide: "comments", Revision: "r1", CachedAt: at.In(time.Local)}, false},
		{"another kind", client.Status{Slide: "nps", Revision: "r1", CachedAt: at}, true},
		{"new revision", client.Status{Slide: "comments", Revision: "r2", CachedAt: at}, true},
		{"received anew", client.Status{Slide: "comments", Revision: "r1", CachedAt: at.Add(time.Second)}, true},
		{"from waiting", client.Status{Slide: "waiting"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := client.Newsworthy(base, tt.cur); got != tt.want {
				t.Errorf("Newsworthy(%+v, %+v) = %v, want %v", base, tt.cur, got, tt.want)
			}
		})
	}
}

func TestHoldFor(t *testing.T) {
	t.Parallel()
	last := time.Date(2026, 12, 3, 14, 5, 0, 0, time.UTC)
	tests := []struct {
		after, want time.Duration
	}{
		{0, time.Second},
		{300 * time.Millisecond, 700 * time.Millisecond},
		{time.Second, 0},
		{25 * time.Second, 0},
		{-time.Hour, time.Second}, // the clock went back: no flood, and no hour-long wait
	}
	for _, tt := range tests {
		if got := client.HoldFor(last, last.Add(tt.after), time.Second); got != tt.want {
			t.Errorf("HoldFor(last, last+%v, 1s) = %v, want %v", tt.after, got, tt.want)
		}
	}
}

// heartbeatServer records every heartbeat it reads, with when it came.
type beat struct {
	feed.Heartbeat
	at time.Time
}

func heartbeatServer(tb testing.TB) (url string, beats chan beat) {
	tb.Helper()
	beats = make(chan beat, 256)
	srv, _ := server(tb, func(_ int, conn *websocket.Conn) {
		sendSnapshot(tb, conn, "r1")
		for {
			var m feed.Message
			if err := conn.ReadJSON(&m); err != nil {
				return
			}
			if m.Type == feed.TypeHeartbeat && m.Heartbeat != nil {
				beats <- beat{*m.Heartbeat, time.Now()}
			}
		}
	})
	return srv.URL, beats
}

func nextBeat(tb testing.TB, beats chan beat, within time.Duration) beat {
	tb.Helper()
	select {
	case b := <-beats:
		return b
	case <-time.After(within):
		tb.Fatalf("no heartbeat within %v", within)
	}
	return beat{}
}

// A change of slide kind or content reaches the fleet view within about
// the gap, not at the next periodic heartbeat.
func TestHeartbeatOnChange(t *testing.T) {
	t.Parallel()
	url, beats := heartbeatServer(t)
	c := start(t, url, token, func(o *client.Options) {
		o.HeartbeatEvery, o.HeartbeatGap = time.Hour, 100*time.Millisecond
	})
	c.SetStatus(client.Status{Slide: "waiting"})
	first := nextBeat(t, beats, 5*time.Second)
	if first.Slide != "waiting" {
		t.Errorf("first heartbeat shows %q, want waiting", first.Slide)
	}
	nextSnapshot(t, c)
	changed := time.Now()
	c.SetStatus(client.Status{Slide: "comments", Revision: "r1", CachedAt: changed})
	b := nextBeat(t, beats, 5*time.Second)
	if b.Slide != "comments" || b.Revision != "r1" || !b.CachedAt.Equal(changed) {
		t.Errorf("heartbeat after the change %+v, want comments of r1 received %v", b.Heartbeat, changed)
	}
	if d := b.at.Sub(changed); d > 2*time.Second {
		t.Errorf("the change took %v to reach the server, want about the gap (100 ms)", d)
	}
	// The next comment card is no news.
	c.SetStatus(client.Status{Slide: "comments", Revision: "r1", CachedAt: changed})
	select {
	case b := <-beats:
		t.Errorf("heartbeat %+v for another card of the same kind, want none", b.Heartbeat)
	case <-time.After(300 * time.Millisecond):
	}
}

// A screen whose status changes on every frame still sends a heartbeat at
// most every gap, and the last one tells the latest status.
func TestHeartbeatsDebounced(t *testing.T) {
	t.Parallel()
	url, beats := heartbeatServer(t)
	const gap = 200 * time.Millisecond
	c := start(t, url, token, func(o *client.Options) {
		o.HeartbeatEvery, o.HeartbeatGap = time.Hour, gap
	})
	nextBeat(t, beats, 5*time.Second) // on connecting
	slides := []string{"nps", "stars"}
	start := time.Now()
	var n int
	for n = 0; time.Since(start) < time.Second; n++ {
		c.SetStatus(client.Status{Slide: slides[n%2], Revision: "r1"})
		time.Sleep(time.Millisecond)
	}
	c.SetStatus(client.Status{Slide: "trend", Revision: "r1"})
	var got []beat
	for len(got) == 0 || got[len(got)-1].Slide != "trend" {
		got = append(got, nextBeat(t, beats, 5*time.Second))
	}
	// 1 s of changes and the last one: at most 1 s / gap + 1 heartbeats.
	if max := int(time.Second/gap) + 2; len(got) > max {
		t.Errorf("%d changes sent %d heartbeats, want at most %d", n, len(got), max)
	}
	for i := 1; i < len(got); i++ {
		// Sent at least gap apart; received with some jitter.
		if d := got[i].at.Sub(got[i-1].at); d < gap/2 {
			t.Errorf("heartbeats %d and %d came %v apart, want about %v or more", i-1, i, d, gap)
		}
	}
}
