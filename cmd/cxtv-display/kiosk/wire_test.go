package main

import (
	"context"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/client"
	"github.com/cxtv/cxtv/display/scene"
)

// The screen sees the client's connection states as the header shows
// them, the server's clock included.
func TestFollowStates(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	in, out := make(chan client.State), make(chan scene.Status, 1)
	done := make(chan struct{})
	go func() { follow(ctx, in, out); close(done) }()
	since := time.Date(2026, 3, 23, 14, 5, 0, 0, time.UTC)
	server, local := since.Add(time.Hour), time.Now()
	st := client.State{Online: false, Since: since, Reached: true, ServerTime: server, LocalTime: local}
	in <- st
	got := <-out
	want := scene.Status{Known: true, Online: false, Reached: true, Since: since, Clock: scene.Clock{Server: server, Local: local}}
	if got != want {
		t.Errorf("follow(%+v) = %+v, want %+v", st, got, want)
	}
	cancel()
	<-done
}
