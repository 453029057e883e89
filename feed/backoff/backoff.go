// Package backoff computes the wait before retrying something that failed:
// doubling from a minimum up to a maximum, with a random part, so that a
// room of screens or a set of polled feeds does not retry in lockstep.
package backoff

import "time"

// Delay is the wait after the nth failure in a row (n ≥ 1): lo doubled n-1
// times, at most hi, of which the upper half is scaled by jitter, a random
// number in [0, 1). It never overflows and is never negative.
func Delay(n int, lo, hi time.Duration, jitter float64) time.Duration {
	lo, hi = max(lo, 0), max(hi, 0)
	d := min(lo, hi)
	for i := 1; i < n && d < hi; i++ {
		if d > hi/2 || d == 0 {
			d = hi
			break
		}
		d *= 2
	}
	if !(jitter >= 0) { // negative or NaN
		jitter = 0
	}
	half := d / 2
	// Rounding in float64 may give a little more than half; never more.
	return half + min(time.Duration(min(jitter, 1)*float64(half)), half)
}
