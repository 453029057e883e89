package schedule_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/schedule"
)

// Schedules reach screens from the server: whatever Compile accepts must
// evaluate without a panic, and Next must be a later change of On.
func FuzzCompile(f *testing.F) {
	f.Add("Europe/Berlin", "mon-fri", "07:00", "15:30", int64(1774746000))
	f.Add("", "sat,sun", "22:00", "06:00", int64(1792893600))
	f.Add("America/New_York", "fri-mon", "00:00", "24:00", int64(0))
	f.Add("Asia/Kolkata", "Wed", "23:59", "00:00", int64(-1e9))
	f.Fuzz(func(t *testing.T, zone, days, from, to string, unix int64) {
		s, err := schedule.Compile(&feed.Schedule{TimeZone: zone, Hours: []feed.Hours{{Days: strings.Split(days, ","), From: from, To: to}}})
		if err != nil {
			return
		}
		at := time.Unix(unix%(1<<34), 0) // years 1425 to 2514
		on, next := s.On(at), s.Next(at)
		if next.IsZero() {
			return
		}
		if !next.After(at) || s.On(next) == on || s.On(next.Add(-time.Second)) != on && next.Sub(at) > time.Second {
			t.Errorf("%v at %v: On = %v, Next = %v (On there %v)", s, at, on, next, s.On(next))
		}
	})
}
