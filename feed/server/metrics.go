package server

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the feed server's Prometheus metrics, on their own registry
// so that tests can run many servers in one process.
type Metrics struct {
	reg         *prometheus.Registry
	Ingested    *prometheus.CounterVec // answers stored, by source
	Duplicates  *prometheus.CounterVec // answers re-sent, by source
	Rejected    *prometheus.CounterVec // requests refused, by reason
	KPIs        prometheus.Counter
	Broadcast   prometheus.Histogram // change → snapshot handed to the hub
	Themes      prometheus.Histogram // a themes count's work
	ConfigError prometheus.Gauge     // 1 while the config file on disk is invalid
	Reloads     *prometheus.CounterVec
}

// NewMetrics registers the metrics; connected reports the screens online.
func NewMetrics(connected func() float64) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		reg: reg,
		Ingested: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxtv_feedback_ingested_total", Help: "Answers stored, by source."}, []string{"source"}),
		Duplicates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxtv_feedback_duplicates_total", Help: "Answers re-sent and ignored, by source."}, []string{"source"}),
		Rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxtv_requests_rejected_total", Help: "Requests refused, by reason."}, []string{"reason"}),
		KPIs: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "cxtv_kpi_values_ingested_total", Help: "KPI values stored."}),
		Broadcast: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "cxtv_broadcast_seconds", Help: "From a change to its snapshot being handed to the screens' queues.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)}),
		Themes: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "cxtv_themes_count_seconds", Help: "The work of a themes count, a walk of the channels' stored comments (the rests beside the rebuilds not included).",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 16)}),
		ConfigError: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "cxtv_config_error", Help: "1 while the config file on disk is invalid and the previous config is in use."}),
		Reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxtv_config_reloads_total", Help: "Config reloads, by result."}, []string{"result"}),
	}
	reg.MustRegister(m.Ingested, m.Duplicates, m.Rejected, m.KPIs, m.Broadcast, m.Themes, m.ConfigError, m.Reloads,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "cxtv_displays_connected", Help: "Screens connected now."}, connected),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// AbusedHub is a Hub that counts what it refused or dropped from screens,
// by reason, as *hub.Hub does.
type AbusedHub interface {
	AbuseCounts() map[string]uint64
}

// metricsHandler serves the registry with the fleet's metrics added.
func (s *Server) metricsHandler() http.Handler {
	cs := []prometheus.Collector{newFleetCollector(s.fleetStatus)}
	if ah, ok := s.Hub.(AbusedHub); ok {
		cs = append(cs, abuseCollector{counts: ah.AbuseCounts, desc: prometheus.NewDesc("cxtv_screen_refused_total",
			"What the screens' hub refused or dropped, by reason: channel_full (a connection beyond the channel's max_screens), rate (a message beyond the rate), flood (a connection cut for sending too fast), too_large (a message over 16 KiB).",
			[]string{"reason"}, nil)})
	}
	if err := s.Metrics.Register(cs...); err != nil {
		// Only when one Metrics serves two servers; the first one's fleet
		// is then the one reported.
		s.Logger.Warn("fleet metrics not registered", "err", err)
	}
	return s.Metrics.Handler()
}

// abuseCollector reports the hub's counts at scrape time.
type abuseCollector struct {
	counts func() map[string]uint64
	desc   *prometheus.Desc
}

func (c abuseCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c abuseCollector) Collect(ch chan<- prometheus.Metric) {
	for reason, n := range c.counts() {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.CounterValue, float64(n), reason)
	}
}

// fleetCollector computes the fleet metrics at scrape time from the fleet
// itself, so that a screen turns offline in them on time without any
// traffic, and a forgotten one disappears.
type fleetCollector struct {
	list                       func() []DisplayStatus
	displays, online, lastSeen *prometheus.Desc
}

func newFleetCollector(list func() []DisplayStatus) *fleetCollector {
	return &fleetCollector{
		list: list,
		displays: prometheus.NewDesc("cxtv_displays",
			"Screens known to the fleet view, by state (offline: disconnected, or no heartbeat for offline_after).", []string{"state"}, nil),
		online: prometheus.NewDesc("cxtv_display_online",
			"1 while the screen is online, 0 while offline.", []string{"device", "channel"}, nil),
		lastSeen: prometheus.NewDesc("cxtv_display_last_seen_timestamp_seconds",
			"When the screen's last heartbeat arrived, as a Unix time.", []string{"device", "channel"}, nil),
	}
}

func (c *fleetCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.displays
	ch <- c.online
	ch <- c.lastSeen
}

func (c *fleetCollector) Collect(ch chan<- prometheus.Metric) {
	var online, offline float64
	for _, d := range c.list() {
		state := 0.0
		if d.Online {
			online, state = online+1, 1
		} else {
			offline++
		}
		ch <- prometheus.MustNewConstMetric(c.online, prometheus.GaugeValue, state, d.Device, d.Channel)
		ch <- prometheus.MustNewConstMetric(c.lastSeen, prometheus.GaugeValue, float64(d.LastSeen.UnixMilli())/1000, d.Device, d.Channel)
	}
	ch <- prometheus.MustNewConstMetric(c.displays, prometheus.GaugeValue, online, "online")
	ch <- prometheus.MustNewConstMetric(c.displays, prometheus.GaugeValue, offline, "offline")
}

// Register adds collectors kept elsewhere, such as the poller's, to the
// server's registry, so that /metrics serves them too.
func (m *Metrics) Register(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := m.reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}
