package googleplay_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/cxtv/cxtv/feed/source/googleplay"
)

const reviewsPath = "/androidpublisher/v3/applications/de.beispiel.kantine/reviews"

// fakeAPI serves reviews.list for de.beispiel.kantine: pages maps a page
// token ("" for the first page) to the response body, and wantToken is the
// bearer token a request must carry. It records the requests.
type fakeAPI struct {
	pages     map[string]string
	wantToken func() string

	mu       sync.Mutex // guards requests
	requests []*http.Request
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r)
	f.mu.Unlock()
	if r.URL.Path != reviewsPath || r.Method != http.MethodGet {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":{"code":404,"message":"Package not found: x.","status":"NOT_FOUND"}}`)
		return
	}
	if want := "Bearer " + f.wantToken(); r.Header.Get("Authorization") != want {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}`)
		return
	}
	body, ok := f.pages[r.URL.Query().Get("token")]
	if !ok {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"code":400,"message":"Invalid token.","status":"INVALID_ARGUMENT"}}`)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	fmt.Fprint(w, body)
}

func (f *fakeAPI) tokens() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, r := range f.requests {
		out = append(out, r.URL.Query().Get("token"))
	}
	return out
}

func fixturePages(t *testing.T) map[string]string {
	return map[string]string{
		"":                    string(readFile(t, "reviews-page1.json")),
		"CgwI8N2B0AYQ0Kbg7gE": string(readFile(t, "reviews-page2.json")),
	}
}

// serve starts f on loopback and returns a client for it that sends the
// static token "tok".
func serve(t *testing.T, f *fakeAPI) *googleplay.Client {
	t.Helper()
	if f.wantToken == nil {
		f.wantToken = func() string { return "tok" }
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, srv.Client())
	hc, err := googleplay.StaticHTTPClient(ctx, "tok")
	if err != nil {
		t.Fatal(err)
	}
	return &googleplay.Client{BaseURL: srv.URL, HTTP: hc}
}

func TestReviews(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{pages: fixturePages(t)}
	b, err := serve(t, f).Reviews(context.Background(), "de.beispiel.kantine")
	if err != nil {
		t.Fatal(err)
	}
	checkReviews(t, b, fixtureReviews)
	if got := f.tokens(); strings.Join(got, ",") != ",CgwI8N2B0AYQ0Kbg7gE" {
		t.Errorf("page tokens sent = %q, want none and then the first page's nextPageToken", got)
	}
	if got := f.requests[0].URL.Query().Get("maxResults"); got != "100" {
		t.Errorf("maxResults = %q, want 100", got)
	}
}

func TestReviewsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		pages map[string]string
		pkg   string
		want  string
	}{
		{"a page that fails fails the reading", map[string]string{"": `{"reviews":[],"tokenPagination":{"nextPageToken":"gone"}}`}, "de.beispiel.kantine",
			"googleplay: reviews of de.beispiel.kantine: page 2: HTTP 400 Bad Request: Invalid token. (INVALID_ARGUMENT)"},
		{"a broken page", map[string]string{"": `{"reviews":[{"reviewId":"r1","comments":[{"userComment":{"starRating":"5"}}]}]}`}, "de.beispiel.kantine",
			"page 1: reviews[0].comments.userComment.starRating: a JSON string"},
		{"a page token that repeats", map[string]string{"": `{"tokenPagination":{"nextPageToken":"a"}}`, "a": `{"tokenPagination":{"nextPageToken":"a"}}`}, "de.beispiel.kantine",
			"page 2 gives a page token already followed"},
		{"an unknown app", nil, "de.beispiel.anders", "HTTP 404 Not Found: Package not found"},
		{"a package name that is none", nil, "../../x", `package name "../../x" is not an application id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := serve(t, &fakeAPI{pages: tt.pages}).Reviews(context.Background(), tt.pkg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Reviews(%q) = %v, want an error containing %q", tt.pkg, err, tt.want)
			}
			if len(b.Items) != 0 || len(b.Skipped) != 0 {
				t.Errorf("Reviews returned %d answers with its error", len(b.Items))
			}
		})
	}
	t.Run("refused credentials are ErrAccess", func(t *testing.T) {
		t.Parallel()
		f := &fakeAPI{pages: fixturePages(t), wantToken: func() string { return "another" }}
		_, err := serve(t, f).Reviews(context.Background(), "de.beispiel.kantine")
		if !errors.Is(err, googleplay.ErrAccess) || !strings.Contains(err.Error(), "HTTP 401 Unauthorized: Request had invalid authentication credentials. (UNAUTHENTICATED)") {
			t.Errorf("Reviews = %v, want ErrAccess with the API's message", err)
		}
	})
	t.Run("a cancelled context", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := serve(t, &fakeAPI{pages: fixturePages(t)}).Reviews(ctx, "de.beispiel.kantine"); !errors.Is(err, context.Canceled) {
			t.Errorf("Reviews = %v, want context.Canceled", err)
		}
	})
	t.Run("configuration", func(t *testing.T) {
		t.Parallel()
		for _, c := range []googleplay.Client{
			{},
			{HTTP: http.DefaultClient, BaseURL: "https://proxy.example/google"},
			{HTTP: http.DefaultClient, BaseURL: "ftp://proxy.example"},
		} {
			if _, err := c.Reviews(context.Background(), "de.beispiel.kantine"); err == nil {
				t.Errorf("Client%+v.Reviews = nil error, want one", c)
			}
		}
	})
}
