package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/server"
	"github.com/cxtv/cxtv/feed/source/typeform"
)

// BenchmarkIngest posts batches of 1,000 answers from several clients to
// the whole server stack (bbolt included) and reports durable answers per
// second: a 202 means the batch is committed to disk.
func BenchmarkIngest(b *testing.B) {
	const batch = 1000
	cfg := testConfig()
	cfg.RateLimit = server.RateLimit{} // capacity: the tests' limit is 100 requests a second
	e := newEnvWith(b, cfg)
	// One body, with a placeholder that each request replaces to make its
	// ids new: building 1,000 items per request would measure the client.
	items := make([]map[string]any, batch)
	at := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	for i := range items {
		items[i] = map[string]any{
			"id": fmt.Sprintf("BATCH-%d", i), "score": i % 11, "touchpoint": "Hotline", "created_at": at,
			"comment": "Die Beratung am Telefon war freundlich, aber ich musste zwanzig Minuten warten.",
		}
	}
	data, _ := json.Marshal(items)
	template := string(data)
	var next atomic.Int64
	b.SetParallelism(2) // 2 × GOMAXPROCS clients
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			body := strings.ReplaceAll(template, "BATCH", fmt.Sprint(next.Add(1)))
			req, _ := http.NewRequest(http.MethodPost, e.url+"/api/v1/feedback", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer survey-token")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusAccepted {
				b.Errorf("POST = %d", resp.StatusCode)
				return
			}
		}
	})
	elapsed := time.Since(start)
	b.ReportMetric(float64(b.N*batch)/elapsed.Seconds(), "answers/s")
}

// BenchmarkWebhook posts signed Typeform deliveries, one response each,
// from several clients, and reports deliveries per second: each is checked
// (HMAC-SHA256), decoded, stored durably (one bbolt commit) and counted on
// the health board before its 202.
func BenchmarkWebhook(b *testing.B) {
	cfg := toolConfig(b)
	cfg.RateLimit = server.RateLimit{} // capacity, not the per-source limit (100/s by default)
	e := newEnvWith(b, cfg)
	template := string(fixtureList(b, "../source/typeform/testdata/deliveries.json")[0])
	var token struct {
		Response struct{ Token string } `json:"form_response"`
	}
	if err := json.Unmarshal([]byte(template), &token); err != nil || token.Response.Token == "" {
		b.Fatalf("fixture has no form_response.token: %v", err)
	}
	var next atomic.Int64
	b.SetParallelism(2)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			body := strings.Replace(template, token.Response.Token, fmt.Sprintf("bench-%d", next.Add(1)), 1)
			req, _ := http.NewRequest(http.MethodPost, e.url+"/api/v1/sources/web/webhook", strings.NewReader(body))
			req.Header.Set("Typeform-Signature", typeform.Sign([]byte(body), "tf-secret"))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusAccepted {
				b.Errorf("POST = %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "deliveries/s")
}

// BenchmarkImportQualtrics100k posts a 100,000-row Qualtrics export (an
// NPS answer and a comment each) to a running server's import route, into
// a fresh store each time, and reports the seconds until its answer: read
// as it streams in, checked, stored in one transaction.
func BenchmarkImportQualtrics100k(b *testing.B) {
	const rows = 100_000
	fixture, err := os.ReadFile("../source/qualtrics/testdata/numeric.csv")
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.SplitN(string(fixture), "\n", 5)
	header, row := strings.Join(lines[:3], "\n")+"\n", lines[3]
	id := "R_1aBcD2eFgH3iJkL"
	var buf strings.Builder
	buf.WriteString(header)
	for i := range rows {
		buf.WriteString(strings.Replace(row, id, fmt.Sprintf("R_%015d", i), 1))
		buf.WriteByte('\n')
	}
	export := buf.String()
	b.SetBytes(int64(len(export)))
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		e := newEnvWith(b, toolConfig(b))
		b.StartTimer()
		req, _ := http.NewRequest(http.MethodPost, e.url+"/api/v1/sources/quarterly/import", strings.NewReader(export))
		req.Header.Set("Authorization", "Bearer admin")
		req.Header.Set("Content-Type", "text/csv")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var out struct{ Accepted int }
		json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted || out.Accepted != rows {
			b.Fatalf("import = %d, %d accepted; want 202 and %d", resp.StatusCode, out.Accepted, rows)
		}
	}
}

// BenchmarkFleetHeartbeat records heartbeats of a 10,000-screen fleet, one
// screen after the other, as they arrive every 30 s.
func BenchmarkFleetHeartbeat(b *testing.B) {
	const screens = 10000
	f := server.NewFleet(time.Now)
	beats := make([]feed.Heartbeat, screens)
	for i := range beats {
		beats[i] = feed.Heartbeat{Device: fmt.Sprintf("screen-%05d", i), Version: "1.0.0", Slide: "nps"}
		f.Heartbeat("canteen", "192.0.2.1:1", beats[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		f.Heartbeat("canteen", "192.0.2.1:1", beats[i%screens])
	}
}
