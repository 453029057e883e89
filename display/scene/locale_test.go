package scene_test

import (
	"testing"
	"time"

	"github.com/cxtv/cxtv/display/scene"
)

func TestAge(t *testing.T) {
	now := time.Date(2025, 11, 24, 14, 5, 0, 0, time.UTC)
	tests := []struct {
		created, now, ref time.Time
		de, en            string
	}{
		{now.Add(-20 * time.Second), now, now, "gerade eben", "just now"},
		{now.Add(-3 * time.Minute), now, now, "vor 3 Min.", "3 min ago"},
		{now.Add(-3*time.Hour - 59*time.Minute), now, now, "vor 3 Std.", "3 h ago"},
		{now.Add(-25 * time.Hour), now, now, "vor 1 Tag", "1 day ago"},
		{now.Add(-72 * time.Hour), now, now, "vor 3 Tagen", "3 days ago"},
		{now.Add(-8 * 24 * time.Hour), now, now, "vor 1 Woche", "1 week ago"},
		{now.Add(-15 * 24 * time.Hour), now, now, "vor 2 Wochen", "2 weeks ago"},
		{now.Add(-65 * 24 * time.Hour), now, now, "vor 2 Monaten", "2 months ago"},
		{now.Add(-400 * 24 * time.Hour), now, now, "vor 1 Jahr", "1 year ago"},
		// The local clock is hours behind the server (no RTC, no NTP yet):
		// the server's clock counts, never a negative age.
		{now.Add(-3 * time.Hour), now.Add(-5 * time.Hour), now, "vor 3 Std.", "3 h ago"},
		// A comment stamped in the future by a skewed source.
		{now.Add(time.Hour), now, now, "gerade eben", "just now"},
		// The local clock ahead of the snapshot's: local time counts.
		{now.Add(-10 * time.Minute), now, now.Add(-8 * time.Minute), "vor 10 Min.", "10 min ago"},
		// No RTC: a Raspberry Pi booted offline thinks it is 1970. Never
		// "in 55 years" or "55 years ago": the snapshot's time counts.
		{now.Add(-2 * time.Hour), time.Unix(60, 0), now, "vor 2 Std.", "2 h ago"},
		{now.Add(-3 * 24 * time.Hour), time.Unix(60, 0), now, "vor 3 Tagen", "3 days ago"},
	}
	for _, tt := range tests {
		if got := scene.German.Age(tt.created, tt.now, tt.ref); got != tt.de {
			t.Errorf("German.Age(%v, %v, %v) = %q, want %q", tt.created, tt.now, tt.ref, got, tt.de)
		}
		if got := scene.English.Age(tt.created, tt.now, tt.ref); got != tt.en {
			t.Errorf("English.Age(%v, %v, %v) = %q, want %q", tt.created, tt.now, tt.ref, got, tt.en)
		}
	}
}

func TestClockDateOffline(t *testing.T) {
	at := time.Date(2025, 11, 24, 14, 5, 0, 0, time.UTC)
	morning := time.Date(2025, 3, 2, 9, 7, 0, 0, time.UTC)
	tests := []struct{ got, want string }{
		{scene.German.Clock(at), "14:05"},
		{scene.English.Clock(at), "2:05 pm"},
		{scene.German.Date(at), "Mo., 24. Nov."},
		{scene.English.Date(at), "Mon 24 Nov"},
		{scene.German.Date(morning), "So., 2. März"},
		{scene.German.Offline(at.Add(-time.Hour), at), "offline seit 13:05"},
		{scene.English.Offline(at.Add(-time.Hour), at), "offline since 1:05 pm"},
		{scene.German.Offline(at.Add(-24*time.Hour), at), "offline seit 23. Nov. 14:05"},
		{scene.English.Offline(at.Add(-24*time.Hour), at), "offline since 23 Nov 2:05 pm"},
		// The time is not known (no RTC): always with the date.
		{scene.German.Offline(at.Add(-time.Hour), time.Time{}), "offline seit 24. Nov. 13:05"},
		{scene.German.OfflineAsOf(at.Add(-time.Hour), at), "offline · Stand 13:05"},
		{scene.English.OfflineAsOf(at.Add(-time.Hour), at), "offline · as of 1:05 pm"},
		{scene.German.OfflineAsOf(at.Add(-48*time.Hour), at), "offline · Stand 22. Nov. 14:05"},
		{scene.English.OfflineAsOf(at.Add(-48*time.Hour), time.Time{}), "offline · as of 22 Nov 2:05 pm"},
		{scene.German.OfflineAsOf(time.Time{}, at), "offline"},
		{scene.German.Quote("gut"), "„gut“"},
		{scene.English.Quote("good"), "“good”"},
		{string(scene.LangOf("fr")), "de"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}
