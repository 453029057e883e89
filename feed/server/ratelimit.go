package server

import (
	"sync"

	"golang.org/x/time/rate"
)

// limiter keeps one token bucket per token. Only tokens from the config
// reach it, so the map stays as small as the config.
type limiter struct {
	perMinute, burst int
	mu               sync.Mutex // guards buckets
	buckets          map[string]*rate.Limiter
}

func newLimiter(perMinute, burst int) *limiter {
	return &limiter{perMinute: perMinute, burst: max(burst, 1), buckets: map[string]*rate.Limiter{}}
}

// allow reports whether a request with token may go ahead now.
func (l *limiter) allow(token string) bool {
	if l.perMinute == 0 {
		return true
	}
	l.mu.Lock()
	b, ok := l.buckets[token]
	if !ok {
		b = rate.NewLimiter(rate.Limit(float64(l.perMinute)/60), l.burst)
		l.buckets[token] = b
	}
	l.mu.Unlock()
	return b.Allow()
}
