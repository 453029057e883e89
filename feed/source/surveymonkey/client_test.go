package surveymonkey_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/source/surveymonkey"
)

const token = "tok-123"

// fakeAPI serves the paths of SurveyMonkey's API that a Client reads, for
// survey 512349876: its details, each response's details, and
// responses/bulk in pages of pageSize.
type fakeAPI struct {
	mu        sync.Mutex // guards the fields below
	survey    []byte
	responses map[string]json.RawMessage
	order     []string // response ids, as responses/bulk lists them
	pageSize  int
	queries   []string // the bulk queries asked
	hits      map[string]int
	next      func(page int) string // the links.next of a bulk page; nil: SurveyMonkey's
}

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{survey: readFile(t, "survey-details.json"), responses: map[string]json.RawMessage{}, pageSize: 4, hits: map[string]int{}}
	for _, doc := range fixtureResponses(t) {
		var r struct{ ID string }
		if err := json.Unmarshal(doc, &r); err != nil {
			t.Fatal(err)
		}
		f.responses[r.ID] = doc
		f.order = append(f.order, r.ID)
	}
	return f
}

var responsePath = regexp.MustCompile(`^/v3/surveys/512349876/responses/([0-9]+)/details$`)

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits[r.URL.Path]++
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("Authorization") != "Bearer "+token {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":{"id":"1011","name":"Authorization Error","docs":"https://developer.surveymonkey.com/api/v3/#error-codes","message":"The authorization token was not provided.","http_status_code":401}}`)
		return
	}
	switch m := responsePath.FindStringSubmatch(r.URL.Path); {
	case r.URL.Path == "/v3/surveys/512349876/details":
		w.Write(f.survey)
	case m != nil && f.responses[m[1]] != nil:
		w.Write(f.responses[m[1]])
	case r.URL.Path == "/v3/surveys/512349876/responses/bulk":
		f.queries = append(f.queries, r.URL.RawQuery)
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page < 1 {
			page = 1
		}
		lo := min((page-1)*f.pageSize, len(f.order))
		hi := min(lo+f.pageSize, len(f.order))
		var data []json.RawMessage
		for _, id := range f.order[lo:hi] {
			data = append(data, f.responses[id])
		}
		links := map[string]string{"self": fmt.Sprintf("https://api.surveymonkey.com/v3/surveys/512349876/responses/bulk?page=%d&per_page=%d", page, f.pageSize)}
		if hi < len(f.order) {
			links["next"] = fmt.Sprintf("https://api.surveymonkey.com/v3/surveys/512349876/responses/bulk?page=%d&per_page=%d", page+1, f.pageSize)
			if f.next != nil {
				links["next"] = f.next(page)
			}
		}
		json.NewEncoder(w).Encode(map[string]any{"data": data, "per_page": f.pageSize, "page": page, "total": len(f.order), "links": links})
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":{"id":"1020","name":"Resource Not Found","message":"There was an error retrieving the requested resource.","http_status_code":404}}`)
	}
}

func (f *fakeAPI) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

// edit changes the stored document of response id with change.
func (f *fakeAPI) edit(t *testing.T, id string, change func(map[string]any)) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	var d map[string]any
	if err := json.Unmarshal(f.responses[id], &d); err != nil {
		t.Fatal(err)
	}
	change(d)
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	f.responses[id] = data
}

func serve(t *testing.T, f *fakeAPI) *surveymonkey.Client {
	t.Helper()
	srv := httptest.NewServer(f) // on 127.0.0.1
	t.Cleanup(srv.Close)
	return &surveymonkey.Client{BaseURL: srv.URL, HTTPClient: srv.Client(), Token: token, Options: fixtureOptions}
}

// TestClientResponse fetches each response a fixture callback names, as
// the server does on a webhook, and reads the survey details once.
func TestClientResponse(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	c := serve(t, f)
	var all source.Batch
	seen := map[string]bool{}
	for _, body := range fixtureEvents(t) {
		ev, err := surveymonkey.DecodeEvent(strings.NewReader(string(body)))
		if err != nil || seen[ev.ResponseID] {
			continue // response_created, and the later response_updated
		}
		seen[ev.ResponseID] = true
		b, err := c.Response(context.Background(), ev.SurveyID, ev.ResponseID)
		if err != nil {
			t.Fatalf("Response(%s) = %v", ev.ResponseID, err)
		}
		all.Items = append(all.Items, b.Items...)
		all.Skipped = append(all.Skipped, b.Skipped...)
	}
	want, skipped := fixtureWant(t)
	skipped = skipped[1:] // the partial response had no response_completed
	checkBatch(t, all, want, skipped)
	if n := f.count("/v3/surveys/512349876/details"); n != 1 {
		t.Errorf("survey details read %d times, want once", n)
	}
}

// TestClientResponseUpdated: a response edited after it was completed is
// fetched again on response_updated and replaces the first version.
func TestClientResponseUpdated(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	c := serve(t, f)
	first, err := c.Response(context.Background(), surveyID, "114000005")
	if err != nil {
		t.Fatal(err)
	}
	f.edit(t, "114000005", func(d map[string]any) {
		d["date_modified"] = "2026-03-30T15:02:09+00:00"
		page := d["pages"].([]any)[0].(map[string]any)
		page["questions"] = append(page["questions"].([]any), map[string]any{"id": "3001003", "answers": []any{map[string]any{"text": "Nachtrag: Parkplätze fehlen."}}})
	})
	second, err := c.Response(context.Background(), surveyID, "114000005")
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Items) != 2 || len(second.Items) != 2 {
		t.Fatalf("answers %+v then %+v, want two each", first.Items, second.Items)
	}
	a, b := first.Items[0], second.Items[0]
	if a.ID != b.ID || !b.UpdatedAt.After(a.UpdatedAt) || b.Comment != "Nachtrag: Parkplätze fehlen." || b.Score != 7 {
		t.Errorf("update %+v does not replace %+v", b, a)
	}
}

// TestClientSurveyChanged: a response naming a choice the cached details
// lack makes the Client read them again, once.
func TestClientSurveyChanged(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	c := serve(t, f)
	if _, err := c.Response(context.Background(), surveyID, "114000001"); err != nil {
		t.Fatal(err)
	}
	// The survey's owner recreates the star question's choices.
	f.mu.Lock()
	f.survey = []byte(strings.ReplaceAll(string(f.survey), `"id": "400200`, `"id": "400300`))
	f.mu.Unlock()
	f.edit(t, "114000002", func(d map[string]any) {
		q := d["pages"].([]any)[0].(map[string]any)["questions"].([]any)[1].(map[string]any)
		q["answers"] = []any{map[string]any{"choice_id": "4003003", "row_id": "4002100"}}
	})
	b, err := c.Response(context.Background(), surveyID, "114000002")
	if err != nil {
		t.Fatalf("Response after the survey changed = %v", err)
	}
	if len(b.Items) != 2 || b.Items[1].Scale != feed.ScaleStars || b.Items[1].Score != 4 {
		t.Errorf("Response after the survey changed = %+v, want NPS 9 and 4 stars", b.Items)
	}
	if n := f.count("/v3/surveys/512349876/details"); n != 2 {
		t.Errorf("survey details read %d times, want twice", n)
	}
	// A choice that is in neither version fails, after one more read.
	f.edit(t, "114000003", func(d map[string]any) {
		q := d["pages"].([]any)[0].(map[string]any)["questions"].([]any)[0].(map[string]any)
		q["answers"] = []any{map[string]any{"choice_id": "999", "row_id": "4001100"}}
	})
	if _, err := c.Response(context.Background(), surveyID, "114000003"); err == nil || !strings.Contains(err.Error(), "choice 999 is not one of question 3001001") {
		t.Errorf("Response with an unknown choice = %v", err)
	}
}

func TestClientPull(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	c := serve(t, f)
	since := time.Date(2026, 3, 30, 10, 0, 0, 0, time.FixedZone("CEST", 2*3600))
	b, err := c.Responses(context.Background(), surveyID, since)
	if err != nil {
		t.Fatal(err)
	}
	want, skipped := fixtureWant(t)
	checkBatch(t, b, want, skipped)
	f.mu.Lock()
	queries := f.queries
	f.mu.Unlock()
	if len(queries) != 3 {
		t.Fatalf("%d pages read, want 3: %q", len(queries), queries)
	}
	if !strings.Contains(queries[0], "start_modified_at=2026-03-30T08%3A00%3A00") || !strings.Contains(queries[0], "sort_by=date_modified") {
		t.Errorf("first query %q lacks start_modified_at in UTC or the sort", queries[0])
	}
	if queries[2] != "page=3&per_page=4" {
		t.Errorf("third query %q, want the next link's", queries[2])
	}
	if n := f.count("/v3/surveys/512349876/details"); n != 1 {
		t.Errorf("survey details read %d times, want once", n)
	}
}

func TestClientErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("wrong token", func(t *testing.T) {
		t.Parallel()
		c := serve(t, newFakeAPI(t))
		c.Token = "wrong"
		_, err := c.Response(ctx, surveyID, "114000001")
		if err == nil || !strings.Contains(err.Error(), "401 Unauthorized: Authorization Error (error 1011): The authorization token was not provided.") {
			t.Errorf("Response with a wrong token = %v", err)
		}
	})
	t.Run("unknown response", func(t *testing.T) {
		t.Parallel()
		_, err := serve(t, newFakeAPI(t)).Response(ctx, surveyID, "1")
		if err == nil || !strings.Contains(err.Error(), "response 1 of survey 512349876: HTTP 404 Not Found: Resource Not Found") {
			t.Errorf("Response(1) = %v", err)
		}
	})
	t.Run("an id that is a path", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t)
		if _, err := serve(t, f).Response(ctx, surveyID, "../details"); err == nil {
			t.Error("Response(../details) = nil error")
		}
		if n := f.count("/v3/surveys/512349876/details"); n != 0 {
			t.Errorf("%d requests for a bad id", n)
		}
	})
	t.Run("a base URL with a path", func(t *testing.T) {
		t.Parallel()
		c := &surveymonkey.Client{BaseURL: "https://api.surveymonkey.com/v3", Token: token}
		if _, err := c.Response(ctx, surveyID, "1"); err == nil || !strings.Contains(err.Error(), "give the scheme and host only") {
			t.Errorf("Response with base URL …/v3 = %v", err)
		}
	})
	t.Run("a next link elsewhere", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t)
		f.next = func(int) string { return "https://api.surveymonkey.com/v3/users/me" }
		if _, err := serve(t, f).Responses(ctx, surveyID, time.Time{}); err == nil || !strings.Contains(err.Error(), "is not this survey's next page") {
			t.Errorf("Responses with a foreign next link = %v", err)
		}
	})
	t.Run("a next link forever", func(t *testing.T) {
		t.Parallel()
		f := newFakeAPI(t)
		f.next = func(page int) string {
			return "/v3/surveys/512349876/responses/bulk?page=1" // always the first page again
		}
		if _, err := serve(t, f).Responses(ctx, surveyID, time.Time{}); err == nil || !strings.Contains(err.Error(), "more than 1000 pages") {
			t.Errorf("Responses with an endless next link = %v", err)
		}
	})
}
