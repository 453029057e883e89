package config_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/config"
)

type reload struct {
	cfg *config.Feed
	err error
}

func TestWatchFeed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feed.yaml")
	if err := os.WriteFile(path, []byte(base), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan reload, 16)
	if err := config.WatchFeed(ctx, path, func(c *config.Feed, err error) { got <- reload{c, err} }); err != nil {
		t.Fatal(err)
	}
	next := func() reload {
		t.Helper()
		select {
		case r := <-got:
			return r
		case <-time.After(10 * time.Second):
			t.Fatal("no reload within 10 s of the change")
			return reload{}
		}
	}

	// An edit in place.
	os.WriteFile(path, []byte(strings.Replace(base, "name: canteen", "name: kantine", 1)), 0o600)
	if r := next(); r.err != nil || r.cfg.Channels[0].Name != "kantine" {
		t.Fatalf("after editing: %+v, want channel kantine", r)
	}
	// An invalid file is reported with its key path.
	os.WriteFile(path, []byte(base+"    slides: [trnd]\n"), 0o600)
	if r := next(); r.err == nil || !strings.Contains(r.err.Error(), `channels[0].slides[0]: unknown slide "trnd"`) {
		t.Fatalf("after a bad edit: %+v, want the slide error", r)
	}
	// An editor that writes a new file and renames it over the old one.
	tmp := path + ".tmp"
	os.WriteFile(tmp, []byte(strings.Replace(base, "name: canteen", "name: lobby", 1)), 0o600)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	if r := next(); r.err != nil || r.cfg.Channels[0].Name != "lobby" {
		t.Fatalf("after rename: %+v, want channel lobby", r)
	}
}
