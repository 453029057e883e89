package main

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/health"
	"github.com/cxtv/cxtv/feed/source"
)

// End-to-end tests of the types the server pulls from the tool's API:
// appstore, googleplay (surveymonkey, which pulls too, is with the
// webhooks). The harness is in sources_e2e_test.go.

// checkReviews compares the snapshot's comments and the stored answers of
// the review source name with want, the stars and comment of each review
// by id.
func checkReviews(t *testing.T, snap feed.Snapshot, stored map[string]feed.Feedback, name string, want map[string]importAnswer) {
	t.Helper()
	var wantShown, shown, wantStored, got []string
	for id, a := range want {
		wantShown = append(wantShown, a.String())
		// A star rating is stored under its response's id with a suffix,
		// which tells it from an NPS answer where a tool has both.
		wantStored = append(wantStored, id+source.StarsSuffix+" "+a.String())
	}
	for _, c := range snap.Comments {
		shown = append(shown, importAnswer{c.Scale, c.Score, c.Text, c.Touchpoint, c.CreatedAt.UTC().Format(time.RFC3339)}.String())
	}
	for _, f := range stored {
		if f.Source == name {
			got = append(got, f.ID+" "+importAnswer{f.Scale, f.Score, f.Comment, f.Touchpoint, f.CreatedAt.UTC().Format(time.RFC3339)}.String())
		}
	}
	for _, l := range [][]string{wantShown, shown, wantStored, got} {
		slices.Sort(l)
	}
	if !slices.Equal(shown, wantShown) {
		t.Errorf("comments shown:\n%s\nwant:\n%s", strings.Join(shown, "\n"), strings.Join(wantShown, "\n"))
	}
	if !slices.Equal(got, wantStored) {
		t.Errorf("stored:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantStored, "\n"))
	}
}

// TestSourcesE2EAppStore runs an appstore source against a fake of
// Apple's customer reviews feed serving the adapter's fixtures: the pull
// at start reads pages 1 to 3 (the third empty), keeps the review on two
// pages once and stores every review as stars with its title and body;
// a second appstore source whose feed answers 500 is named failing on
// /healthz, the first not.
func TestSourcesE2EAppStore(t *testing.T) {
	t.Parallel()
	pages := map[string][]byte{
		"1": fixture(t, "appstore", "customerreviews-page1.json"),
		"2": fixture(t, "appstore", "customerreviews-page2.json"),
	}
	empty := fixture(t, "appstore", "customerreviews-empty.json")
	feedPath := regexp.MustCompile(`^/de/rss/customerreviews/page=([0-9]+)/id=1234567890/sortby=mostrecent/json$`)
	var mu sync.Mutex
	var asked []string
	apple := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.Path)
		mu.Unlock()
		m := feedPath.FindStringSubmatch(r.URL.Path)
		if m == nil || r.Method != http.MethodGet {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8") // as Apple labels it
		if p, ok := pages[m[1]]; ok {
			w.Write(p)
			return
		}
		w.Write(empty)
	}))
	defer apple.Close()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
	}))
	defer down.Close()

	e := startSourcesE2E(t, `  - {name: ios, type: appstore, app_id: "1234567890", country: de, interval: 1h, api_base: "`+apple.URL+`"}
  - {name: ios-down, type: appstore, app_id: "1234567890", country: de, api_base: "`+down.URL+`"}`, "ios", "ios-down")
	s := e.waitSource("ios", "stored the pull at start", func(s health.Status) bool { return s.Stored > 0 })
	if s.Stored != 10 || !s.OK {
		t.Errorf("after the pull at start the board says %+v, want 10 stored", s)
	}
	if msg := e.waitFailing("ios-down"); !strings.Contains(msg, "500") {
		t.Errorf("/healthz says ios-down fails with %q, want the HTTP status", msg)
	}
	if h, raw := e.healthz(); slices.ContainsFunc(h.Failing, func(f failingSource) bool { return f.Source == "ios" }) {
		t.Errorf("/healthz = %s, naming ios as failing", raw)
	}
	mu.Lock()
	want := []string{"/de/rss/customerreviews/page=1/id=1234567890/sortby=mostrecent/json",
		"/de/rss/customerreviews/page=2/id=1234567890/sortby=mostrecent/json",
		"/de/rss/customerreviews/page=3/id=1234567890/sortby=mostrecent/json"}
	if !slices.Equal(asked, want) {
		t.Errorf("the fake was asked for %v, want %v", asked, want)
	}
	mu.Unlock()

	snap, snapJSON := e.waitSnapshot("every review", func(s feed.Snapshot) bool { return len(s.Comments) >= 10 })
	review := func(stars int, comment, at string) importAnswer {
		tm, err := time.Parse(time.RFC3339, at)
		if err != nil {
			t.Fatal(err)
		}
		return importAnswer{feed.ScaleStars, stars, comment, "", tm.UTC().Format(time.RFC3339)}
	}
	var personal []string
	for _, p := range [][]byte{pages["1"], pages["2"]} {
		var doc struct {
			Feed struct {
				Entry []struct {
					Author struct{ URI, Name struct{ Label string } }
				}
			}
		}
		decodeJSON(t, p, &doc)
		for _, en := range doc.Feed.Entry {
			if en.Author.Name.Label != "" {
				personal = append(personal, en.Author.Name.Label, en.Author.URI.Label)
			}
		}
	}
	checkNoPersonalData(t, "the snapshot", snapJSON, personal)
	stored, file := e.stored()
	checkNoPersonalData(t, "the data file", file, personal)
	checkReviews(t, snap, stored, "ios", map[string]importAnswer{
		"11000000010": review(5, "Super Kantinen-App\n\nSpeiseplan immer aktuell, Bestellung in Sekunden. Danke!", "2026-04-01T06:12:45-07:00"),
		"11000000009": review(2, "Crashes on login\n\nSince the last update the app crashes every time I log in.\nPlease fix!", "2026-04-01T03:40:02-07:00"),
		"11000000008": review(4, "Gut, aber\n\nDie Allergene fehlen bei manchen Gerichten.", "2026-03-31T23:05:10-07:00"),
		"11000000007": review(1, "Nie wieder\n\nEssen kalt, App zeigt falsche Preise.", "2026-03-31T12:00:00-07:00"),
		"11000000006": review(3, "Okay", "2026-03-30T18:30:00-07:00"),                                        // a title, no body
		"11000000005": review(5, "Love the new dark mode & the menu widget <3", "2026-03-30T08:15:00-07:00"), // on both pages
		"11000000004": review(4, "Praktisch\n\nVorbestellen spart mir jeden Tag zehn Minuten.", "2026-03-29T10:00:00-07:00"),
		"11000000003": review(2, "Too slow\n\nLoading the menu takes forever on mobile data.", "2026-03-28T09:00:00-07:00"),
		"11000000002": review(5, "Top\n\nEndlich sehe ich vorher, ob es vegetarisch gibt.", "2026-03-27T14:20:00-07:00"),
		"11000000001": review(3, "Mittelmaß\n\nFunktioniert, aber das Design ist altbacken.", "2026-03-26T07:45:00-07:00"),
	})
}

// fakePlay serves reviews.list of the Play Developer API for
// de.beispiel.kantine from the adapter's two fixture pages, to requests
// with the access token bearer; it returns the pages by page token and
// the page tokens asked for.
func fakePlay(t *testing.T, bearer string) (*httptest.Server, map[string][]byte, func() []string) {
	const reviews = "/androidpublisher/v3/applications/de.beispiel.kantine/reviews"
	pages := map[string][]byte{
		"":                    fixture(t, "googleplay", "reviews-page1.json"),
		"CgwI8N2B0AYQ0Kbg7gE": fixture(t, "googleplay", "reviews-page2.json"),
	}
	var mu sync.Mutex
	var tokens []string
	play := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		if r.URL.Path != reviews || r.Method != http.MethodGet {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":{"code":404,"message":"Package not found.","status":"NOT_FOUND"}}`)
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+bearer {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}`)
			return
		}
		mu.Lock()
		tokens = append(tokens, r.URL.Query().Get("token"))
		mu.Unlock()
		p, ok := pages[r.URL.Query().Get("token")]
		if !ok {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":{"code":400,"message":"Invalid token.","status":"INVALID_ARGUMENT"}}`)
			return
		}
		w.Write(p)
	}))
	t.Cleanup(play.Close)
	return play, pages, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(tokens)
	}
}

// TestSourcesE2EGooglePlay runs a googleplay source with an access token
// against a fake of the Play Developer API's reviews.list serving the
// adapter's fixtures: the pull at start follows nextPageToken, stores
// each review as stars, its title and body split at the first tab, at
// lastModified (string seconds and nanos), without the reviewer's name or
// the developer's replies; a second source whose API answers 500 is named
// failing on /healthz.
func TestSourcesE2EGooglePlay(t *testing.T) {
	t.Parallel()
	play, pages, tokens := fakePlay(t, "gp-token")
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, `{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}`)
	}))
	defer down.Close()

	e := startSourcesE2E(t, `  - {name: android, type: googleplay, package_name: de.beispiel.kantine, access_token: "gp-token", interval: 1h, api_base: "`+play.URL+`"}
  - {name: android-down, type: googleplay, package_name: de.beispiel.kantine, access_token: "gp-token", api_base: "`+down.URL+`"}`, "android", "android-down")
	s := e.waitSource("android", "stored the pull at start", func(s health.Status) bool { return s.Stored > 0 })
	if s.Stored != 10 || !s.OK {
		t.Errorf("after the pull at start the board says %+v, want 10 stored", s)
	}
	if msg := e.waitFailing("android-down"); !strings.Contains(msg, "500") {
		t.Errorf("/healthz says android-down fails with %q, want the HTTP status", msg)
	}
	if h, raw := e.healthz(); slices.ContainsFunc(h.Failing, func(f failingSource) bool { return f.Source == "android" }) {
		t.Errorf("/healthz = %s, naming android as failing", raw)
	}
	if got, want := tokens(), []string{"", "CgwI8N2B0AYQ0Kbg7gE"}; !slices.Equal(got, want) {
		t.Errorf("pages asked with tokens %q, want %q", got, want)
	}

	snap, snapJSON := e.waitSnapshot("every review", func(s feed.Snapshot) bool { return len(s.Comments) >= 10 })
	var personal []string
	for _, p := range pages {
		var doc struct {
			Reviews []struct {
				AuthorName string
				Comments   []struct{ DeveloperComment *struct{ Text string } }
			}
		}
		decodeJSON(t, p, &doc)
		for _, r := range doc.Reviews {
			personal = append(personal, r.AuthorName)
			for _, c := range r.Comments {
				if c.DeveloperComment != nil {
					personal = append(personal, c.DeveloperComment.Text) // not personal, but no customer's either
				}
			}
		}
	}
	checkNoPersonalData(t, "the snapshot", snapJSON, personal)
	stored, file := e.stored()
	checkNoPersonalData(t, "the data file", file, personal)
	review := func(stars int, comment string, sec, nsec int64) importAnswer {
		return importAnswer{feed.ScaleStars, stars, comment, "", time.Unix(sec, nsec).UTC().Format(time.RFC3339)}
	}
	const id = "gp:AOqpTOH0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	checkReviews(t, snap, stored, "android", map[string]importAnswer{
		id + "a1": review(5, "Super Kantinen-App\n\nSpeiseplan immer aktuell, Bestellung in Sekunden.", 1775023965, 123000000),
		id + "a2": review(2, "Crashes on login\n\nSince the last update the app crashes every time I log in.\nPlease fix!", 1775014802, 0),
		id + "a3": review(4, "Die Allergene fehlen bei manchen Gerichten.", 1774998310, 500000000),  // no tab: all body
		id + "a4": review(1, "Nie wieder\n\nEssen kalt,\tApp zeigt falsche Preise.", 1774958400, 0), // split at the first tab only
		id + "a5": review(3, "Nur Text ohne Titel, trotzdem okay.", 1774895400, 0),                  // an empty title
		id + "a6": review(5, "Love the new dark mode", 1774858500, 0),
		id + "a7": review(4, "Praktisch\n\nVorbestellen spart mir jeden Tag zehn Minuten.", 1774778400, 0),
		id + "a8": review(2, "Too slow\n\nLoading the menu takes forever on mobile data.", 1774688400, 0),
		id + "a9": review(5, "Top\n\nEndlich sehe ich vorher, ob es vegetarisch gibt.", 1774621200, 0),
		id + "10": review(3, "Mittelmaß\n\nFunktioniert, aber das Design ist altbacken.", 1774511100, 0),
	})
	if f := stored["android/"+id+"a1"+source.StarsSuffix]; !f.CreatedAt.Equal(time.Unix(1775023965, 123000000)) || f.Language != "de" {
		t.Errorf("review a1 stored at %v in %q, want lastModified with its nanos, in de", f.CreatedAt, f.Language)
	}
}

// TestSourcesE2EGooglePlayServiceAccount runs a googleplay source with a
// service account's JSON key (credentials_file) whose token_uri is a fake
// of Google's token endpoint: the server signs a JWT with the key, trades
// it for an access token and reads the reviews with it.
func TestSourcesE2EGooglePlayServiceAccount(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var grants []string
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/token" || r.ParseForm() != nil || r.PostForm.Get("assertion") == "" {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"invalid_request"}`)
			return
		}
		mu.Lock()
		grants = append(grants, r.PostForm.Get("grant_type"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"sa-token","token_type":"Bearer","expires_in":3600}`)
	}))
	defer tokens.Close()
	play, _, _ := fakePlay(t, "sa-token")

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "play.json")
	if err := os.WriteFile(keyFile, encodeJSON(t, map[string]string{
		"type": "service_account", "project_id": "kantine-123", "private_key_id": "0123456789abcdef",
		"private_key":  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email": "cxtv-feed@kantine-123.iam.gserviceaccount.com", "client_id": "100000000000000000001",
		"token_uri": tokens.URL + "/token",
	}), 0o600); err != nil {
		t.Fatal(err)
	}

	e := startSourcesE2E(t, `  - {name: android, type: googleplay, package_name: de.beispiel.kantine, credentials_file: "`+keyFile+`", api_base: "`+play.URL+`"}`, "android")
	if s := e.waitSource("android", "stored the pull at start", func(s health.Status) bool { return s.Stored > 0 || !s.OK }); s.Stored != 10 || !s.OK {
		t.Errorf("after the pull at start the board says %+v, want 10 stored", s)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"urn:ietf:params:oauth:grant-type:jwt-bearer"}; !slices.Equal(grants, want) {
		t.Errorf("token requests %q, want one JWT bearer grant", grants)
	}
}

// TestSourcesE2EAppStoreEditedReview: a reviewer who edits an App Store
// review changes its rating, text and updated time under the same id; the
// next pull replaces the stored version, so that the screen shows what
// the reviewer says now and the review still counts once.
func TestSourcesE2EAppStoreEditedReview(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	page1 := fixture(t, "appstore", "customerreviews-page1.json")
	empty := fixture(t, "appstore", "customerreviews-empty.json")
	apple := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/de/rss/customerreviews/page=1/id=1234567890/sortby=mostrecent/json":
			w.Write(page1)
		case "/de/rss/customerreviews/page=2/id=1234567890/sortby=mostrecent/json":
			w.Write(empty)
		default:
			http.NotFound(w, r)
		}
	}))
	defer apple.Close()
	source := func(interval string) string {
		return `  - {name: ios, type: appstore, app_id: "1234567890", country: de, interval: ` + interval + `, api_base: "` + apple.URL + `"}`
	}
	e := startSourcesE2E(t, source("1h"), "ios")
	if s := e.waitSource("ios", "stored the pull at start", func(s health.Status) bool { return s.Stored > 0 }); s.Stored != 6 {
		t.Fatalf("after the pull at start the board says %+v, want the 6 reviews of page 1", s)
	}

	// Review 11000000007 (one star, "Nie wieder") edited a day later.
	edits := []struct{ old, new string }{
		{`"label": "2026-03-31T12:00:00-07:00"`, `"label": "2026-04-01T12:00:00-07:00"`},
		{`"label": "Nie wieder"`, `"label": "Doch wieder"`},
		{`"label": "Essen kalt, App zeigt falsche Preise."`, `"label": "Die Preise stimmen jetzt, danke."`},
	}
	mu.Lock()
	for _, ed := range edits {
		if bytes.Count(page1, []byte(ed.old)) != 1 {
			t.Fatalf("page 1 holds %s %d times, want once", ed.old, bytes.Count(page1, []byte(ed.old)))
		}
		page1 = bytes.Replace(page1, []byte(ed.old), []byte(ed.new), 1)
	}
	edited := bytes.Index(page1, []byte(`"label": "Doch wieder"`))
	rating := bytes.LastIndex(page1[:edited], []byte(`"im:rating": {`))
	page1 = slices.Concat(page1[:rating], bytes.Replace(page1[rating:edited], []byte(`"label": "1"`), []byte(`"label": "4"`), 1), page1[edited:])
	mu.Unlock()

	// A changed source is pulled at once.
	e.configure(source("2h"), "ios")
	s := e.waitSource("ios", "pulled again", func(s health.Status) bool { return s.Duplicates+s.Updated >= 6 })
	if s.Stored != 6 || s.Updated != 1 || s.Duplicates != 5 {
		t.Errorf("after the second pull the board says %+v, want 6 stored, 1 updated, 5 duplicates", s)
	}
	const now = "Doch wieder\n\nDie Preise stimmen jetzt, danke."
	snap, _ := e.waitSnapshot("the edited review", func(s feed.Snapshot) bool { _, ok := commentsByText(s)[now]; return ok })
	shown := commentsByText(snap)
	_, old := shown["Nie wieder\n\nEssen kalt, App zeigt falsche Preise."]
	if c := shown[now]; c.Score != 4 || old || len(snap.Comments) != 6 {
		t.Errorf("comments = %+v, want the edited review with 4 stars in place of the first version", snap.Comments)
	}
}
