package server

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/health"
)

// The fleet page is rendered on the server with html/template, so every
// value a display reports is escaped for where it lands. Its script and
// style come from /static/ and nothing inline, so the Content-Security-
// Policy can forbid inline script outright.

//go:embed templates
var templateFS embed.FS

var pageTemplates = template.Must(template.ParseFS(templateFS, "templates/*.html"))

// Admin sessions of the page. A browser proves itself with a cookie that
// holds not the admin token but an HMAC of a constant under it: the browser
// never stores the token, and a new admin_token signs every browser out.
// HttpOnly keeps it from scripts; SameSite=Strict and the cross-origin
// check on POSTs keep other sites from using it.
const (
	sessionCookie = "cxtv_fleet"
	sessionMaxAge = 90 * 24 * time.Hour
	// pageCSP lets the page load its own script, style and screenshots and
	// nothing else; no inline script, no framing.
	pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
		"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

func sessionValue(adminToken string) string {
	m := hmac.New(sha256.New, []byte(adminToken))
	m.Write([]byte("cxtv fleet page session v1"))
	return hex.EncodeToString(m.Sum(nil))
}

// How a request proved it comes from an admin.
const (
	authNone   = iota
	authHeader // Authorization: Bearer — a program
	authQuery  // ?token= — a link or bookmark
	authCookie // the page's session cookie
)

// adminAuth says how r carries the admin token, if it does.
func (s *Server) adminAuth(r *http.Request) int {
	want := s.config().AdminToken
	if want == "" {
		return authNone
	}
	if tokenEqual(bearer(r), want) {
		if r.Header.Get("Authorization") != "" {
			return authHeader
		}
		return authQuery
	}
	if c, err := r.Cookie(sessionCookie); err == nil && tokenEqual(c.Value, sessionValue(want)) {
		return authCookie
	}
	return authNone
}

// isAdmin reports whether r carries the admin token, by any of the ways.
func (s *Server) isAdmin(r *http.Request) bool { return s.adminAuth(r) != authNone }

// setSession gives the browser the page's cookie, or renews it.
func (s *Server) setSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: sessionValue(s.config().AdminToken), Path: "/",
		MaxAge: int(sessionMaxAge / time.Second), HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: r.TLS != nil,
	})
}

func pageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
}

// handlePage renders the fleet page. Opened as /?token=… it sets the
// session cookie, so that a bookmark of the page works on a phone; the
// page's script then drops the token from the address bar.
func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	pageHeaders(w)
	auth := s.adminAuth(r)
	if auth == authNone {
		msg := ""
		if r.URL.Query().Has("token") || r.Header.Get("Authorization") != "" {
			msg = "That is not the admin token."
		} else if _, err := r.Cookie(sessionCookie); err == nil {
			msg = "The session has ended (the admin token has changed); sign in again."
		}
		s.Metrics.Rejected.WithLabelValues("unauthorized").Inc()
		s.render(w, http.StatusUnauthorized, "login.html", loginView{Error: msg, Days: int(sessionMaxAge / (24 * time.Hour))})
		return
	}
	if auth != authHeader {
		s.setSession(w, r)
	}
	s.render(w, http.StatusOK, "fleet.html", s.pageView())
}

// handleLogin takes the sign-in form: the token in a POST body stays out
// of the address bar, the history and proxy logs.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	pageHeaders(w)
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	tok := strings.TrimSpace(r.PostFormValue("token"))
	if want := s.config().AdminToken; want == "" || !tokenEqual(tok, want) {
		s.Metrics.Rejected.WithLabelValues("unauthorized").Inc()
		s.render(w, http.StatusUnauthorized, "login.html", loginView{
			Error: "That is not the admin token.", Days: int(sessionMaxAge / (24 * time.Hour)), Next: localPath(r.PostFormValue("next")),
		})
		return
	}
	s.setSession(w, r)
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}

func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pageTemplates.ExecuteTemplate(&buf, name, data); err != nil {
		s.Logger.Error("render page", "template", name, "err", err)
		http.Error(w, "could not render the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

type loginView struct {
	Error string
	Days  int
	Next  string // where the form leads once signed in; "" or "/": the fleet page
}

// pageView is what fleet.html shows.
type pageView struct {
	NowISO, Updated        string
	OfflineAfter           string
	Total, Online, Offline int
	Displays               []displayView
	Sources                []sourceView
	FailingSources         int
	now                    time.Time
}

// Ago says how long before the page t was; "never" for zero.
func (v pageView) Ago(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return humanDuration(v.now.Sub(t)) + " ago"
}

// sourceView is one source's row.
type sourceView struct {
	health.Status
	SuccessAgo string
}

// displayView is one screen's card: its status with the times spelt out.
type displayView struct {
	DisplayStatus
	LastSeenISO, LastSeenAt, LastSeenAgo string
	Uptime, CacheAge                     string // "" when unknown
	Revision                             string // shortened
	ShotURL, ShotAgo                     string // "" without a screenshot
	RequestURL                           string
	Requested                            string // a request not yet answered
	PreviewURL                           string // the channel's preview page
}

// previewPath is where the preview of channel is: every slide as its
// screens show it, in a browser.
func previewPath(channel string) string { return "/preview/" + url.PathEscape(channel) }

func (s *Server) pageView() pageView {
	now := s.Now()
	list := s.fleetStatus()
	v := pageView{
		NowISO: now.UTC().Format(time.RFC3339), Updated: now.Local().Format("15:04:05"),
		OfflineAfter: humanDuration(s.offlineAfter()), Total: len(list),
		Displays: make([]displayView, 0, len(list)),
		now:      now,
	}
	for _, st := range s.Health.Statuses() {
		v.Sources = append(v.Sources, sourceView{Status: st, SuccessAgo: v.Ago(st.LastSuccess)})
		if !st.OK {
			v.FailingSources++
		}
	}
	for _, d := range list {
		if d.Online {
			v.Online++
		} else {
			v.Offline++
		}
		dv := displayView{
			DisplayStatus: d,
			LastSeenISO:   d.LastSeen.Format(time.RFC3339), LastSeenAt: d.LastSeen.Local().Format("2006-01-02 15:04:05 MST"),
			LastSeenAgo: humanDuration(now.Sub(d.LastSeen)),
			Revision:    shorten(d.Status.Revision, 12),
			RequestURL:  screenshotPath(feed.Screen{Channel: d.Channel, Device: d.Device}) + "-request",
			PreviewURL:  previewPath(d.Channel),
		}
		if d.UptimeSeconds != nil {
			dv.Uptime = humanDuration(time.Duration(*d.UptimeSeconds) * time.Second)
			if !d.Online {
				dv.Uptime += " when last seen"
			}
		}
		if d.CacheAgeSeconds != nil {
			dv.CacheAge = humanDuration(time.Duration(*d.CacheAgeSeconds) * time.Second)
		}
		if sh := d.Screenshot; sh != nil {
			// The URL changes with every new screenshot, so that the page's
			// script can keep showing an unchanged one without a download.
			dv.ShotURL = fmt.Sprintf("%s?at=%d", sh.URL, sh.At.UnixMilli())
			dv.ShotAgo = humanDuration(now.Sub(sh.At))
		}
		if rq := d.ScreenshotRequested; rq != nil && (d.Screenshot == nil || d.Screenshot.At.Before(*rq)) && now.Sub(*rq) < 5*time.Minute {
			dv.Requested = "Requested " + humanDuration(now.Sub(*rq)) + " ago"
		}
		v.Displays = append(v.Displays, dv)
	}
	return v
}

// humanDuration spells d coarsely, as a person reads an age: "45 s",
// "12 min", "3 h 5 min", "4 d 2 h".
func humanDuration(d time.Duration) string {
	d = max(d, 0)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return fmt.Sprintf("%d h", h)
		}
		return fmt.Sprintf("%d h %d min", h, m)
	default:
		days, h := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
		if h == 0 {
			return fmt.Sprintf("%d d", days)
		}
		return fmt.Sprintf("%d d %d h", days, h)
	}
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// staticFiles are the page's script and style, with the ETag that lets a
// browser revalidate them cheaply.
var staticFiles = func() map[string]staticFile {
	out := map[string]staticFile{}
	for name, typ := range map[string]string{"fleet.css": "text/css; charset=utf-8", "fleet.js": "text/javascript; charset=utf-8"} {
		b, err := templateFS.ReadFile("templates/" + name)
		if err != nil {
			panic(err) // embedded at build time
		}
		sum := sha256.Sum256(b)
		out[name] = staticFile{data: b, contentType: typ, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	return out
}()

type staticFile struct {
	data        []byte
	contentType string
	etag        string
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := staticFiles[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("ETag", f.etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}
