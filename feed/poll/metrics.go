package poll

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics count the poller's fetches. They are not registered anywhere;
// the server adds Collectors to its registry.
type Metrics struct {
	Fetches     *prometheus.CounterVec // by source and result
	Skipped     *prometheus.CounterVec // entries skipped, each once while it stays in its feed
	LastSuccess *prometheus.GaugeVec   // Unix time of the last good fetch, for alerts on a stale source
}

// NewMetrics returns unregistered metrics.
func NewMetrics() *Metrics {
	return &Metrics{
		Fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxtv_poll_fetches_total",
			Help: "Fetches of polled sources, by source and result (ok, not_modified, http_error, timeout, network, too_large, malformed, store, pull)."},
			[]string{"source", "result"}),
		Skipped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxtv_poll_entries_skipped_total",
			Help: "Entries of polled feeds left out for a missing or invalid field, each counted once, by source."},
			[]string{"source"}),
		LastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "cxtv_poll_last_success_timestamp_seconds",
			Help: "When a polled source was last fetched successfully, by source."},
			[]string{"source"}),
	}
}

// Collectors returns the metrics, for registering.
func (m *Metrics) Collectors() []prometheus.Collector {
	return []prometheus.Collector{m.Fetches, m.Skipped, m.LastSuccess}
}

// fetched counts a fetch; at is when it succeeded, zero for a failure.
func (m *Metrics) fetched(source, result string, at time.Time) {
	m.Fetches.WithLabelValues(source, result).Inc()
	if !at.IsZero() {
		m.LastSuccess.WithLabelValues(source).Set(float64(at.UnixNano()) / 1e9)
	}
}

func (m *Metrics) skipped(source string, n int) {
	if n > 0 {
		m.Skipped.WithLabelValues(source).Add(float64(n))
	}
}

// forget drops a source that is no longer polled, so that its last
// success does not look like a stale source forever.
func (m *Metrics) forget(source string) {
	m.LastSuccess.DeleteLabelValues(source)
}
