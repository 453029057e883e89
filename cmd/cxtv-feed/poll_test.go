package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const pollTestConfig = `listen: "127.0.0.1:0"
data: DATA
admin_token: "admin"
retention_days: 365
sources:
  - {name: survey, token: "survey-token", scale: nps}
  - name: shop
    scale: stars
    poll:
      url: "URL"
      interval: 1m
      timeout: 5s
      headers: {X-Api-Key: "k-42"}
      items: data.reviews
      fields: {id: uuid, score: rating, comment: text, created_at: date}
      touchpoint: Webshop
channels:
  - name: canteen
    title: "Kantine"
    display_token: "canteen-token"
    sources: [survey, shop]
`

func writePollConfig(t *testing.T, path, url string) {
	t.Helper()
	data := strings.NewReplacer("DATA", filepath.Join(filepath.Dir(path), "feed.db"), "URL", url).Replace(pollTestConfig)
	if err := os.WriteFile(path+".tmp", []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		t.Fatal(err)
	}
}

// TestServePolls runs the server against a review API on loopback: the
// first fetch happens at start, its comment reaches the channel snapshot,
// and a config reload that moves the URL is fetched at once.
func TestServePolls(t *testing.T) {
	var keyMissing atomic.Bool
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Key") != "k-42" {
			keyMissing.Store(true)
			http.Error(w, "no key", http.StatusUnauthorized)
			return
		}
		text := map[string]string{
			"/v1/reviews": "Die Bestellung kam pünktlich und gut verpackt an.",
			"/v2/reviews": "Great support on the phone, thank you!",
		}[r.URL.Path]
		if text == "" {
			http.NotFound(w, r)
			return
		}
		date := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
		// The second review is past retention: stored, it would be deleted
		// within the hour and come back at the next fetch.
		old := time.Now().AddDate(-2, 0, 0).UTC().Format(time.RFC3339)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"data":{"reviews":[{"uuid":"%s-1","rating":5,"text":%q,"date":%q,"author":"Erika Mustermann"},`+
			`{"uuid":"%[1]s-0","rating":1,"text":"Vor zwei Jahren war alles schlecht.","date":%[4]q}]}}`, r.URL.Path, text, date, old)
	}))
	defer api.Close()

	path := filepath.Join(t.TempDir(), "feed.yaml")
	writePollConfig(t, path, api.URL+"/v1/reviews")
	addr := serveForTest(t, path)

	get := func(p string) string {
		t.Helper()
		resp, err := http.Get("http://" + addr + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	waitFor := func(p, want string) string {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			body := get(p)
			if strings.Contains(body, want) {
				return body
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET %s = %s, want it to contain %q", p, body, want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	const snapshot = "/api/v1/channels/canteen/snapshot?token=canteen-token"
	snap := waitFor(snapshot, "Die Bestellung kam pünktlich und gut verpackt an.")
	if strings.Contains(snap, "Mustermann") {
		t.Errorf("snapshot carries the reviewer's name: %s", snap)
	}
	metrics := waitFor("/metrics", `cxtv_poll_fetches_total{result="ok",source="shop"}`)
	if !strings.Contains(metrics, `cxtv_feedback_ingested_total{source="shop"} 1`+"\n") {
		t.Errorf("/metrics = %s; want 1 answer of shop stored, the one past retention left out", grepLines(metrics, "cxtv_feedback_ingested_total"))
	}

	writePollConfig(t, path, api.URL+"/v2/reviews")
	waitFor(snapshot, "Great support on the phone, thank you!")
	if keyMissing.Load() {
		t.Error("a fetch came without the configured X-Api-Key header")
	}
}

func grepLines(s, sub string) string {
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		if strings.Contains(line, sub) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
