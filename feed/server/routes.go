package server

import "net/http"

// routes lists every route of the feed server.
func (s *Server) routes() {
	// Browsers post to the admin routes with a cookie: refuse those that
	// come from another site's page (Sec-Fetch-Site / Origin).
	sameOrigin := http.NewCrossOriginProtection()

	s.mux.HandleFunc("POST /api/v1/feedback", s.handleFeedback)
	s.mux.HandleFunc("POST /api/v1/sources/{name}/webhook", s.handleWebhook)
	s.mux.HandleFunc("HEAD /api/v1/sources/{name}/webhook", s.handleWebhookCheck)
	s.mux.HandleFunc("POST /api/v1/sources/{name}/import", s.handleImport)
	s.mux.HandleFunc("GET /api/v1/sources", s.handleSources)
	s.mux.HandleFunc("GET /api/v1/redactions", s.handleRedactions)
	s.mux.HandleFunc("GET /api/v1/channels/{channel}/snapshot", s.handleSnapshot)
	s.mux.HandleFunc("GET /api/v1/channels/{channel}/ws", s.handleWS)
	s.mux.HandleFunc("GET /api/v1/channels/{channel}/logo/{hash}", s.handleLogo)
	s.mux.HandleFunc("GET /api/v1/displays", s.handleDisplays)
	s.mux.HandleFunc("POST /api/v1/displays/{device}/screenshot", s.handleScreenshotUpload)
	s.mux.HandleFunc("GET /api/v1/displays/{device}/screenshot", s.handleScreenshot)
	s.mux.Handle("POST /api/v1/displays/{device}/screenshot-request", sameOrigin.Handler(http.HandlerFunc(s.handleScreenshotRequest)))
	s.mux.HandleFunc("POST /api/v1/channels/{channel}/displays/{device}/screenshot", s.handleScreenshotUpload)
	s.mux.HandleFunc("GET /api/v1/channels/{channel}/displays/{device}/screenshot", s.handleScreenshot)
	s.mux.Handle("POST /api/v1/channels/{channel}/displays/{device}/screenshot-request", sameOrigin.Handler(http.HandlerFunc(s.handleScreenshotRequest)))
	s.mux.HandleFunc("POST /api/v1/kpis", s.handleKPIs)
	s.mux.HandleFunc("GET /{$}", s.handlePage)
	s.mux.Handle("POST /{$}", sameOrigin.Handler(http.HandlerFunc(s.handleLogin)))
	s.mux.HandleFunc("GET /static/{file}", s.handleStatic)
	s.mux.HandleFunc("GET /healthz", s.handleHealth)
	s.mux.Handle("GET /metrics", s.metricsHandler())
	for _, p := range s.Pages {
		s.mount(p)
	}
}
