package appstore_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cxtv/cxtv/feed/source/appstore"
)

// fakeApple serves the customer reviews feed of app 1234567890 in the de
// storefront: page(n, format) returns a page's body, or "" for a 503. It
// records the paths asked for.
type fakeApple struct {
	page func(n int, format string) string

	mu    sync.Mutex // guards paths
	paths []string
}

var feedPath = regexp.MustCompile(`^/de/rss/customerreviews/page=([0-9]+)/id=1234567890/sortby=mostrecent/(json|xml)$`)

func (f *fakeApple) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.paths = append(f.paths, r.URL.Path)
	f.mu.Unlock()
	m := feedPath.FindStringSubmatch(r.URL.Path)
	if m == nil || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	n, _ := strconv.Atoi(m[1])
	if n < 1 || n > 10 {
		http.Error(w, "CustomerReviews RSS page depth is limited to 10", http.StatusBadRequest)
		return
	}
	body := f.page(n, m[2])
	if body == "" {
		http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
		return
	}
	fmt.Fprint(w, body)
}

func (f *fakeApple) requested() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.paths...)
}

// serve starts f on loopback and returns a client for it.
func serve(t *testing.T, f *fakeApple) *appstore.Client {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return &appstore.Client{BaseURL: srv.URL, HTTP: srv.Client()}
}

func path(n int, format string) string {
	return fmt.Sprintf("/de/rss/customerreviews/page=%d/id=1234567890/sortby=mostrecent/%s", n, format)
}

func TestReviews(t *testing.T) {
	t.Parallel()
	empty := jsonPage("")
	f := &fakeApple{page: func(n int, _ string) string {
		switch n {
		case 1:
			return string(readFile(t, "customerreviews-page1.json"))
		case 2:
			return string(readFile(t, "customerreviews-page2.json"))
		}
		return empty
	}}
	c := serve(t, f)
	b, err := c.Reviews(context.Background(), "1234567890", "DE")
	if err != nil {
		t.Fatal(err)
	}
	// Review 11000000005 is on both pages; it is kept once.
	checkReviews(t, b, fixtureReviews)
	if len(b.Skipped) != 0 {
		t.Errorf("skipped = %v, want none", b.Skipped)
	}
	want := []string{path(1, "json"), path(2, "json"), path(3, "json")}
	if got := f.requested(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("requested %v, want %v (stop at the first empty page)", got, want)
	}
}

func TestReviewsAtom(t *testing.T) {
	t.Parallel()
	f := &fakeApple{page: func(n int, format string) string {
		if format != "xml" {
			return ""
		}
		if n == 1 {
			return string(readFile(t, "customerreviews-page1.xml"))
		}
		return atomPage("")
	}}
	c := serve(t, f)
	c.Format = appstore.FormatAtom
	b, err := c.Reviews(context.Background(), "1234567890", "de")
	if err != nil {
		t.Fatal(err)
	}
	checkReviews(t, b, fixtureReviews)
	if got := f.requested(); len(got) != 2 || got[1] != path(2, "xml") {
		t.Errorf("requested %v, want pages 1 and 2 of the xml feed", got)
	}
}

// onePage is a page holding one review, numbered n.
func onePage(n int) string {
	return jsonPage(strings.Replace(reviewJSON, `"id":{"label":"42"}`, fmt.Sprintf(`"id":{"label":"%d"}`, 100+n), 1))
}

func TestReviewsPaging(t *testing.T) {
	t.Parallel()
	t.Run("stops after ten pages", func(t *testing.T) {
		t.Parallel()
		f := &fakeApple{page: func(n int, _ string) string { return onePage(n) }}
		b, err := serve(t, f).Reviews(context.Background(), "1234567890", "de")
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Items) != 10 || len(f.requested()) != 10 {
			t.Errorf("%d answers from %d requests, want 10 from 10", len(b.Items), len(f.requested()))
		}
	})
	t.Run("a page failing after page 1 ends the reading", func(t *testing.T) {
		t.Parallel()
		f := &fakeApple{page: func(n int, _ string) string {
			if n == 3 {
				return ""
			}
			return onePage(n)
		}}
		b, err := serve(t, f).Reviews(context.Background(), "1234567890", "de")
		if err != nil {
			t.Fatalf("Reviews = %v, want the reviews of pages 1 and 2", err)
		}
		if len(b.Items) != 2 || len(f.requested()) != 3 {
			t.Errorf("%d answers from %d requests, want 2 from 3", len(b.Items), len(f.requested()))
		}
		if len(b.Skipped) != 1 || !strings.Contains(b.Skipped[0].Reason, "page 3 and later not read: HTTP 503") {
			t.Errorf("skipped = %v, want a note that page 3 failed", b.Skipped)
		}
	})
	t.Run("a broken page after page 1 ends the reading too", func(t *testing.T) {
		t.Parallel()
		f := &fakeApple{page: func(n int, _ string) string {
			if n == 2 {
				return "<html>Wartungsarbeiten</html>"
			}
			return onePage(n)
		}}
		b, err := serve(t, f).Reviews(context.Background(), "1234567890", "de")
		if err != nil || len(b.Items) != 1 || len(b.Skipped) != 1 {
			t.Errorf("Reviews = %d answers, %v skipped, %v; want 1 answer and a note on page 2", len(b.Items), b.Skipped, err)
		}
	})
	t.Run("page 1 failing is an error", func(t *testing.T) {
		t.Parallel()
		f := &fakeApple{page: func(int, string) string { return "" }}
		b, err := serve(t, f).Reviews(context.Background(), "1234567890", "de")
		if err == nil || !strings.Contains(err.Error(), "appstore: reviews of app 1234567890 in de: page 1: HTTP 503") {
			t.Errorf("Reviews = %v, want the error of page 1", err)
		}
		if len(b.Items) != 0 || len(b.Skipped) != 0 {
			t.Errorf("Reviews returned %d answers with its error", len(b.Items))
		}
	})
	t.Run("a page too large", func(t *testing.T) {
		t.Parallel()
		big := jsonPage("[" + strings.Repeat(reviewJSON+",", 30_000) + reviewJSON + "]")
		f := &fakeApple{page: func(int, string) string { return big }}
		_, err := serve(t, f).Reviews(context.Background(), "1234567890", "de")
		if err == nil || !strings.Contains(err.Error(), "page larger than 8 MiB") {
			t.Errorf("Reviews = %v, want a page too large", err)
		}
	})
	t.Run("a cancelled context", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		f := &fakeApple{page: func(n int, _ string) string {
			if n == 2 {
				cancel()
			}
			return onePage(n)
		}}
		_, err := serve(t, f).Reviews(ctx, "1234567890", "de")
		if err == nil || !strings.Contains(err.Error(), "context canceled") {
			t.Errorf("Reviews = %v, want the context's error, not a partial batch", err)
		}
	})
}

func TestReviewsArguments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		c              appstore.Client
		appID, country string
		want           string
	}{
		{"an app id that is no number", appstore.Client{}, "id123", "de", `app id "id123" is not a number`},
		{"a path in the app id", appstore.Client{}, "1/../../x", "de", "is not a number"},
		{"a country that is no code", appstore.Client{}, "1", "deu", `country "deu" is not a two-letter storefront code`},
		{"a base URL with a path", appstore.Client{BaseURL: "https://proxy.example/itunes"}, "1", "de", "want only a scheme and host"},
		{"a base URL without a scheme", appstore.Client{BaseURL: "itunes.apple.com"}, "1", "de", "want only a scheme and host"},
		{"an unknown format", appstore.Client{Format: "rss"}, "1", "de", `format "rss" is neither json nor xml`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tt.c.Reviews(context.Background(), tt.appID, tt.country)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Reviews(%q, %q) = %v, want an error containing %q", tt.appID, tt.country, err, tt.want)
			}
		})
	}
}
