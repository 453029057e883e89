package backoff_test

import (
	"math"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed/backoff"
)

func TestDelay(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n      int
		jitter float64
		want   time.Duration
	}{
		{1, 0, 500 * time.Millisecond},
		{1, 0.999999, 999999500 * time.Nanosecond},
		{2, 0, time.Second},
		{3, 0, 2 * time.Second},
		{6, 0, 15 * time.Second}, // 32 s capped at 30
		{1 << 30, 0.5, 22500 * time.Millisecond},
		{0, 0, 500 * time.Millisecond}, // before any failure: as after the first
	} {
		if got := backoff.Delay(tc.n, time.Second, 30*time.Second, tc.jitter); got != tc.want {
			t.Errorf("Delay(%d, 1s, 30s, %v) = %v, want %v", tc.n, tc.jitter, got, tc.want)
		}
	}
}

func FuzzDelay(f *testing.F) {
	f.Add(3, int64(time.Second), int64(30*time.Second), 0.5)
	f.Add(math.MaxInt, int64(math.MaxInt64/3), int64(math.MaxInt64), 0.99)
	f.Add(10, int64(0), int64(time.Minute), 0.0)
	f.Add(5, int64(-1), int64(-time.Second), math.NaN())
	f.Fuzz(func(t *testing.T, n int, lo, hi int64, jitter float64) {
		d := backoff.Delay(n, time.Duration(lo), time.Duration(hi), jitter)
		if d < 0 || d > max(time.Duration(hi), 0) {
			t.Fatalf("Delay(%d, %v, %v, %v) = %v, want within [0, hi]", n, lo, hi, jitter, d)
		}
	})
}
