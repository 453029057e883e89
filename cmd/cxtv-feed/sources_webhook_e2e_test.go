package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/health"
	"github.com/cxtv/cxtv/feed/source/surveymonkey"
	"github.com/cxtv/cxtv/feed/source/typeform"
)

// End-to-end tests of the types whose tool posts webhooks: delighted,
// typeform, surveymonkey. The harness is in sources_e2e_test.go.

// TestSourcesE2EDelighted posts every delivery of Delighted's fixture to
// the webhook with the source token as a bearer token, a basic-auth
// password and ?token= in turn: the comments that arrive only with
// survey_response.updated reach the channel, a changed score replaces the
// first one, a repeated delivery is a duplicate, and the NPS counts each
// respondent once. Deliveries without the token are refused and store
// nothing.
func TestSourcesE2EDelighted(t *testing.T) {
	t.Parallel()
	e := startSourcesE2E(t, `  - {name: nps-mail, type: delighted, token: "t-delighted", fields: {touchpoint: Location}}`, "nps-mail")
	const hook = "/api/v1/sources/nps-mail/webhook"

	raw := fixture(t, "delighted", "deliveries.json")
	var deliveries []map[string]any
	decodeJSON(t, raw, &deliveries)
	unix := func(v any) int64 {
		n, err := strconv.ParseInt(string(v.(json.Number)), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	responses := func(yield func(map[string]any) bool) {
		for _, d := range deliveries {
			if data, ok := d["event_data"].(map[string]any); ok && strings.HasPrefix(d["event_type"].(string), "survey_response.") {
				if !yield(data) {
					return
				}
			}
		}
	}
	var newest int64
	for data := range responses {
		newest = max(newest, unix(data["updated_at"]))
	}
	shift := int64(dayShift(time.Unix(newest, 0)) / time.Second)
	for data := range responses {
		for _, k := range []string{"created_at", "updated_at"} {
			data[k] = json.Number(strconv.FormatInt(unix(data[k])+shift, 10))
		}
	}
	var bodies [][]byte
	for _, d := range deliveries {
		bodies = append(bodies, encodeJSON(t, d))
	}

	for name, set := range map[string]func(*http.Request){
		"no token":             nil,
		"a wrong bearer token": withBearer("t-wrong"),
		"a wrong password":     func(r *http.Request) { r.SetBasicAuth("delighted", "t-wrong") },
	} {
		if code, body := e.request(http.MethodPost, hook, bodies[0], set); code != http.StatusUnauthorized {
			t.Errorf("delivery with %s = %d %s, want 401", name, code, body)
		}
	}
	if code, body := e.request(http.MethodPost, hook+"?token=t-wrong", bodies[0], nil); code != http.StatusUnauthorized {
		t.Errorf("delivery with a wrong ?token= = %d %s, want 401", code, body)
	}
	if s := e.source("nps-mail"); s.Stored != 0 || s.Rejected != 4 {
		t.Errorf("after four refused deliveries the board says %+v, want nothing stored and 4 rejected", s)
	}

	auth := []struct {
		query string
		set   func(*http.Request)
	}{
		{"", withBearer("t-delighted")},
		{"", func(r *http.Request) { r.SetBasicAuth("", "t-delighted") }},
		{"?token=t-delighted", nil},
	}
	var results []sourceResult
	for i, body := range bodies {
		a := auth[i%len(auth)]
		code, answer := e.request(http.MethodPost, hook+a.query, body, withContentType(a.set, "application/json"))
		if code != http.StatusAccepted && code != http.StatusOK {
			t.Fatalf("delivery %d = %d %s, want 202 (or 200 for an event it ignores)", i, code, answer)
		}
		results = append(results, decodeResult(t, answer))
	}
	var sum sourceResult
	for i, r := range results {
		sum.Accepted += r.Accepted
		sum.Updated += r.Updated
		sum.Duplicates += r.Duplicates
		if deliveries[i]["event_type"] == "unsubscribe.created" && r.Ignored == "" {
			t.Errorf("unsubscribe.created answered %+v, want it ignored", r)
		}
	}
	// Ten responses; eight updated with a comment or a new score; one
	// update delivered twice.
	if sum.Accepted != 10 || sum.Updated != 8 || sum.Duplicates != 1 {
		t.Errorf("deliveries accepted %d, updated %d, duplicates %d; want 10, 8, 1", sum.Accepted, sum.Updated, sum.Duplicates)
	}

	snap, snapJSON := e.waitSnapshot("the comment of the last update", func(s feed.Snapshot) bool {
		_, ok := commentsByText(s)["Great selection, but parking is hard."]
		return ok
	})
	// 7001 10, 7002 9, 7003 4 (3 at first), 7004 7, 7005 0, 7006 8,
	// 7007 10, 7008 6, 7009 5, 7010 9.
	if n := snap.NPS; n == nil || n.Responses != 10 || n.Promoters != 4 || n.Passives != 2 || n.Detractors != 4 || n.Score != 0 {
		t.Errorf("NPS = %+v, want 10 responses: 4 promoters, 2 passives, 4 detractors, score 0", n)
	}
	want := []struct {
		text       string
		score      int
		touchpoint string
	}{
		{"Super Beratung in der Filiale, danke!", 10, "Filiale Köln"},
		{"Fast delivery, friendly staff.", 9, "Online Shop"},
		{"Lange Wartezeit an der Kasse.", 4, "Filiale Berlin"},
		{"Nie wieder. Bestellung kam nie an.", 0, "Online Shop"},
		{"Gut, aber teuer.", 8, "Filiale Köln"},
		{"Immer wieder gern!", 10, "Filiale Berlin"},
		{"Okay.", 6, ""}, // its Location is an e-mail address
		{"Die App stürzt beim Bezahlen ab.\nBitte beheben!", 5, "App"},
		{"Great selection, but parking is hard.", 9, "Filiale Köln"},
	}
	shown := commentsByText(snap)
	if len(snap.Comments) != len(want) {
		t.Errorf("snapshot shows %d comments, want %d: %+v", len(snap.Comments), len(want), snap.Comments)
	}
	for _, w := range want {
		c, ok := shown[w.text]
		if !ok {
			t.Errorf("comment %q not shown", w.text)
			continue
		}
		if c.Scale != feed.ScaleNPS || c.Score != w.score || c.Touchpoint != w.touchpoint {
			t.Errorf("comment %q = %s %d at %q, want nps %d at %q", w.text, c.Scale, c.Score, c.Touchpoint, w.score, w.touchpoint)
		}
	}
	if s := e.source("nps-mail"); !s.OK || s.Stored != 10 || s.Updated != 8 || s.Duplicates != 1 || s.Rejected != 4 {
		t.Errorf("board = %+v, want ok with 10 stored, 8 updated, 1 duplicate, 4 rejected", s)
	}
	// The board's JSON keys are the API's contract.
	_, board := e.request(http.MethodGet, "/api/v1/sources", nil, withBearer("admin"))
	var lines struct{ Sources []map[string]any }
	if err := json.Unmarshal(board, &lines); err != nil || len(lines.Sources) != 1 {
		t.Fatalf("/api/v1/sources = %s, %v", board, err)
	}
	for _, key := range []string{"source", "type", "ok", "last_success", "last_refused", "stored", "updated", "duplicates", "skipped", "rejected"} {
		if _, ok := lines.Sources[0][key]; !ok {
			t.Errorf("/api/v1/sources = %s, without %q", board, key)
		}
	}
	_, metrics := e.request(http.MethodGet, "/metrics", nil, nil)
	for _, want := range []string{
		`cxtv_source_answers_total{result="new",source="nps-mail"} 10`,
		`cxtv_source_answers_total{result="updated",source="nps-mail"} 8`,
		`cxtv_source_answers_total{result="duplicate",source="nps-mail"} 1`,
		`cxtv_source_rejected_total{source="nps-mail"} 4`,
		`cxtv_source_failing{source="nps-mail"} 0`,
	} {
		if !strings.Contains(string(metrics), want+"\n") {
			t.Errorf("/metrics = %s; want %s", grepLines(string(metrics), "cxtv_source_"), want)
		}
	}

	personal := personalData([][]byte{raw}, "Charlie Gravis", "Jony Appleseed", "Leslie Wong", "Jess Rose", "Mia Schulz",
		"Noah Becker", "Emma Fischer", "Ben Wagner", "Lena Hoffmann", "Olivia Brown", "C-100234", "C-100999",
		"+4915112345678", "+4917687654321", "app.delighted.com/r/")
	checkNoPersonalData(t, "the snapshot", snapJSON, personal)
	stored, file := e.stored()
	checkNoPersonalData(t, "the data file", file, personal)
	if len(stored) != 10 {
		t.Errorf("%d answers stored, want 10", len(stored))
	}
	first := stored["nps-mail/7001"]
	if first.Comment != "Super Beratung in der Filiale, danke!" || first.Score != 10 || !first.UpdatedAt.After(first.CreatedAt) ||
		first.CreatedAt.Unix() != 1774864817+shift || first.Language != "de" {
		t.Errorf("7001 stored as %+v, want the updated version with its comment", first)
	}
	if s := stored["nps-mail/7003"]; s.Score != 4 {
		t.Errorf("7003 stored with score %d, want 4 (the update's)", s.Score)
	}
}

// TestSourcesE2ETypeform posts the Typeform fixture's deliveries signed
// with the webhook's secret: the NPS answer and the star rating of each
// response are both stored, a response that answered neither is skipped,
// a retried delivery is a duplicate, and the name, e-mail, phone and
// customer-number answers are nowhere. A delivery with a wrong, missing
// or stale signature is refused and stores nothing.
func TestSourcesE2ETypeform(t *testing.T) {
	t.Parallel()
	e := startSourcesE2E(t, `  - {name: web-survey, type: typeform, secret: "tf-secret", fields: {touchpoint: standort}}`, "web-survey")
	const hook = "/api/v1/sources/web-survey/webhook"

	raw := fixture(t, "typeform", "deliveries.json")
	var deliveries []map[string]any
	decodeJSON(t, raw, &deliveries)
	var newest time.Time
	var personal []string
	for _, d := range deliveries {
		r := d["form_response"].(map[string]any)
		at, err := time.Parse(time.RFC3339, r["submitted_at"].(string))
		if err != nil {
			t.Fatal(err)
		}
		if at.After(newest) {
			newest = at
		}
		for key, v := range r["hidden"].(map[string]any) {
			if key != "standort" || strings.Contains(v.(string), "@") {
				personal = append(personal, v.(string))
			}
		}
		for _, a := range r["answers"].([]any) {
			a := a.(map[string]any)
			switch a["field"].(map[string]any)["type"] {
			case "short_text", "email", "phone_number":
				personal = append(personal, a[a["type"].(string)].(string))
			}
		}
	}
	shift := dayShift(newest)
	var bodies [][]byte
	for _, d := range deliveries {
		r := d["form_response"].(map[string]any)
		shiftRFC3339(t, r, "submitted_at", shift)
		shiftRFC3339(t, r, "landed_at", shift)
		bodies = append(bodies, encodeJSON(t, d))
	}
	post := func(body []byte, signature string) (int, []byte) {
		return e.request(http.MethodPost, hook, body, func(r *http.Request) {
			r.Header.Set("Content-Type", "application/json")
			if signature != "" {
				r.Header.Set("Typeform-Signature", signature)
			}
		})
	}

	tampered := bytes.Replace(bodies[2], []byte(`"number":0`), []byte(`"number":10`), 1)
	for name, tc := range map[string]struct {
		body      []byte
		signature string
	}{
		"no signature":              {bodies[0], ""},
		"another secret's":          {bodies[0], typeform.Sign(bodies[0], "tf-other")},
		"another body's":            {bodies[0], typeform.Sign(bodies[1], "tf-secret")},
		"a body changed in transit": {tampered, typeform.Sign(bodies[2], "tf-secret")},
		"without sha256=":           {bodies[0], strings.TrimPrefix(typeform.Sign(bodies[0], "tf-secret"), "sha256=")},
	} {
		if bytes.Equal(tc.body, bodies[2]) {
			t.Fatal("the tampered body is the original")
		}
		if code, answer := post(tc.body, tc.signature); code != http.StatusUnauthorized {
			t.Errorf("delivery with %s signature = %d %s, want 401", name, code, answer)
		}
	}
	if s := e.source("web-survey"); s.Stored != 0 || s.Rejected != 5 {
		t.Errorf("after five refused deliveries the board says %+v, want nothing stored and 5 rejected", s)
	}

	var sum sourceResult
	for i, body := range append(bodies, bodies[0]) { // Typeform retries the first
		code, answer := post(body, typeform.Sign(body, "tf-secret"))
		if code != http.StatusAccepted {
			t.Fatalf("delivery %d = %d %s, want 202", i, code, answer)
		}
		r := decodeResult(t, answer)
		sum.Accepted += r.Accepted
		sum.Duplicates += r.Duplicates
		sum.Skipped += r.Skipped
	}
	if sum.Accepted != 15 || sum.Duplicates != 2 || sum.Skipped != 1 {
		t.Errorf("deliveries accepted %d, duplicates %d, skipped %d; want 15 (8 NPS, 7 stars), 2 (the retry), 1", sum.Accepted, sum.Duplicates, sum.Skipped)
	}

	snap, snapJSON := e.waitSnapshot("every response", func(s feed.Snapshot) bool {
		return s.NPS != nil && s.NPS.Responses == 8 && s.Stars != nil && s.Stars.Responses == 7
	})
	// NPS 10, 9, 0, 7, 8, 6, 10, 5; stars 5, 4, 1, 2, 3, 3, 4.
	if n := snap.NPS; n.Promoters != 3 || n.Passives != 2 || n.Detractors != 3 || n.Score != 0 {
		t.Errorf("NPS = %+v, want 3 promoters, 2 passives, 3 detractors, score 0", n)
	}
	checkStars(t, snap.Stars, [5]int{1, 1, 2, 2, 1})
	want := []struct {
		text       string
		scale      feed.Scale
		score      int
		touchpoint string
	}{
		{"Das Schnitzel war hervorragend, danke!", feed.ScaleNPS, 10, "kantine-nord"},
		{"Great salad bar, but the queue at noon was far too long.", feed.ScaleNPS, 9, "kantine-sued"},
		{"Kalt und versalzen.", feed.ScaleNPS, 0, "kantine-nord"},
		{"Zu teuer für das, was man bekommt.", feed.ScaleStars, 2, "cafeteria-west"}, // no NPS answer
		{"Gutes Essen.\nAber zu wenig vegetarische Optionen.", feed.ScaleNPS, 8, "kantine-sued"},
		{`Der "Veggie-Day" ist super, aber die Soße war kalt.`, feed.ScaleNPS, 6, "kantine-nord"},
		{"Beste Kantine der Stadt 👍", feed.ScaleNPS, 10, "kantine-sued"},
		{"Nettes Personal, lange Wege.", feed.ScaleNPS, 5, ""}, // its standort is an e-mail address
	}
	shown := commentsByText(snap)
	if len(snap.Comments) != len(want) {
		t.Errorf("snapshot shows %d comments, want %d: %+v", len(snap.Comments), len(want), snap.Comments)
	}
	for _, w := range want {
		c, ok := shown[w.text]
		if !ok {
			t.Errorf("comment %q not shown", w.text)
		} else if c.Scale != w.scale || c.Score != w.score || c.Touchpoint != w.touchpoint {
			t.Errorf("comment %q = %s %d at %q, want %s %d at %q", w.text, c.Scale, c.Score, c.Touchpoint, w.scale, w.score, w.touchpoint)
		}
	}
	if s := e.source("web-survey"); !s.OK || s.Stored != 15 || s.Duplicates != 2 || s.Skipped != 1 || s.Rejected != 5 {
		t.Errorf("board = %+v, want ok with 15 stored, 2 duplicates, 1 skipped, 5 rejected", s)
	}

	personal = personalData([][]byte{raw}, personal...)
	checkNoPersonalData(t, "the snapshot", snapJSON, personal)
	stored, file := e.stored()
	checkNoPersonalData(t, "the data file", file, personal)
	if len(stored) != 15 {
		t.Errorf("%d answers stored, want 15", len(stored))
	}
	first, stars := stored["web-survey/0a590029554e899283efd5bd0dcc3f8f"], stored["web-survey/0a590029554e899283efd5bd0dcc3f8f#stars"]
	at := time.Date(2026, 3, 30, 10, 5, 9, 0, time.UTC).Add(shift)
	if first.Scale != feed.ScaleNPS || first.Score != 10 || !first.CreatedAt.Equal(at) || stars.Scale != feed.ScaleStars || stars.Score != 5 || !stars.CreatedAt.Equal(at) {
		t.Errorf("the first response stored as %+v and %+v, want NPS 10 and 5 stars at %v", first, stars, at)
	}
}

// fakeSurveyMonkey serves the paths of SurveyMonkey's v3 API that a
// surveymonkey source reads, for survey 512349876 of the adapter's
// fixtures: its details, each completed response's details, and
// responses/bulk in pages of four, sorted by date_modified and filtered by
// start_modified_at as SurveyMonkey does. Requests need the access token.
type fakeSurveyMonkey struct {
	mu        sync.Mutex // guards the fields below
	survey    []byte
	responses map[string][]byte // by response id: those completed so far
	hits      map[string]int    // requests, by path
}

const smSurvey = "/v3/surveys/512349876"

var smResponsePath = regexp.MustCompile(`^` + smSurvey + `/responses/([0-9]+)/details$`)

func (f *fakeSurveyMonkey) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits[r.URL.Path]++
	w.Header().Set("Content-Type", "application/json")
	if r.Header.Get("Authorization") != "Bearer sm-token" {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":{"id":"1011","name":"Authorization Error","message":"The authorization token was not provided.","http_status_code":401}}`)
		return
	}
	m := smResponsePath.FindStringSubmatch(r.URL.Path)
	switch {
	case r.URL.Path == smSurvey+"/details":
		w.Write(f.survey)
	case m != nil && f.responses[m[1]] != nil:
		w.Write(f.responses[m[1]])
	case r.URL.Path == smSurvey+"/responses/bulk":
		f.bulk(w, r.URL.Query())
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":{"id":"1020","name":"Resource Not Found","message":"There was an error retrieving the requested resource.","http_status_code":404}}`)
	}
}

func (f *fakeSurveyMonkey) bulk(w http.ResponseWriter, q map[string][]string) {
	const pageSize = 4
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	var since time.Time
	if s := get("start_modified_at"); s != "" {
		since, _ = time.Parse("2006-01-02T15:04:05", s)
	}
	type listed struct {
		modified time.Time
		doc      json.RawMessage
	}
	var all []listed
	for _, doc := range f.responses {
		var r struct {
			Modified time.Time `json:"date_modified"`
		}
		json.Unmarshal(doc, &r)
		if !r.Modified.Before(since) {
			all = append(all, listed{r.Modified, doc})
		}
	}
	slices.SortFunc(all, func(a, b listed) int { return a.modified.Compare(b.modified) })
	page, _ := strconv.Atoi(get("page"))
	page = max(page, 1)
	lo := min((page-1)*pageSize, len(all))
	hi := min(lo+pageSize, len(all))
	data := []json.RawMessage{}
	for _, l := range all[lo:hi] {
		data = append(data, l.doc)
	}
	links := map[string]string{"self": fmt.Sprintf("https://api.surveymonkey.com%s/responses/bulk?page=%d&per_page=%d", smSurvey, page, pageSize)}
	if hi < len(all) {
		links["next"] = fmt.Sprintf("https://api.surveymonkey.com%s/responses/bulk?page=%d&per_page=%d", smSurvey, page+1, pageSize)
	}
	json.NewEncoder(w).Encode(map[string]any{"data": data, "per_page": pageSize, "page": page, "total": len(all), "links": links})
}

func (f *fakeSurveyMonkey) put(id string, doc []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.responses[id] = doc
}

func (f *fakeSurveyMonkey) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

// TestSourcesE2ESurveyMonkey runs a surveymonkey source against a fake of
// SurveyMonkey's API: the pull at start stores the responses completed so
// far, following the bulk pages; each callback of the fixture, signed
// with api_key&api_secret, has the server fetch the response it names,
// which stores the two completed since, counts the others as duplicates,
// and replaces the answer edited later (response_updated) with its new
// comment. A callback with a wrong or missing Sm-Signature is refused
// before anything is fetched; HEAD on the webhook URL, which SurveyMonkey
// sends before it creates a webhook, is 200.
func TestSourcesE2ESurveyMonkey(t *testing.T) {
	t.Parallel()
	var bulk struct{ Data []map[string]any }
	rawBulk := fixture(t, "surveymonkey", "responses-bulk.json")
	decodeJSON(t, rawBulk, &bulk)
	var newest time.Time
	var personal []string
	for _, r := range bulk.Data {
		at, err := time.Parse(time.RFC3339, r["date_modified"].(string))
		if err != nil {
			t.Fatal(err)
		}
		if at.After(newest) {
			newest = at
		}
		personal = append(personal, r["ip_address"].(string))
		for _, v := range r["metadata"].(map[string]any) {
			for _, field := range v.(map[string]any) {
				personal = append(personal, field.(map[string]any)["value"].(string))
			}
		}
		for _, p := range r["pages"].([]any) {
			for _, q := range p.(map[string]any)["questions"].([]any) {
				q := q.(map[string]any)
				if id := q["id"]; id != "3002002" && id != "3002003" { // name and contact questions
					continue
				}
				for _, a := range q["answers"].([]any) {
					personal = append(personal, a.(map[string]any)["text"].(string))
				}
			}
		}
	}
	shift := dayShift(newest)
	docs := map[string][]byte{}
	for _, r := range bulk.Data {
		shiftRFC3339(t, r, "date_created", shift)
		shiftRFC3339(t, r, "date_modified", shift)
		docs[r["id"].(string)] = encodeJSON(t, r)
	}
	api := &fakeSurveyMonkey{survey: fixture(t, "surveymonkey", "survey-details.json"), responses: map[string][]byte{}, hits: map[string]int{}}
	for id, doc := range docs {
		if id != "114000008" && id != "114000009" { // completed after the server started
			api.put(id, doc)
		}
	}
	srv := httptest.NewServer(api)
	defer srv.Close()

	e := startSourcesE2E(t, `  - {name: sm, type: surveymonkey, api_key: "sm-key", api_secret: "sm-secret", access_token: "sm-token",
     survey_id: "512349876", api_base: "`+srv.URL+`", fields: {touchpoint: standort}}`, "sm")
	const hook = "/api/v1/sources/sm/webhook"
	// Eight answers of the eight responses listed; the partial, the
	// preview and the one without a score skipped.
	if s := e.waitSource("sm", "stored the pull at start", func(s health.Status) bool { return s.Stored > 0 }); s.Stored != 8 || s.Skipped != 3 || !s.OK {
		t.Fatalf("after the pull at start the board says %+v, want 8 stored, 3 skipped", s)
	}
	if n := api.count(smSurvey + "/responses/bulk"); n != 2 {
		t.Errorf("the pull read %d bulk pages, want 2 (of four responses each)", n)
	}

	if code, body := e.request(http.MethodHead, hook, nil, nil); code != http.StatusOK {
		t.Errorf("HEAD %s = %d %s, want 200", hook, code, body)
	}

	var events []json.RawMessage
	decodeJSON(t, fixture(t, "surveymonkey", "events.json"), &events)
	post := func(body []byte, signature string) (int, []byte) {
		return e.request(http.MethodPost, hook, body, func(r *http.Request) {
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Sm-Apikey", "sm-key")
			if signature != "" {
				r.Header.Set("Sm-Signature", signature)
			}
		})
	}
	api.put("114000008", docs["114000008"])
	eight := events[7] // response_completed 114000008
	if !bytes.Contains(eight, []byte(`"object_id": "114000008"`)) {
		t.Fatalf("events[7] = %s, want the callback of 114000008", eight)
	}
	for name, signature := range map[string]string{
		"no":                 "",
		"another secret's":   surveymonkey.Sign(eight, "sm-key", "sm-other"),
		"another callback's": surveymonkey.Sign(events[8], "sm-key", "sm-secret"),
		"a Typeform":         typeform.Sign(eight, "sm-key&sm-secret"),
	} {
		if code, body := post(eight, signature); code != http.StatusUnauthorized {
			t.Errorf("callback with %s signature = %d %s, want 401", name, code, body)
		}
	}
	if n := api.count(smSurvey + "/responses/114000008/details"); n != 0 {
		t.Errorf("unsigned callbacks had the server fetch the response %d times, want none", n)
	}
	if s := e.source("sm"); s.Stored != 8 || s.Rejected != 4 {
		t.Errorf("after four refused callbacks the board says %+v, want 8 stored and 4 rejected", s)
	}

	api.put("114000009", docs["114000009"])
	// 114000005 edited after it was completed: a comment added.
	var edited map[string]any
	decodeJSON(t, docs["114000005"], &edited)
	edited["date_modified"] = time.Date(2026, 3, 30, 15, 2, 9, 0, time.UTC).Add(shift).Format(time.RFC3339)
	page := edited["pages"].([]any)[0].(map[string]any)
	page["questions"] = append(page["questions"].([]any), map[string]any{"id": "3001003", "answers": []any{map[string]any{"text": "Nachtrag: Parkplätze fehlen."}}})
	var sum sourceResult
	ignored := 0
	for i, ev := range events {
		if i == len(events)-1 {
			api.put("114000005", encodeJSON(t, edited)) // before its response_updated
		}
		code, body := post(ev, surveymonkey.Sign(ev, "sm-key", "sm-secret"))
		if code != http.StatusAccepted && code != http.StatusOK {
			t.Fatalf("callback %d = %d %s, want 202 (or 200 for an event it ignores)", i, code, body)
		}
		r := decodeResult(t, body)
		sum.Accepted += r.Accepted
		sum.Updated += r.Updated
		sum.Duplicates += r.Duplicates
		sum.Skipped += r.Skipped
		if r.Ignored != "" {
			ignored++
		}
	}
	// New: 114000008 (NPS), 114000009 (NPS and stars). Updated: the NPS
	// answer of 114000005, whose stars say what they said. Duplicates: the
	// other nine answers. Skipped: the preview, the one without a score.
	// Ignored: response_created.
	if sum.Accepted != 3 || sum.Updated != 1 || sum.Duplicates != 9 || sum.Skipped != 2 || ignored != 1 {
		t.Errorf("callbacks accepted %d, updated %d, duplicates %d, skipped %d, ignored %d; want 3, 1, 9, 2, 1",
			sum.Accepted, sum.Updated, sum.Duplicates, sum.Skipped, ignored)
	}
	if n := api.count(smSurvey + "/details"); n != 1 {
		t.Errorf("survey details read %d times, want once", n)
	}

	snap, snapJSON := e.waitSnapshot("the comment added later", func(s feed.Snapshot) bool {
		_, ok := commentsByText(s)["Nachtrag: Parkplätze fehlen."]
		return ok && s.NPS != nil && s.NPS.Responses == 6
	})
	// NPS 10, 9, 2, 7, 0, 8; stars 5, 4, 3, 1, 4.
	if n := snap.NPS; n.Promoters != 2 || n.Passives != 2 || n.Detractors != 2 || n.Score != 0 {
		t.Errorf("NPS = %+v, want 2 promoters, 2 passives, 2 detractors, score 0", n)
	}
	checkStars(t, snap.Stars, [5]int{1, 0, 1, 2, 1})
	want := []struct {
		text       string
		scale      feed.Scale
		score      int
		touchpoint string
	}{
		{"Super Beratung, danke!", feed.ScaleNPS, 10, "koeln"},
		{"Friendly staff, but the queue was long.", feed.ScaleNPS, 9, "berlin"},
		{"Ware nicht vorrätig, niemand wusste Bescheid.", feed.ScaleNPS, 2, "koeln"},
		{"Nachtrag: Parkplätze fehlen.", feed.ScaleNPS, 7, "hamburg"},
		{"Kalt und ungemütlich.", feed.ScaleStars, 1, "berlin"},
		{"Nie wieder, die Reklamation wurde ignoriert.", feed.ScaleNPS, 0, "koeln"},
		{"Gute Auswahl.", feed.ScaleNPS, 8, ""}, // its standort is an e-mail address
	}
	shown := commentsByText(snap)
	if len(snap.Comments) != len(want) {
		t.Errorf("snapshot shows %d comments, want %d: %+v", len(snap.Comments), len(want), snap.Comments)
	}
	for _, w := range want {
		c, ok := shown[w.text]
		if !ok {
			t.Errorf("comment %q not shown", w.text)
		} else if c.Scale != w.scale || c.Score != w.score || c.Touchpoint != w.touchpoint || c.Language != "de" {
			t.Errorf("comment %q = %s %d at %q in %q, want %s %d at %q in de", w.text, c.Scale, c.Score, c.Touchpoint, c.Language, w.scale, w.score, w.touchpoint)
		}
	}
	if s := e.source("sm"); !s.OK || s.Stored != 11 || s.Updated != 1 || s.Duplicates != 9 || s.Skipped != 5 || s.Rejected != 4 {
		t.Errorf("board = %+v, want ok with 11 stored, 1 updated, 9 duplicates, 5 skipped, 4 rejected", s)
	}

	personal = personalData([][]byte{rawBulk}, personal...)
	checkNoPersonalData(t, "the snapshot", snapJSON, personal)
	stored, file := e.stored()
	checkNoPersonalData(t, "the data file", file, personal)
	if len(stored) != 11 {
		t.Errorf("%d answers stored, want 11", len(stored))
	}
	if f := stored["sm/114000005"]; f.Comment != "Nachtrag: Parkplätze fehlen." || f.Score != 7 ||
		!f.UpdatedAt.Equal(time.Date(2026, 3, 30, 15, 2, 9, 0, time.UTC).Add(shift)) {
		t.Errorf("114000005 stored as %+v, want the edited version", f)
	}
}
