package scene_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/scene"
	"github.com/cxtv/cxtv/feed"
)

// A Raspberry Pi without network boots with its clock in the past: fake-
// hwclock's last shutdown, or 1970.
var epoch = time.Date(1970, 1, 1, 0, 1, 0, 0, time.UTC)

func TestClockAt(t *testing.T) {
	floor := time.Date(2025, 11, 24, 14, 5, 0, 0, time.UTC)
	tests := []struct {
		name      string
		clock     scene.Clock
		local     time.Time
		want      time.Time
		wantKnown bool
	}{
		{"local clock after the snapshot", scene.Clock{}, floor.Add(time.Hour), floor.Add(time.Hour), true},
		{"local clock a little after", scene.Clock{}, floor.Add(time.Second), floor.Add(time.Second), true},
		{"local clock before the snapshot, no server reading: unknown, ages from the snapshot",
			scene.Clock{}, epoch, floor, false},
		{"server read 10 minutes ago on a clock far behind",
			scene.Clock{Server: floor, Local: epoch}, epoch.Add(10 * time.Minute), floor.Add(10 * time.Minute), true},
		{"server read, local clock agrees within the skew: local",
			scene.Clock{Server: floor, Local: floor.Add(-10 * time.Second)}, floor.Add(time.Minute), floor.Add(time.Minute), true},
		{"server read, local clock an hour ahead: the server's",
			scene.Clock{Server: floor, Local: floor.Add(time.Hour)}, floor.Add(time.Hour + time.Minute), floor.Add(time.Minute), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, known := tt.clock.At(tt.local, floor)
			if !got.Equal(tt.want) || known != tt.wantKnown {
				t.Errorf("%+v.At(%v, %v) = %v, %v; want %v, %v", tt.clock, tt.local, floor, got, known, tt.want, tt.wantKnown)
			}
			if got.Location() != tt.local.Location() {
				t.Errorf("At(%v) is in %v, want the local clock's zone %v", tt.local, got.Location(), tt.local.Location())
			}
		})
	}
}

// The elapsed time since the server's clock was read is measured on the
// monotonic clock, which NTP and a user setting the date do not move.
func TestClockAtUsesMonotonicTime(t *testing.T) {
	local := time.Now() // carries a monotonic reading
	server := time.Date(2025, 11, 24, 14, 5, 0, 0, time.UTC)
	c := scene.Clock{Server: server, Local: local}
	later := local.Add(90 * time.Second) // keeps the monotonic reading
	got, known := c.At(later, time.Time{})
	if want := server.Add(90 * time.Second); !known || !got.Equal(want) {
		t.Errorf("At(90 s later) = %v, %v; want %v, true", got, known, want)
	}
}

func TestHeaderAt(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	made := time.Date(2025, 11, 24, 14, 5, 0, 0, berlin)
	snap := &feed.Snapshot{Title: "Stimme unserer Kunden", Language: "de", GeneratedAt: made}
	en := &feed.Snapshot{Title: "Voice of the customer", Language: "en", GeneratedAt: made}
	boot := epoch.In(berlin)
	tests := []struct {
		name      string
		snap      *feed.Snapshot
		local     time.Time
		st        scene.Status
		wantClock string // "" for no clock
		wantNote  string
	}{
		{"before any state: no note", snap, made.Add(time.Hour), scene.Status{},
			"15:05", ""},
		{"online", snap, made.Add(time.Hour), scene.Status{Known: true, Online: true, Reached: true},
			"15:05", ""},
		{"lost the connection", snap, made.Add(time.Hour),
			scene.Status{Known: true, Reached: true, Since: made.Add(30 * time.Minute)},
			"15:05", "offline seit 14:35"},
		{"lost it yesterday", snap, made.Add(24 * time.Hour),
			scene.Status{Known: true, Reached: true, Since: made.Add(time.Minute)},
			"14:05", "offline seit 24. Nov. 14:06"},
		{"started from the cache, server down", snap, made.Add(2 * time.Hour),
			scene.Status{Known: true, Since: made.Add(time.Minute)},
			"16:05", "offline · Stand 14:06"},
		{"in English", en, made.Add(24 * time.Hour),
			scene.Status{Known: true, Since: made.Add(time.Minute)},
			"2:05 pm", "offline · as of 24 Nov 2:06 pm"},
		{"nothing cached", nil, made, scene.Status{Known: true, Since: made},
			"14:05", "offline"},
		// No RTC: the clock is decades behind the snapshot.
		{"no RTC, cache, server down: no clock, content dated", snap, boot,
			scene.Status{Known: true, Since: made.Add(time.Minute)},
			"", "offline · Stand 24. Nov. 14:06"},
		{"no RTC when the content was received: dated by the server", snap, boot,
			scene.Status{Known: true, Since: boot.Add(-time.Hour)},
			"", "offline · Stand 24. Nov. 14:05"},
		{"no RTC, server read on connecting: its clock", snap, boot.Add(10 * time.Minute),
			scene.Status{Known: true, Online: true, Reached: true, Clock: scene.Clock{Server: made.Add(time.Hour), Local: boot}},
			"15:15", ""},
		{"no RTC, server read, then lost", snap, boot.Add(10 * time.Minute),
			scene.Status{Known: true, Reached: true, Since: boot.Add(5 * time.Minute), Clock: scene.Clock{Server: made.Add(time.Hour), Local: boot}},
			"15:15", "offline seit 15:10"},
		{"no RTC, server not read, then lost: dated by the content", snap, boot.Add(10 * time.Minute),
			scene.Status{Known: true, Reached: true, Since: boot.Add(5 * time.Minute)},
			"", "offline · Stand 24. Nov. 14:05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := scene.HeaderAt(tt.snap, "canteen", tt.local, tt.st)
			clock := ""
			if !h.Now.IsZero() {
				clock = h.Lang.Clock(h.Now.In(berlin))
			}
			if clock != tt.wantClock || h.Note() != tt.wantNote {
				t.Errorf("HeaderAt(%v, %+v): clock %q, note %q; want %q, %q", tt.local, tt.st, clock, h.Note(), tt.wantClock, tt.wantNote)
			}
			if strings.Contains(h.Key(), "1970") {
				t.Errorf("key %q shows the wrong clock", h.Key())
			}
		})
	}
}

// A header whose time is not known shows no clock and no date, and the
// note takes their place at the right edge.
func TestHeaderWithoutClock(t *testing.T) {
	l := newLayout(t)
	size := scene.Size{W: 1920, H: 1080}
	h := scene.HeaderInfo{Title: "Stimme unserer Kunden", Lang: scene.German, Offline: true,
		AsOf: time.Date(2025, 11, 24, 14, 6, 0, 0, time.UTC)}
	var got []string
	right := 0.0
	for _, tx := range scene.Texts(l.Header(h, size)) {
		got = append(got, tx.S)
		right = max(right, tx.Box.X+tx.Box.W)
	}
	if want := "offline · Stand 24. Nov. 14:06|Stimme unserer Kunden"; strings.Join(got, "|") != want {
		t.Errorf("header texts %q, want %q", got, want)
	}
	if margin := float64(size.W) - right; margin < 40 || margin > 90 {
		t.Errorf("the note ends %.0f px from the right edge, want the header's margin (64)", margin)
	}
}

// The key changes with everything the strip shows, and only then.
func TestHeaderKey(t *testing.T) {
	now := time.Date(2025, 11, 24, 14, 5, 0, 0, time.UTC)
	base := scene.HeaderInfo{Title: "T", Lang: scene.German, Now: now}
	same := base
	same.Now = now.Add(30 * time.Second)
	if base.Key() != same.Key() {
		t.Errorf("key changed within the minute: %q, %q", base.Key(), same.Key())
	}
	for name, h := range map[string]scene.HeaderInfo{
		"minute":  {Title: "T", Lang: scene.German, Now: now.Add(time.Minute)},
		"title":   {Title: "U", Lang: scene.German, Now: now},
		"offline": {Title: "T", Lang: scene.German, Now: now, Offline: true},
		"since":   {Title: "T", Lang: scene.German, Now: now, Offline: true, OfflineSince: now},
		"hidden":  {Title: "T", Lang: scene.German},
	} {
		if h.Key() == base.Key() {
			t.Errorf("%s: key %q did not change", name, h.Key())
		}
	}
}

// Before any snapshot the header shows the title it is given, in German;
// with one, the snapshot's title, language and theme.
func TestHeaderAtTitle(t *testing.T) {
	now := time.Date(2025, 11, 24, 14, 5, 0, 0, time.UTC)
	snap := &feed.Snapshot{Title: "Voice of the customer", Language: "en", GeneratedAt: now,
		Theme: feed.Theme{Accent: "#ff8800", LogoHash: "abc"}}
	for _, tt := range []struct {
		name string
		snap *feed.Snapshot
		want scene.HeaderInfo
	}{
		{"no snapshot", nil, scene.HeaderInfo{Title: "canteen", Lang: scene.German, Now: now}},
		{"snapshot", snap, scene.HeaderInfo{Title: snap.Title, Lang: scene.LangOf("en"), Now: now, Theme: snap.Theme}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := scene.HeaderAt(tt.snap, "canteen", now, scene.Status{}); got != tt.want {
				t.Errorf("HeaderAt(%v, %q) = %+v, want %+v", tt.snap, "canteen", got, tt.want)
			}
		})
	}
}
