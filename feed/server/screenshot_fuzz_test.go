package server_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/feedtest"
	"github.com/cxtv/cxtv/feed/hub"
	"github.com/cxtv/cxtv/feed/server"
)

// Whatever a screen uploads as its screenshot, the server answers 204 for
// an image it keeps or a 4xx naming the problem; it never fails or keeps
// something that is not the image declared.
func FuzzScreenshotUpload(f *testing.F) {
	f.Add("image/png", pngOf(f, 4, 3))
	f.Add("image/jpeg", jpegOf(f, 8, 8))
	f.Add("image/png", jpegOf(f, 8, 8))
	f.Add("image/png; charset=x", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x7f\xff\xff\xff\x00\x00\x00\x01\x08\x06\x00\x00\x00"))
	f.Add("text/plain", []byte("hello"))
	logger := feedtest.NewLogs(f).Logger
	fleet := server.NewFleet(time.Now)
	h := hub.New(logger, fleet.Heartbeat)
	srv := server.New(testConfig(), server.Deps{Hub: h, Fleet: fleet, Now: time.Now, Logger: logger})
	fleet.Heartbeat("canteen", "127.0.0.1", feed.Heartbeat{Device: "d1"})
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/displays/d1/screenshot", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer canteen-token")
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusNoContent:
			shot, ok := fleet.Screenshot(feed.Screen{Channel: "canteen", Device: "d1"})
			if !ok || !bytes.Equal(shot.Data, body) || shot.Width < 1 || shot.Height < 1 ||
				shot.Width > server.MaxScreenshotSide || shot.Height > server.MaxScreenshotSide {
				t.Fatalf("kept %v×%v (%v) for an upload of %d bytes", shot.Width, shot.Height, ok, len(body))
			}
		case http.StatusBadRequest, http.StatusUnsupportedMediaType, http.StatusRequestEntityTooLarge:
			if rec.Body.Len() == 0 {
				t.Fatalf("%d without a message", rec.Code)
			}
		default:
			t.Fatalf("upload (%q, %d bytes) = %d %s", contentType, len(body), rec.Code, rec.Body)
		}
	})
}
