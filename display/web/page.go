package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"net/http"
	"time"

	"github.com/cxtv/cxtv/assets"
)

// The pages are rendered with html/template and load their script and
// style from static/, nothing inline, so that the Content-Security-Policy
// forbids inline script.

//go:embed static
var staticFS embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"inc":       func(i int) int { return i + 1 },
	"rotations": func() []int { return []int{0, 90, 180, 270} },
}).ParseFS(staticFS, "static/*.html"))

const (
	// playerCSP lets the player load its own script, pictures and fonts,
	// talk to its server and run its service worker. It may be framed: a
	// signage system may show it in a frame, and it takes no input.
	playerCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; " +
		"connect-src 'self'; worker-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'"
	previewCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
		"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

func pageHeaders(w http.ResponseWriter, csp string) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-cache")
}

func (h *Handler) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		h.opt.Logger.Error("render page", "template", name, "err", err)
		http.Error(w, "could not render the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// handlePlayer serves the player page; its script asks for the deck at
// the size of its window.
func (h *Handler) handlePlayer(w http.ResponseWriter, r *http.Request) {
	if _, err := parseView(r); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	pageHeaders(w, playerCSP)
	h.render(w, http.StatusOK, "player.html", struct{ Channel string }{r.PathValue("channel")})
}

// handleWorker serves the service worker that keeps the player going
// without its server. It is allowed to control the player page itself,
// /tv/CHANNEL, which lies outside its folder.
func (h *Handler) handleWorker(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Service-Worker-Allowed", "/tv/"+r.PathValue("channel"))
	serveFile(w, r, staticFiles["sw.js"])
}

func (h *Handler) handleStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := staticFiles[r.PathValue("file")]
	if !ok || r.PathValue("file") == "sw.js" {
		http.NotFound(w, r)
		return
	}
	serveFile(w, r, f)
}

// staticFiles are the pages' scripts, styles and fonts, each with an ETag
// that lets a browser revalidate it cheaply.
var staticFiles = func() map[string]staticFile {
	out := map[string]staticFile{}
	add := func(name, typ string, b []byte) {
		sum := sha256.Sum256(b)
		out[name] = staticFile{data: b, contentType: typ, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	for name, typ := range map[string]string{
		"player.js": "text/javascript; charset=utf-8", "player.css": "text/css; charset=utf-8",
		"preview.js": "text/javascript; charset=utf-8", "preview.css": "text/css; charset=utf-8",
		"sw.js": "text/javascript; charset=utf-8",
	} {
		b, err := staticFS.ReadFile("static/" + name)
		if err != nil {
			panic(err) // embedded at build time
		}
		add(name, typ, b)
	}
	add("Inter-Regular.otf", "font/otf", assets.InterRegular)
	add("Inter-SemiBold.otf", "font/otf", assets.InterSemiBold)
	return out
}()

type staticFile struct {
	data        []byte
	contentType string
	etag        string
}

func serveFile(w http.ResponseWriter, r *http.Request, f staticFile) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("ETag", f.etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}
