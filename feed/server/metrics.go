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
		ConfigError: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "cxtv_config_error", Help: "1 while the config file on disk is invalid and the previous config is in use."}),
		Reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cxtv_config_reloads_total", Help: "Config reloads, by result."}, []string{"result"}),
	}
	reg.MustRegister(m.Ingested, m.Duplicates, m.Rejected, m.KPIs, m.Broadcast, m.ConfigError, m.Reloads,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "cxtv_displays_connected", Help: "Screens connected now."}, connected),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
