package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed/intake"
	"github.com/cxtv/cxtv/feed/server"
	"github.com/cxtv/cxtv/feed/source/typeform"
)

// toolConfig is testConfig with a source of each way in: a Delighted
// webhook (token), a Typeform webhook (signature), a Qualtrics export.
func toolConfig(tb testing.TB) server.Config {
	tb.Helper()
	cfg := testConfig()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		tb.Fatal(err)
	}
	for _, c := range []struct {
		ic    intake.Config
		token string
	}{
		{intake.Config{Name: "mail", Type: "delighted", Fields: map[string]string{"touchpoint": "Location"}}, "mail-token"},
		{intake.Config{Name: "web", Type: "typeform", Secret: "tf-secret"}, ""},
		{intake.Config{Name: "quarterly", Type: "qualtrics", TimeZone: berlin}, "q-token"},
	} {
		in, err := intake.New(context.Background(), c.ic, intake.Deps{})
		if err != nil {
			tb.Fatal(err)
		}
		cfg.Sources = append(cfg.Sources, server.Source{Name: in.Name, Type: in.Type, Token: c.token,
			Verify: in.Verify, Webhook: in.Webhook, Import: in.Import})
	}
	return cfg
}

// send posts body to path with the headers, and returns the status and
// the decoded answer.
func (e *env) send(tb testing.TB, path, body string, header http.Header) (int, map[string]any) {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.url+path, strings.NewReader(body))
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		tb.Fatalf("POST %s: answer %q is not JSON", path, data)
	}
	return resp.StatusCode, out
}

func fixtureList(tb testing.TB, path string) []json.RawMessage {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var list []json.RawMessage
	if err := json.Unmarshal(data, &list); err != nil {
		tb.Fatal(err)
	}
	return list
}

func TestWebhookToken(t *testing.T) {
	e := newEnvWith(t, toolConfig(t))
	deliveries := fixtureList(t, "../source/delighted/testdata/deliveries.json")
	first := string(deliveries[0])

	for _, tc := range []struct {
		name   string
		path   string
		header http.Header
	}{
		{"no token", "/api/v1/sources/mail/webhook", nil},
		{"wrong bearer", "/api/v1/sources/mail/webhook", http.Header{"Authorization": {"Bearer nope"}}},
		{"another source's token", "/api/v1/sources/mail/webhook?token=q-token", nil},
	} {
		if code, out := e.send(t, tc.path, first, tc.header); code != http.StatusUnauthorized {
			t.Errorf("%s: %d %v, want 401", tc.name, code, out)
		}
	}
	if n, _ := e.store.CountFeedback(); n != 0 {
		t.Fatalf("stored %d answers from unauthenticated deliveries", n)
	}

	// The three ways a tool that cannot sign may send the token.
	ways := []struct {
		path   string
		header http.Header
	}{
		{"/api/v1/sources/mail/webhook", http.Header{"Authorization": {"Bearer mail-token"}}},
		{"/api/v1/sources/mail/webhook", http.Header{"Authorization": {"Basic " + basic("delighted", "mail-token")}}},
		{"/api/v1/sources/mail/webhook?token=mail-token", nil},
	}
	var accepted, updated, ignored int
	for i, d := range deliveries {
		w := ways[i%len(ways)]
		code, out := e.send(t, w.path, string(d), w.header)
		switch {
		case code == http.StatusOK && out["ignored"] != nil:
			ignored++
		case code == http.StatusAccepted:
			accepted += int(out["accepted"].(float64))
			updated += int(out["updated"].(float64))
		default:
			t.Fatalf("delivery %d: %d %v", i, code, out)
		}
	}
	t.Logf("accepted %d updated %d ignored %d", accepted, updated, ignored)
	if accepted != 10 || ignored != 1 || updated == 0 {
		t.Errorf("accepted %d, updated %d, ignored %d; want 10 respondents, their updates, 1 unsubscribe", accepted, updated, ignored)
	}
	if n, _ := e.store.CountFeedback(); n != 10 {
		t.Errorf("stored %d answers, want 10: an update replaces, it does not add", n)
	}
	// A repeated delivery is a duplicate.
	if code, out := e.send(t, ways[0].path, string(deliveries[len(deliveries)-1]), ways[0].header); code != http.StatusAccepted || out["duplicates"] != 1.0 {
		t.Errorf("repeated delivery = %d %v, want 1 duplicate", code, out)
	}

	// A Delighted source posts its own format, not cxtv's.
	if code, out := e.post(t, "/api/v1/feedback", "mail-token", `{"id":"x","score":9}`); code != http.StatusBadRequest ||
		!strings.Contains(out["error"].(string), "POST /api/v1/sources/mail/webhook") {
		t.Errorf("cxtv JSON from a delighted source = %d %v", code, out)
	}
}

func basic(user, pw string) string {
	req, _ := http.NewRequest(http.MethodGet, "/", nil)
	req.SetBasicAuth(user, pw)
	return strings.TrimPrefix(req.Header.Get("Authorization"), "Basic ")
}

func TestWebhookSignature(t *testing.T) {
	e := newEnvWith(t, toolConfig(t))
	deliveries := fixtureList(t, "../source/typeform/testdata/deliveries.json")
	body := string(deliveries[0])

	for name, sig := range map[string]string{
		"no signature":     "",
		"another secret":   typeform.Sign([]byte(body), "other"),
		"another body":     typeform.Sign([]byte(body+" "), "tf-secret"),
		"the source token": "sha256=survey-token",
	} {
		code, out := e.send(t, "/api/v1/sources/web/webhook", body, http.Header{"Typeform-Signature": {sig}})
		if code != http.StatusUnauthorized {
			t.Errorf("%s: %d %v, want 401", name, code, out)
		}
	}
	if n, _ := e.store.CountFeedback(); n != 0 {
		t.Fatalf("stored %d answers from unsigned deliveries", n)
	}
	stored := 0
	for i, d := range deliveries {
		code, out := e.send(t, "/api/v1/sources/web/webhook", string(d), http.Header{"Typeform-Signature": {typeform.Sign(d, "tf-secret")}})
		if code != http.StatusAccepted {
			t.Fatalf("delivery %d: %d %v", i, code, out)
		}
		stored += int(out["accepted"].(float64))
	}
	if stored == 0 {
		t.Errorf("signed deliveries stored nothing")
	}

	// Health: the wrong signatures are on the board; the good deliveries
	// after them made the source OK again.
	statuses := e.sources(t, "admin")
	web := statuses["web"]
	if web["ok"] != true || web["rejected"] != 4.0 || web["stored"] != float64(stored) || !strings.Contains(web["last_error"].(string), "webhook") {
		t.Errorf("web on the board = %v", web)
	}
}

// sources returns GET /api/v1/sources by source name.
func (e *env) sources(tb testing.TB, token string) map[string]map[string]any {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.url+"/api/v1/sources", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET /api/v1/sources = %s", resp.Status)
	}
	var out struct{ Sources []map[string]any }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		tb.Fatal(err)
	}
	by := map[string]map[string]any{}
	for _, s := range out.Sources {
		by[s["source"].(string)] = s
	}
	return by
}

func TestImportRoute(t *testing.T) {
	e := newEnvWith(t, toolConfig(t))
	export, err := os.ReadFile("../source/qualtrics/testdata/numeric.csv")
	if err != nil {
		t.Fatal(err)
	}
	csv := http.Header{"Content-Type": {"text/csv"}}
	if code, _ := e.send(t, "/api/v1/sources/quarterly/import", string(export), csv); code != http.StatusUnauthorized {
		t.Errorf("import without a token = %d, want 401", code)
	}
	// A broken export stores nothing and says what is wrong.
	broken := strings.Replace(string(export), "QID1", "QIDX", -1)
	code, out := e.send(t, "/api/v1/sources/quarterly/import?token=q-token", broken[:len(broken)/2], csv)
	if code != http.StatusBadRequest || !strings.Contains(out["error"].(string), "nothing stored") {
		t.Errorf("broken export = %d %v, want 400 saying nothing was stored", code, out)
	}
	if n, _ := e.store.CountFeedback(); n != 0 {
		t.Fatalf("a broken export stored %d answers", n)
	}
	admin := http.Header{"Content-Type": {"text/csv"}, "Authorization": {"Bearer admin"}}
	code, out = e.send(t, "/api/v1/sources/quarterly/import", string(export), admin)
	if code != http.StatusAccepted || out["accepted"].(float64) == 0 {
		t.Fatalf("import = %d %v", code, out)
	}
	n, _ := e.store.CountFeedback()
	if code, out := e.send(t, "/api/v1/sources/quarterly/import", string(export), admin); code != http.StatusAccepted || out["duplicates"].(float64) != float64(n) {
		t.Errorf("the same export again = %d %v, want %d duplicates", code, out, n)
	}

	// Ways a source does not have say which it does.
	if code, out := e.send(t, "/api/v1/sources/web/import", "x", admin); code != http.StatusNotFound ||
		!strings.Contains(out["error"].(string), "POST /api/v1/sources/web/webhook") {
		t.Errorf("import into a typeform source = %d %v", code, out)
	}
	if code, out := e.send(t, "/api/v1/sources/quarterly/webhook?token=q-token", "{}", nil); code != http.StatusNotFound ||
		!strings.Contains(out["error"].(string), "cxtv-feed import --source quarterly") {
		t.Errorf("webhook into a qualtrics source = %d %v", code, out)
	}
	if code, out := e.send(t, "/api/v1/sources/nope/webhook", "{}", nil); code != http.StatusNotFound {
		t.Errorf("unknown source = %d %v", code, out)
	}
}

// A source whose last delivery failed is named on /healthz.
func TestHealthNamesFailingSource(t *testing.T) {
	e := newEnvWith(t, toolConfig(t))
	e.send(t, "/api/v1/sources/web/webhook", `{"event_type":"form_response","secret":"anna@example.com"}`, http.Header{"Typeform-Signature": {"sha256=x"}})
	// An export refused for a cell quotes it; /healthz, which needs no
	// token, must not.
	e.send(t, "/api/v1/sources/quarterly/import?token=q-token", "Kontakt\nanna.schmidt@example.com\n", http.Header{"Content-Type": {"text/csv"}})
	resp, err := http.Get(e.url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h struct {
		Status  string
		Failing []struct{ Source, Type string } `json:"failing_sources"`
	}
	raw, _ := io.ReadAll(resp.Body)
	json.Unmarshal(raw, &h)
	if resp.StatusCode != http.StatusOK || h.Status != "degraded" || len(h.Failing) != 2 || h.Failing[0].Source != "web" || h.Failing[0].Type != "typeform" || h.Failing[1].Source != "quarterly" {
		t.Errorf("/healthz = %d %s, want degraded naming web and quarterly", resp.StatusCode, raw)
	}
	if strings.Contains(string(raw), "example.com") || strings.Contains(string(raw), "signature") {
		t.Errorf("/healthz shows error text to anyone: %s", raw)
	}
	if web := e.sources(t, "admin")["web"]; !strings.Contains(web["last_error"].(string), "signature") {
		t.Errorf("the admin's board lacks the error: %v", web)
	}
	if _, ok := e.sources(t, "admin")["mail"]; !ok {
		t.Error("GET /api/v1/sources lacks a source that has delivered nothing")
	}
}
