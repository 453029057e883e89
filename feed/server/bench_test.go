package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkIngest posts batches of 1,000 answers from several clients to
// the whole server stack (bbolt included) and reports durable answers per
// second: a 202 means the batch is committed to disk.
func BenchmarkIngest(b *testing.B) {
	const batch = 1000
	e := newEnv(b)
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
