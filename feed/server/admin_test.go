package server_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
)

func TestFleetAuth(t *testing.T) {
	e := newFleetEnv(t, 3*time.Minute)
	e.beat("canteen", "kantine-1")
	routes := []struct{ method, path string }{
		{"GET", "/api/v1/displays"},
		{"GET", "/api/v1/displays/kantine-1/screenshot"},
		{"POST", "/api/v1/displays/kantine-1/screenshot-request"},
		{"GET", "/"},
	}
	for _, r := range routes {
		for _, tok := range []string{"", "wrong", "canteen-token", "survey-token"} {
			t.Run(r.method+" "+r.path+" token "+tok, func(t *testing.T) {
				resp, body := do(t, r.method, e.url+r.path, tok, nil)
				if resp.StatusCode != http.StatusUnauthorized {
					t.Errorf("%s %s with token %q = %d, want 401", r.method, r.path, tok, resp.StatusCode)
				}
				if r.path == "/" && !bytes.Contains(body, []byte(`name="token"`)) {
					t.Errorf("GET / without the admin token shows no sign-in form:\n%s", body)
				}
			})
		}
	}
	if resp, _ := do(t, "GET", e.url+"/api/v1/displays?token=admin-secret", "", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /api/v1/displays?token=admin = %d, want 200", resp.StatusCode)
	}
	e.hub.mu.Lock()
	defer e.hub.mu.Unlock()
	if e.hub.sent != nil {
		t.Errorf("refused requests reached the hub: %v", e.hub.sent)
	}
}

func TestPageSession(t *testing.T) {
	e := newFleetEnv(t, 3*time.Minute)
	e.beat("canteen", "kantine-1")

	// A program with the header gets the page and no cookie.
	resp, body := do(t, "GET", e.url+"/", "admin-secret", nil)
	if resp.StatusCode != 200 || len(resp.Cookies()) != 0 || !bytes.Contains(body, []byte("kantine-1")) {
		t.Errorf("GET / with Authorization = %d, cookies %v; want 200 with kantine-1 and no cookie", resp.StatusCode, resp.Cookies())
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("page has no %s header", h)
		}
	}

	// A bookmark with ?token= gets a session cookie that is not the token.
	resp, _ = do(t, "GET", e.url+"/?token=admin-secret", "", nil)
	cookies := resp.Cookies()
	if resp.StatusCode != 200 || len(cookies) != 1 {
		t.Fatalf("GET /?token= = %d with cookies %v, want 200 with one cookie", resp.StatusCode, cookies)
	}
	ck := cookies[0]
	if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.MaxAge <= 0 || ck.Path != "/" || strings.Contains(ck.Value, "admin-secret") || ck.Value == "" {
		t.Errorf("session cookie = %+v, want HttpOnly, SameSite=Strict, persistent, path /, without the token", ck)
	}
	cookie := ck.Name + "=" + ck.Value
	for _, path := range []string{"/", "/api/v1/displays"} {
		if resp, _ := do(t, "GET", e.url+path, "", nil, "Cookie", cookie); resp.StatusCode != 200 {
			t.Errorf("GET %s with the session cookie = %d, want 200", path, resp.StatusCode)
		}
	}
	if resp, _ := do(t, "GET", e.url+"/", "", nil, "Cookie", ck.Name+"=forged"); resp.StatusCode != 401 {
		t.Errorf("GET / with a forged cookie = %d, want 401", resp.StatusCode)
	}

	// The sign-in form: the token in a POST body.
	form := url.Values{"token": {"admin-secret"}}.Encode()
	resp, _ = do(t, "POST", e.url+"/", "", strings.NewReader(form), "Content-Type", "application/x-www-form-urlencoded")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" || len(resp.Cookies()) != 1 || resp.Cookies()[0].Value != ck.Value {
		t.Errorf("POST / with the token = %d to %q with cookies %v, want 303 to / with the session cookie", resp.StatusCode, resp.Header.Get("Location"), resp.Cookies())
	}
	resp, _ = do(t, "POST", e.url+"/", "", strings.NewReader("token=guess"), "Content-Type", "application/x-www-form-urlencoded")
	if resp.StatusCode != 401 || len(resp.Cookies()) != 0 {
		t.Errorf("POST / with a wrong token = %d with cookies %v, want 401 without", resp.StatusCode, resp.Cookies())
	}
	resp, _ = do(t, "POST", e.url+"/", "", strings.NewReader(form), "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST / from another site = %d, want 403", resp.StatusCode)
	}

	// Another site cannot make a signed-in browser request screenshots.
	resp, _ = do(t, "POST", e.url+"/api/v1/displays/kantine-1/screenshot-request", "", nil, "Cookie", cookie, "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site screenshot request = %d, want 403", resp.StatusCode)
	}
	resp, _ = do(t, "POST", e.url+"/api/v1/displays/kantine-1/screenshot-request", "", nil, "Cookie", cookie, "Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("same-origin screenshot request = %d, want 202", resp.StatusCode)
	}
}

func TestPageEscapes(t *testing.T) {
	e := newFleetEnv(t, 3*time.Minute)
	evil := `<script>alert("x")</script>`
	e.hub.connect("canteen", evil, 1)
	e.fleet.Heartbeat("canteen", `"><img src=x onerror=alert(1)>`, feed.Heartbeat{Device: evil, Version: `<b>v</b>`, Slide: `</dd><script>1</script>`, Revision: `"'&`})
	resp, body := do(t, "GET", e.url+"/", "admin-secret", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("GET / = %d", resp.StatusCode)
	}
	page := string(body)
	for _, bad := range []string{"<script>alert", "<script>1", "<img src=x", "<b>v"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q unescaped", bad)
		}
	}
	for _, want := range []string{`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`, `&lt;b&gt;v&lt;/b&gt;`, "/api/v1/channels/canteen/displays/%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E/screenshot-request"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The JSON API escapes too, and the name round-trips.
	if got := e.displays(t); len(got.Displays) != 1 || got.Displays[0].Device != evil {
		t.Errorf("displays = %+v, want the device %q", got.Displays, evil)
	}
}

// Each screen on the fleet page links to the preview of its channel.
func TestPagePreviewLink(t *testing.T) {
	e := newFleetEnv(t, 3*time.Minute)
	e.hub.connect("canteen", "kantine-1", 1)
	e.fleet.Heartbeat("canteen", "10.0.0.7", feed.Heartbeat{Device: "kantine-1", Slide: "comments"})
	resp, body := do(t, "GET", e.url+"/", "admin-secret", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("GET / = %d", resp.StatusCode)
	}
	if want := `<a class="preview" href="/preview/canteen"`; !strings.Contains(string(body), want) {
		t.Errorf("fleet page lacks the preview link %q:\n%s", want, body)
	}
}
