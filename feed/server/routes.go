package server

// routes lists every route of the feed server.
func (s *Server) routes() {
	s.mux.HandleFunc("POST /api/v1/feedback", s.handleFeedback)
	s.mux.HandleFunc("GET /api/v1/channels/{channel}/snapshot", s.handleSnapshot)
	s.mux.HandleFunc("GET /api/v1/channels/{channel}/ws", s.handleWS)
	s.mux.HandleFunc("GET /api/v1/displays", s.handleDisplays)
	s.mux.HandleFunc("POST /api/v1/kpis", s.handleKPIs)
	s.mux.HandleFunc("GET /healthz", s.handleHealth)
	s.mux.Handle("GET /metrics", s.Metrics.Handler())
}
