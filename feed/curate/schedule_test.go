package curate_test

import (
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
)

// The channel's opening hours reach its screens in the snapshot, and a
// change of them is a new revision, so that screens get it.
func TestScheduleInSnapshot(t *testing.T) {
	r := rules(t, curate.Moderation{})
	plain, _ := build(r, channel(nil), nil)
	if plain.Schedule != nil {
		t.Errorf("snapshot without hours: Schedule = %+v, want nil (always on)", plain.Schedule)
	}
	hours := func(to string) *curate.Channel {
		return channel(func(ch *curate.Channel) {
			ch.Schedule = &feed.Schedule{TimeZone: "Europe/Berlin", Hours: []feed.Hours{
				{Days: []string{"mon-fri"}, From: "07:00", To: to},
			}}
		})
	}
	s, _ := build(r, hours("15:30"), nil)
	if s.Schedule == nil || s.Schedule.TimeZone != "Europe/Berlin" || len(s.Schedule.Hours) != 1 ||
		s.Schedule.Hours[0].Days[0] != "mon-fri" || s.Schedule.Hours[0].From != "07:00" || s.Schedule.Hours[0].To != "15:30" {
		t.Errorf("Schedule = %+v, want mon-fri 07:00–15:30 in Europe/Berlin", s.Schedule)
	}
	later, _ := build(r, hours("16:00"), nil)
	if later.Revision == s.Revision || s.Revision == plain.Revision {
		t.Errorf("revisions %s, %s, %s: a change of hours must change the revision", plain.Revision, s.Revision, later.Revision)
	}
}
