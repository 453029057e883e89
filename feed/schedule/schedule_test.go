package schedule_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/schedule"
)

func mustLoad(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

func mustCompile(tb testing.TB, s *feed.Schedule) *schedule.Schedule {
	tb.Helper()
	c, err := schedule.Compile(s)
	if err != nil {
		tb.Fatalf("Compile(%+v) = %v", s, err)
	}
	return c
}

func hours(days, from, to string) feed.Hours {
	return feed.Hours{Days: strings.Split(days, ","), From: from, To: to}
}

func TestOnAndNext(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, berlin) }
	canteen := &feed.Schedule{TimeZone: "Europe/Berlin", Hours: []feed.Hours{
		hours("mon-fri", "07:00", "15:30"),
		hours("sat", "09:00", "13:00"),
	}}
	nightly := &feed.Schedule{TimeZone: "Europe/Berlin", Hours: []feed.Hours{hours("mon-sun", "22:00", "06:00")}}
	fridayNight := &feed.Schedule{TimeZone: "Europe/Berlin", Hours: []feed.Hours{hours("fri", "22:00", "06:00")}}
	split := &feed.Schedule{TimeZone: "Europe/Berlin", Hours: []feed.Hours{
		hours("mon", "22:00", "24:00"), hours("tue", "00:00", "06:00"),
		hours("wed", "08:00", "12:00"), hours("wed", "11:00", "14:00"), // overlapping: one stretch
	}}
	always := &feed.Schedule{TimeZone: "Europe/Berlin", Hours: []feed.Hours{hours("mon-sun", "00:00", "24:00")}}
	gap := &feed.Schedule{TimeZone: "Europe/Berlin", Hours: []feed.Hours{hours("sun", "01:30", "02:30")}}

	tests := []struct {
		name     string
		sched    *feed.Schedule
		t        time.Time
		wantOn   bool
		wantNext time.Time // zero: never changes
	}{
		{"weekday before opening", canteen, at(2026, 3, 23, 6, 59), false, at(2026, 3, 23, 7, 0)},
		{"weekday at opening", canteen, at(2026, 3, 23, 7, 0), true, at(2026, 3, 23, 15, 30)},
		{"weekday at closing", canteen, at(2026, 3, 23, 15, 30), false, at(2026, 3, 24, 7, 0)},
		{"friday evening", canteen, at(2026, 3, 27, 16, 0), false, at(2026, 3, 28, 9, 0)},
		{"saturday open", canteen, at(2026, 3, 28, 12, 59), true, at(2026, 3, 28, 13, 0)},
		// 2026-03-29: clocks go forward; Monday opens at 07:00 summer time.
		{"saturday closed, spring forward sunday", canteen, at(2026, 3, 28, 13, 0), false, at(2026, 3, 30, 7, 0)},
		{"spring forward sunday", canteen, at(2026, 3, 29, 12, 0), false, at(2026, 3, 30, 7, 0)},
		// 2026-10-25: clocks go back.
		{"saturday closed, fall back sunday", canteen, at(2026, 10, 24, 13, 0), false, at(2026, 10, 26, 7, 0)},
		{"monday after fall back", canteen, at(2026, 10, 26, 7, 30), true, at(2026, 10, 26, 15, 30)},
		{"overnight, evening", nightly, at(2026, 3, 23, 22, 0), true, at(2026, 3, 24, 6, 0)},
		{"overnight, after midnight", nightly, at(2026, 3, 24, 5, 59), true, at(2026, 3, 24, 6, 0)},
		{"overnight, day", nightly, at(2026, 3, 24, 12, 0), false, at(2026, 3, 24, 22, 0)},
		{"overnight into spring forward", nightly, at(2026, 3, 28, 23, 0), true, at(2026, 3, 29, 6, 0)},
		{"in the skipped hour", nightly, time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), true, at(2026, 3, 29, 6, 0)},
		{"overnight into fall back", nightly, at(2026, 10, 24, 22, 0), true, at(2026, 10, 25, 6, 0)},
		{"in the repeated hour, first time", nightly, time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), true, at(2026, 10, 25, 6, 0)},
		{"in the repeated hour, second time", nightly, time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), true, at(2026, 10, 25, 6, 0)},
		{"friday night, saturday morning", fridayNight, at(2026, 3, 28, 5, 59), true, at(2026, 3, 28, 6, 0)},
		{"friday night over", fridayNight, at(2026, 3, 28, 6, 0), false, at(2026, 4, 3, 22, 0)},
		{"not thursday night", fridayNight, at(2026, 3, 26, 23, 0), false, at(2026, 3, 27, 22, 0)},
		{"midnight joins two days", split, at(2026, 3, 23, 23, 0), true, at(2026, 3, 24, 6, 0)},
		{"overlapping hours", split, at(2026, 3, 25, 9, 0), true, at(2026, 3, 25, 14, 0)},
		{"all week", always, at(2026, 3, 29, 2, 30), true, time.Time{}},
		{"no schedule", nil, at(2026, 3, 29, 2, 30), true, time.Time{}},
		// 01:30 exists, 02:30 does not (it is 03:30 summer time).
		{"range into the skipped hour", gap, time.Date(2026, 3, 29, 3, 15, 0, 0, berlin), true, time.Date(2026, 3, 29, 3, 30, 0, 0, berlin)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := mustCompile(t, tt.sched)
			if got := s.On(tt.t); got != tt.wantOn {
				t.Errorf("On(%v) = %v, want %v", tt.t, got, tt.wantOn)
			}
			if got := s.Next(tt.t); !got.Equal(tt.wantNext) {
				t.Errorf("Next(%v) = %v, want %v", tt.t, got, tt.wantNext)
			}
		})
	}
}

// The same instant is judged by the schedule's zone, whatever zone it
// comes in.
func TestTimeZones(t *testing.T) {
	t.Parallel()
	instant := time.Date(2026, 3, 23, 19, 0, 0, 0, time.UTC) // Monday
	tests := []struct {
		zone string
		want bool
	}{
		{"Europe/Berlin", false},    // 20:00
		{"America/New_York", true},  // 15:00 (summer time since 8 March)
		{"Asia/Kolkata", false},     // 00:30 on Tuesday
		{"Pacific/Auckland", false}, // 08:00 on Tuesday, before 09:00
	}
	for _, tt := range tests {
		s := mustCompile(t, &feed.Schedule{TimeZone: tt.zone, Hours: []feed.Hours{hours("mon-fri", "09:00", "17:00")}})
		if got := s.On(instant.In(mustLoad(t, "Asia/Tokyo"))); got != tt.want {
			t.Errorf("%s: On(%v) = %v, want %v", tt.zone, instant, got, tt.want)
		}
	}
	ny := mustCompile(t, &feed.Schedule{TimeZone: "America/New_York", Hours: []feed.Hours{hours("mon-fri", "09:00", "17:00")}})
	if got, want := ny.Next(instant), time.Date(2026, 3, 23, 21, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("New York: Next(%v) = %v, want %v", instant, got, want)
	}
}

// Across both changes of 2026, Next is always later, On changes there and
// not before.
func TestNextIsTheChange(t *testing.T) {
	t.Parallel()
	for _, sched := range []*feed.Schedule{
		{TimeZone: "Europe/Berlin", Hours: []feed.Hours{hours("mon-fri", "07:00", "15:30"), hours("sat", "09:00", "13:00")}},
		{TimeZone: "Europe/Berlin", Hours: []feed.Hours{hours("mon-sun", "22:00", "06:00")}},
		{TimeZone: "Europe/Berlin", Hours: []feed.Hours{hours("sun", "01:00", "03:00"), hours("thu-mon", "02:15", "02:45")}},
	} {
		s := mustCompile(t, sched)
		for _, month := range []time.Month{time.March, time.October} {
			from := time.Date(2026, month, 20, 0, 0, 0, 0, time.UTC)
			for tt := from; tt.Before(from.AddDate(0, 0, 14)); tt = tt.Add(17 * time.Minute) {
				on, next := s.On(tt), s.Next(tt)
				if !next.After(tt) {
					t.Fatalf("%v: Next(%v) = %v, not later", s, tt, next)
				}
				if s.On(next) == on {
					t.Fatalf("%v: On(%v) = On(Next = %v) = %v", s, tt, next, on)
				}
				if mid := tt.Add(next.Sub(tt) / 2); s.On(mid) != on || s.On(next.Add(-time.Second)) != on {
					t.Fatalf("%v: On changes between %v and Next = %v", s, tt, next)
				}
			}
		}
	}
}

func TestCompileErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sched *feed.Schedule
		want  string
	}{
		{&feed.Schedule{TimeZone: "Europe/Berlyn", Hours: []feed.Hours{hours("mon", "07:00", "15:00")}}, `time_zone: "Europe/Berlyn" is not a known time zone`},
		{&feed.Schedule{Hours: []feed.Hours{{From: "07:00", To: "15:00"}}}, "hours[0].days: needs at least one day"},
		{&feed.Schedule{Hours: []feed.Hours{hours("mon,mo", "07:00", "15:00")}}, `hours[0].days[1]: "mo" is not a day`},
		{&feed.Schedule{Hours: []feed.Hours{hours("mon-fry", "07:00", "15:00")}}, `hours[0].days[0]: "mon-fry" is not a day`},
		{&feed.Schedule{Hours: []feed.Hours{hours("mon", "7", "15:00")}}, `hours[0].from: "7" is not a time`},
		{&feed.Schedule{Hours: []feed.Hours{hours("mon", "24:00", "15:00")}}, `hours[0].from: "24:00" is not a time`},
		{&feed.Schedule{Hours: []feed.Hours{hours("mon", "07:00", "15:60")}}, `hours[0].to: "15:60" is not a time`},
		{&feed.Schedule{Hours: []feed.Hours{hours("mon", "07:00", "-1:00")}}, `hours[0].to: "-1:00" is not a time`},
		{&feed.Schedule{Hours: []feed.Hours{hours("mon", "07:00", "15:00"), hours("tue", "00:00", "00:00")}}, `hours[1].to: is the same time as from`},
	}
	for _, tt := range tests {
		_, err := schedule.Compile(tt.sched)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Compile(%+v) = %v, want %q", tt.sched, err, tt.want)
		}
	}
}

func TestDaysAndString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		days []string
		want string
	}{
		{[]string{"mon-fri"}, "mon-fri 07:00–15:30 (Europe/Berlin)"},
		{[]string{"Mon", " tue ", "wed"}, "mon-wed 07:00–15:30 (Europe/Berlin)"},
		{[]string{"sat-mon"}, "mon,sat,sun 07:00–15:30 (Europe/Berlin)"},
		{[]string{"fri-tue"}, "mon,tue,fri-sun 07:00–15:30 (Europe/Berlin)"},
		{[]string{"mon", "wed", "sun"}, "mon,wed,sun 07:00–15:30 (Europe/Berlin)"},
	}
	for _, tt := range tests {
		s := mustCompile(t, &feed.Schedule{TimeZone: "Europe/Berlin", Hours: []feed.Hours{{Days: tt.days, From: "07:00", To: "15:30"}}})
		if got := s.String(); got != tt.want {
			t.Errorf("days %q: String() = %q, want %q", tt.days, got, tt.want)
		}
	}
	if got := mustCompile(t, nil).String(); got != "always on" {
		t.Errorf("nil schedule: String() = %q, want always on", got)
	}
}
