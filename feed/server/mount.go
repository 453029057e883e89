package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// A Page is a route that another package serves beside the API, behind
// the server's own token checks: cmd/cxtv-feed mounts the web player
// this way, so that feed/ never imports the display code that draws it.
type Page struct {
	Pattern string // a ServeMux pattern; Screen and Admin pages have a {channel} wildcard
	Access  Access
	Handler http.Handler
}

// Access says who may open a Page.
type Access int

const (
	// Public pages need no token: scripts, styles, fonts.
	Public Access = iota
	// Screen pages need the channel's display token or its cookie (or
	// the admin token): what a browser playing the channel fetches.
	Screen
	// Admin pages need the admin token, as the fleet page takes it.
	Admin
)

// Screen sessions. A browser opened once as /tv/CHANNEL?token=… keeps a
// cookie holding an HMAC under the display token, never the token; a new
// display_token signs it out. SameSite=Lax (not Strict) lets a kiosk's
// start page or a bookmark open it; it still stays off other sites'
// requests for pictures and WebSockets.
const (
	screenCookiePrefix = "cxtv_screen_"
	screenMaxAge       = 400 * 24 * time.Hour // the most browsers keep
)

func screenCookieName(channel string) string { return screenCookiePrefix + channel }

func screenSessionValue(ch *Channel) string {
	m := hmac.New(sha256.New, []byte(ch.DisplayToken))
	m.Write([]byte("cxtv screen session v1\x00" + ch.Name))
	return hex.EncodeToString(m.Sum(nil))
}

// screenCookie reports whether r carries ch's screen session cookie.
func screenCookie(r *http.Request, ch *Channel) bool {
	c, err := r.Cookie(screenCookieName(ch.Name))
	return err == nil && ch.DisplayToken != "" && tokenEqual(c.Value, screenSessionValue(ch))
}

// mount adds p to the routes, behind its access check.
func (s *Server) mount(p Page) {
	switch p.Access {
	case Screen:
		s.mux.Handle(p.Pattern, s.screenOnly(p.Handler))
	case Admin:
		s.mux.Handle(p.Pattern, s.adminOnly(p.Handler))
	default:
		s.mux.Handle(p.Pattern, p.Handler)
	}
}

// screenOnly lets through requests with the channel's display token, its
// screen cookie or the admin token. A token in the query sets the cookie
// and, on a GET, is redirected away, so that it leaves the address bar,
// the history and any log of the page's URL.
func (s *Server) screenOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cfg := s.config()
		ch, known := cfg.channel(r.PathValue("channel"))
		admin := s.adminAuth(r)
		switch {
		case known && tokenEqual(bearer(r), ch.DisplayToken):
			if r.Header.Get("Authorization") == "" {
				s.setScreenSession(w, r, ch)
				if stripToken(w, r) {
					return
				}
			}
		case known && screenCookie(r, ch):
		case admin != authNone:
			if !known {
				writeError(w, http.StatusNotFound, "no channel "+r.PathValue("channel"))
				return
			}
			if admin == authQuery {
				s.setSession(w, r)
				if stripToken(w, r) {
					return
				}
			}
		default:
			// An unknown channel gets the same answer as a wrong token, so
			// that channel names cannot be probed without one.
			s.reject(w, http.StatusUnauthorized, "unauthorized",
				"missing or wrong display token: open this address once with ?token=DISPLAY_TOKEN")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// adminOnly lets through requests with the admin token or the fleet
// page's cookie, and shows the sign-in form to the others.
func (s *Server) adminOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := s.adminAuth(r)
		if auth == authNone {
			pageHeaders(w)
			msg := ""
			if r.URL.Query().Has("token") || r.Header.Get("Authorization") != "" {
				msg = "That is not the admin token."
			}
			s.Metrics.Rejected.WithLabelValues("unauthorized").Inc()
			s.render(w, http.StatusUnauthorized, "login.html", loginView{
				Error: msg, Days: int(sessionMaxAge / (24 * time.Hour)), Next: withoutToken(r.URL).RequestURI(),
			})
			return
		}
		if auth == authQuery {
			s.setSession(w, r)
			if stripToken(w, r) {
				return
			}
		}
		if _, ok := s.config().channel(r.PathValue("channel")); !ok && r.PathValue("channel") != "" {
			writeError(w, http.StatusNotFound, "no channel "+r.PathValue("channel"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) setScreenSession(w http.ResponseWriter, r *http.Request, ch *Channel) {
	http.SetCookie(w, &http.Cookie{
		Name: screenCookieName(ch.Name), Value: screenSessionValue(ch), Path: "/",
		MaxAge: int(screenMaxAge / time.Second), HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: r.TLS != nil,
	})
}

// stripToken redirects a GET to its URL without the token parameter and
// reports whether it did.
func stripToken(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet || !r.URL.Query().Has("token") {
		return false
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, withoutToken(r.URL).RequestURI(), http.StatusSeeOther)
	return true
}

func withoutToken(u *url.URL) *url.URL {
	out := *u
	q := out.Query()
	q.Del("token")
	out.RawQuery = q.Encode()
	return &out
}

// localPath keeps a sign-in form's next address on this server: a path,
// never another host ("//evil" or "/\evil").
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
