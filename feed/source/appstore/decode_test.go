package appstore_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/source/appstore"
)

func readFile(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func decodeFile(tb testing.TB, name string) source.Batch {
	tb.Helper()
	b, err := appstore.Decode(strings.NewReader(string(readFile(tb, name))), appstore.Options{})
	if err != nil {
		tb.Fatalf("Decode(%s) = %v", name, err)
	}
	return b
}

// review is what a test expects of one stored review.
type review struct {
	id      string
	stars   int
	comment string
	at      string // RFC 3339, as Apple writes it
}

// fixtureReviews are the ten reviews of the fixtures, newest first.
var fixtureReviews = []review{
	{"11000000010", 5, "Super Kantinen-App\n\nSpeiseplan immer aktuell, Bestellung in Sekunden. Danke!", "2026-04-01T06:12:45-07:00"},
	{"11000000009", 2, "Crashes on login\n\nSince the last update the app crashes every time I log in.\nPlease fix!", "2026-04-01T03:40:02-07:00"},
	{"11000000008", 4, "Gut, aber\n\nDie Allergene fehlen bei manchen Gerichten.", "2026-03-31T23:05:10-07:00"},
	{"11000000007", 1, "Nie wieder\n\nEssen kalt, App zeigt falsche Preise.", "2026-03-31T12:00:00-07:00"},
	{"11000000006", 3, "Okay", "2026-03-30T18:30:00-07:00"},
	{"11000000005", 5, "Love the new dark mode & the menu widget <3", "2026-03-30T08:15:00-07:00"},
	{"11000000004", 4, "Praktisch\n\nVorbestellen spart mir jeden Tag zehn Minuten.", "2026-03-29T10:00:00-07:00"},
	{"11000000003", 2, "Too slow\n\nLoading the menu takes forever on mobile data.", "2026-03-28T09:00:00-07:00"},
	{"11000000002", 5, "Top\n\nEndlich sehe ich vorher, ob es vegetarisch gibt.", "2026-03-27T14:20:00-07:00"},
	{"11000000001", 3, "Mittelmaß\n\nFunktioniert, aber das Design ist altbacken.", "2026-03-26T07:45:00-07:00"},
}

func checkReviews(t *testing.T, b source.Batch, want []review) {
	t.Helper()
	if len(b.Items) != len(want) {
		t.Fatalf("%d answers, want %d: %+v", len(b.Items), len(want), b.Items)
	}
	for i, w := range want {
		f := b.Items[i]
		at, err := time.Parse(time.RFC3339, w.at)
		if err != nil {
			t.Fatal(err)
		}
		// An edited review is a new version: its time is the version's too.
		wantF := feed.Feedback{ID: w.id + source.StarsSuffix, Source: appstore.DefaultSource, Scale: feed.ScaleStars, Score: w.stars, Comment: w.comment, CreatedAt: at, UpdatedAt: at}
		if f.CreatedAt.Equal(at) {
			f.CreatedAt = at
		}
		if f.UpdatedAt.Equal(at) {
			f.UpdatedAt = at
		}
		if f != wantF {
			t.Errorf("answer %d:\n got %+v\nwant %+v", i, f, wantF)
		}
		if err := f.Validate(); err != nil {
			t.Errorf("answer %d: %v", i, err)
		}
	}
}

func TestDecodeFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want []review
	}{
		{"customerreviews-page1.json", fixtureReviews[:6]},
		{"customerreviews-page2.json", fixtureReviews[5:]},
		{"customerreviews-page1.xml", fixtureReviews},
		{"customerreviews-empty.json", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			b := decodeFile(t, tt.file)
			checkReviews(t, b, tt.want)
			if len(b.Skipped) != 0 {
				t.Errorf("skipped = %v, want none (the app's own entry is no review)", b.Skipped)
			}
		})
	}
}

// TestDecodeDropsPersonalData checks the reviewers' names and profile
// links of the fixtures against every text the answers keep.
func TestDecodeDropsPersonalData(t *testing.T) {
	t.Parallel()
	personal := []string{"Anna Schmidt", "benm_1987", "Jonas W.", "Lea Fischer", "mia_k", "tom.b", "Karl-Heinz Müller", "sarah.j", "Eva Lang", "Peter Hoffmann", "880000001", "reviews/id"}
	for _, name := range []string{"customerreviews-page1.json", "customerreviews-page2.json", "customerreviews-page1.xml"} {
		if data := string(readFile(t, name)); !strings.Contains(data, "Anna Schmidt") && !strings.Contains(data, "Eva Lang") {
			t.Fatalf("%s carries no reviewer names to drop", name)
		}
		for _, f := range decodeFile(t, name).Items {
			for _, text := range []string{f.ID, f.Comment, f.Touchpoint, f.Language} {
				for _, p := range personal {
					if strings.Contains(text, p) {
						t.Errorf("%s: answer %s keeps %q", name, f.ID, p)
					}
				}
			}
		}
	}
}

// jsonPage wraps entries in the JSON feed; entries is the JSON of "entry"
// or "" for a page without it.
func jsonPage(entries string) string {
	if entries == "" {
		return `{"feed":{"author":{"name":{"label":"iTunes Store"}},"id":{"label":"x"}}}`
	}
	return `{"feed":{"author":{"name":{"label":"iTunes Store"}},"entry":` + entries + `}}`
}

const (
	appJSON    = `{"im:name":{"label":"Kantine Plus"},"id":{"label":"https://apps.apple.com/de/app/id1"},"title":{"label":"Kantine Plus"}}`
	reviewJSON = `{"author":{"name":{"label":"Max Mustermann"},"uri":{"label":"https://itunes.apple.com/de/reviews/id1"}},"updated":{"label":"2026-03-30T12:00:00-07:00"},"im:rating":{"label":"4"},"id":{"label":"42"},"title":{"label":"Gut"},"content":{"label":"Schnell und einfach.","attributes":{"type":"text"}}}`
)

func atomPage(entries string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns:im="http://itunes.apple.com/rss" xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><id>x</id>` + entries + `</feed>`
}

func atomReview(id, rating, contents string) string {
	return `<entry><updated>2026-03-30T12:00:00-07:00</updated><id>` + id + `</id><title>Gut</title>` + contents +
		`<im:rating>` + rating + `</im:rating><author><name>Max Mustermann</name><uri>https://itunes.apple.com/de/reviews/id1</uri></author></entry>`
}

// TestDecodeQuirks has a case per quirk of the feed.
func TestDecodeQuirks(t *testing.T) {
	t.Parallel()
	gut := func(comment string) []review {
		return []review{{"42", 4, comment, "2026-03-30T12:00:00-07:00"}}
	}
	tests := []struct {
		name    string
		page    string
		want    []review
		skipped []string
	}{
		{name: "a single entry object instead of a list", page: jsonPage(reviewJSON), want: gut("Gut\n\nSchnell und einfach.")},
		{name: "the app's entry alone", page: jsonPage(appJSON)},
		{name: "no entry at all", page: jsonPage("")},
		{name: "the app's entry first", page: jsonPage("[" + appJSON + "," + reviewJSON + "]"), want: gut("Gut\n\nSchnell und einfach.")},
		{name: "an entry without a rating that is not the app", page: jsonPage(`[{"id":{"label":"43"},"title":{"label":"?"}},` + reviewJSON + "]"),
			want: gut("Gut\n\nSchnell und einfach."), skipped: []string{"43: no rating"}},
		{name: "a rating out of range", page: jsonPage(strings.Replace(reviewJSON, `"im:rating":{"label":"4"}`, `"im:rating":{"label":"0"}`, 1)),
			skipped: []string{`42: response "42": score: 0 is outside 1–5 for scale stars`}},
		{name: "title only", page: jsonPage(strings.Replace(reviewJSON, "Schnell und einfach.", "", 1)), want: gut("Gut")},
		{name: "body only", page: jsonPage(strings.Replace(reviewJSON, `"title":{"label":"Gut"}`, `"title":{"label":" "}`, 1)), want: gut("Schnell und einfach.")},
		{name: "Atom: the text content, not the HTML one", page: atomPage(atomReview("42", "4",
			`<content type="html">&lt;b&gt;Gut&lt;/b&gt;&lt;br/&gt;Schnell</content><content type="text">Schnell und einfach.</content>`)),
			want: gut("Gut\n\nSchnell und einfach.")},
		{name: "Atom: only an HTML content", page: atomPage(atomReview("42", "4", `<content type="html">&lt;b&gt;x&lt;/b&gt;</content>`)), want: gut("Gut")},
		{name: "Atom: the app's entry, no entries, no namespaces", page: `<feed><entry><im:name>App</im:name><id>x</id></entry></feed>`},
		{name: "Atom without namespaces", page: `<feed>` + atomReview("42", "4", `<content type="text">Schnell und einfach.</content>`) + `</feed>`,
			want: gut("Gut\n\nSchnell und einfach.")},
		{name: "white space and a byte order mark before the page", page: "\ufeff \n" + jsonPage(reviewJSON), want: gut("Gut\n\nSchnell und einfach.")},
		{name: "a long review is cut, not lost", page: jsonPage(strings.Replace(reviewJSON, "Schnell und einfach.", strings.Repeat("ü", 2500), 1)),
			want: gut("Gut\n\n" + strings.Repeat("ü", feed.MaxCommentLength-6) + "…")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := appstore.Decode(strings.NewReader(tt.page), appstore.Options{})
			if err != nil {
				t.Fatalf("Decode(%q) = %v", tt.page, err)
			}
			checkReviews(t, b, tt.want)
			var skipped []string
			for _, s := range b.Skipped {
				skipped = append(skipped, s.String())
			}
			if !reflect.DeepEqual(skipped, tt.skipped) {
				t.Errorf("skipped = %q, want %q", skipped, tt.skipped)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, page, want string
	}{
		{"empty", "", "empty page"},
		{"neither JSON nor XML", "Service Unavailable", `the page starts with 'S': neither the JSON nor the Atom`},
		{"broken JSON", `{"feed":{"entry":[`, "invalid JSON"},
		{"no feed", `{"results":[]}`, "feed: missing: not a customer reviews feed"},
		{"entry of the wrong type", jsonPage(`"x"`), "feed.entry: a JSON string where the feed has"},
		{"a rating that is no number", jsonPage("[" + appJSON + "," + strings.Replace(reviewJSON, `{"label":"4"}`, `{"label":"vier"}`, 1) + "]"),
			`feed.entry[1].im:rating.label: "vier" is not a whole number`},
		{"a bad time", jsonPage(strings.Replace(reviewJSON, "2026-03-30T12:00:00-07:00", "30.03.2026", 1)),
			`feed.entry[0].updated.label: "30.03.2026" is no RFC 3339 time`},
		{"no time", jsonPage(strings.Replace(reviewJSON, `"updated":{"label":"2026-03-30T12:00:00-07:00"},`, "", 1)),
			"feed.entry[0].updated.label: empty"},
		{"no id", jsonPage(strings.Replace(reviewJSON, `"id":{"label":"42"},`, "", 1)), "feed.entry[0].id.label: empty"},
		{"Atom: a rating that is no number", atomPage(atomReview("42", "4.5", "")), `feed/entry[0]/im:rating: "4.5" is not a whole number`},
		{"broken XML", `<feed><entry>`, "invalid XML"},
		{"an HTML error page", `<html><body>Not found</body></html>`, "html: not an Atom feed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := appstore.Decode(strings.NewReader(tt.page), appstore.Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Decode(%q) = %v, want an error containing %q", tt.page, err, tt.want)
			}
			if len(b.Items) != 0 || len(b.Skipped) != 0 {
				t.Errorf("Decode returned %d answers and %d skipped with its error; want nothing", len(b.Items), len(b.Skipped))
			}
		})
	}
	_, err := appstore.Decode(strings.NewReader(jsonPage(strings.Replace(reviewJSON, `{"label":"4"}`, `{"label":"x"}`, 1))), appstore.Options{})
	var fe *appstore.FieldError
	if !errors.As(err, &fe) || fe.Path != "feed.entry[0].im:rating.label" {
		t.Errorf("Decode error = %#v, want a *FieldError at feed.entry[0].im:rating.label", err)
	}
}
