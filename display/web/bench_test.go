package web_test

import (
	"net/http"
	"testing"

	"github.com/cxtv/cxtv/display/web"
)

// BenchmarkSlide is one slide picture asked over HTTP and painted afresh
// (a cache too small to keep one), at 1080p and at 4K: what a new
// revision costs the server per card and size.
func BenchmarkSlide(b *testing.B) {
	for _, size := range []string{"1920x1080", "3840x2160"} {
		b.Run("size="+size, func(b *testing.B) {
			e := newEnv(b, 1)
			c := client(b)
			url := e.url + "/tv/canteen/slide/demo-1/0?size=" + size
			var n int
			for b.Loop() {
				resp, body := get(b, c, url, "Authorization", "Bearer "+displayToken)
				if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Cache") != "miss" {
					b.Fatalf("GET %s = %d, X-Cache %q; want 200, painted", url, resp.StatusCode, resp.Header.Get("X-Cache"))
				}
				n = len(body)
			}
			b.ReportMetric(float64(n)/1000, "KB/picture")
			b.ReportMetric(float64(web.DefaultCacheBytes)/float64(n), "pictures/cache")
		})
	}
}

// BenchmarkSlideCached is the same picture from the cache.
func BenchmarkSlideCached(b *testing.B) {
	e := newEnv(b, 0)
	c := client(b)
	url := e.url + "/tv/canteen/slide/demo-1/0?size=1920x1080"
	get(b, c, url, "Authorization", "Bearer "+displayToken)
	for b.Loop() {
		resp, _ := get(b, c, url, "Authorization", "Bearer "+displayToken)
		if resp.Header.Get("X-Cache") != "hit" {
			b.Fatalf("X-Cache %q, want hit", resp.Header.Get("X-Cache"))
		}
	}
}
