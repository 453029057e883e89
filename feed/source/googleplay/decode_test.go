package googleplay_test

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
	"github.com/cxtv/cxtv/feed/source/googleplay"
)

func readFile(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// review is what a test expects of one stored review.
type review struct {
	id      string
	stars   int
	comment string
	lang    string
	at      time.Time
}

const idPrefix = "gp:AOqpTOH0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

// fixtureReviews are the ten reviews of the fixtures' two pages.
var fixtureReviews = []review{
	{idPrefix + "a1", 5, "Super Kantinen-App\n\nSpeiseplan immer aktuell, Bestellung in Sekunden.", "de", time.Unix(1775023965, 123000000)},
	{idPrefix + "a2", 2, "Crashes on login\n\nSince the last update the app crashes every time I log in.\nPlease fix!", "en", time.Unix(1775014802, 0)},
	{idPrefix + "a3", 4, "Die Allergene fehlen bei manchen Gerichten.", "de", time.Unix(1774998310, 500000000)},
	{idPrefix + "a4", 1, "Nie wieder\n\nEssen kalt,\tApp zeigt falsche Preise.", "de", time.Unix(1774958400, 0)},
	{idPrefix + "a5", 3, "Nur Text ohne Titel, trotzdem okay.", "de", time.Unix(1774895400, 0)},
	{idPrefix + "a6", 5, "Love the new dark mode", "en-GB", time.Unix(1774858500, 0)},
	{idPrefix + "a7", 4, "Praktisch\n\nVorbestellen spart mir jeden Tag zehn Minuten.", "de", time.Unix(1774778400, 0)},
	{idPrefix + "a8", 2, "Too slow\n\nLoading the menu takes forever on mobile data.", "en", time.Unix(1774688400, 0)},
	{idPrefix + "a9", 5, "Top\n\nEndlich sehe ich vorher, ob es vegetarisch gibt.", "de", time.Unix(1774621200, 0)},
	{idPrefix + "10", 3, "Mittelmaß\n\nFunktioniert, aber das Design ist altbacken.", "de", time.Unix(1774511100, 0)},
}

func checkReviews(t *testing.T, b source.Batch, want []review) {
	t.Helper()
	if len(b.Items) != len(want) {
		t.Fatalf("%d answers, want %d: %+v", len(b.Items), len(want), b.Items)
	}
	for i, w := range want {
		at := w.at.UTC()
		wantF := feed.Feedback{ID: w.id + source.StarsSuffix, Source: googleplay.DefaultSource, Scale: feed.ScaleStars, Score: w.stars,
			Comment: w.comment, Language: w.lang, CreatedAt: at, UpdatedAt: at}
		if f := b.Items[i]; f != wantF {
			t.Errorf("answer %d:\n got %+v\nwant %+v", i, f, wantF)
		}
		if err := b.Items[i].Validate(); err != nil {
			t.Errorf("answer %d: %v", i, err)
		}
	}
}

func TestDecodeFixtures(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		file string
		want []review
	}{
		{"reviews-page1.json", fixtureReviews[:6]},
		{"reviews-page2.json", fixtureReviews[6:]},
	} {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			b, err := googleplay.Decode(strings.NewReader(string(readFile(t, tt.file))), googleplay.Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkReviews(t, b, tt.want)
			if len(b.Skipped) != 0 {
				t.Errorf("skipped = %v, want none", b.Skipped)
			}
		})
	}
}

// TestDecodeDropsPersonalData checks the reviewers' names, devices and the
// developer's replies of the fixtures against every text the answers keep.
func TestDecodeDropsPersonalData(t *testing.T) {
	t.Parallel()
	personal := []string{"Anna Schmidt", "Ben Miller", "Jonas Weber", "Lea Fischer", "Mia Keller", "Tom Becker", "Karl-Heinz Müller", "Sarah Jones", "Eva Lang", "Peter Hoffmann",
		"a52q", "OnePlus8", "Pixel", "Snapdragon", "Danke, Anna", "Bitte melden Sie sich"}
	for _, name := range []string{"reviews-page1.json", "reviews-page2.json"} {
		data := string(readFile(t, name))
		if !strings.Contains(data, `"authorName"`) {
			t.Fatalf("%s carries no reviewer names to drop", name)
		}
		b, err := googleplay.Decode(strings.NewReader(data), googleplay.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range b.Items {
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

// page is a reviews.list response holding reviews (JSON objects).
func page(reviews ...string) string {
	return `{"reviews":[` + strings.Join(reviews, ",") + `]}`
}

// userReview is a review with one user comment whose fields are the JSON
// members given.
func userReview(id, userComment string) string {
	return `{"reviewId":"` + id + `","authorName":"Max Mustermann","comments":[{"userComment":{` + userComment + `}}]}`
}

const okComment = `"text":"Gut\tSchnell und einfach.","lastModified":{"seconds":"1774872000","nanos":0},"starRating":4,"reviewerLanguage":"de"`

// TestDecodeQuirks has a case per documented quirk of the API.
func TestDecodeQuirks(t *testing.T) {
	t.Parallel()
	at := time.Unix(1774872000, 0)
	gut := func(comment string) []review { return []review{{"r1", 4, comment, "de", at}} }
	with := func(old, new string) string { return page(userReview("r1", strings.Replace(okComment, old, new, 1))) }
	tests := []struct {
		name    string
		page    string
		want    []review
		skipped []string
	}{
		{name: "title and body split on the first tab", page: with("Gut\\tSchnell und einfach.", "Gut\\tSchnell\\tund einfach."), want: gut("Gut\n\nSchnell\tund einfach.")},
		{name: "no tab: all body", page: with("Gut\\tSchnell und einfach.", "Schnell und einfach."), want: gut("Schnell und einfach.")},
		{name: "an empty title", page: with("Gut\\tSchnell", "\\tSchnell"), want: gut("Schnell und einfach.")},
		{name: "an empty body", page: with("Gut\\tSchnell und einfach.", "Gut\\t "), want: gut("Gut")},
		{name: "seconds as a number, nanos kept", page: with(`{"seconds":"1774872000","nanos":0}`, `{"seconds":1774872000,"nanos":250}`),
			want: []review{{"r1", 4, "Gut\n\nSchnell und einfach.", "de", at.Add(250)}}},
		{name: "reviewerLanguage with an underscore", page: with(`"reviewerLanguage":"de"`, `"reviewerLanguage":"de_AT"`),
			want: []review{{"r1", 4, "Gut\n\nSchnell und einfach.", "de-AT", at}}},
		{name: "no reviewerLanguage", page: with(`,"reviewerLanguage":"de"`, ``), want: []review{{"r1", 4, "Gut\n\nSchnell und einfach.", "", at}}},
		{name: "the developer's reply after the user comment", page: page(`{"reviewId":"r1","comments":[{"userComment":{` + okComment + `}},{"developerComment":{"text":"Danke!","lastModified":{"seconds":"1774875600"}}}]}`),
			want: gut("Gut\n\nSchnell und einfach.")},
		{name: "no user comment", page: page(`{"reviewId":"r1","comments":[]}`, `{"reviewId":"r2","comments":[{"developerComment":{"text":"?"}}]}`),
			skipped: []string{"r1: no user comment", "r2: no user comment"}},
		{name: "no star rating", page: with(`"starRating":4`, `"starRating":0`), skipped: []string{`r1: response "r1": no score`}},
		{name: "no reviews", page: `{}`},
		{name: "a long review is cut, not lost", page: with("Schnell und einfach.", strings.Repeat("ö", 2500)),
			want: gut("Gut\n\n" + strings.Repeat("ö", feed.MaxCommentLength-6) + "…")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := googleplay.Decode(strings.NewReader(tt.page), googleplay.Options{})
			if err != nil {
				t.Fatalf("Decode(%q) = %v", tt.page, err)
			}
			checkReviews(t, b, tt.want)
			var skipped []string
			for _, s := range b.Skipped {
				skipped = append(skipped, s.String())
			}
			if len(skipped) != len(tt.skipped) {
				t.Fatalf("skipped = %q, want %q", skipped, tt.skipped)
			}
			for i := range skipped {
				if !strings.HasPrefix(skipped[i], tt.skipped[i]) {
					t.Errorf("skipped[%d] = %q, want %q…", i, skipped[i], tt.skipped[i])
				}
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	ok := userReview("r0", okComment)
	with := func(old, new string) string {
		return page(ok, userReview("r1", strings.Replace(okComment, old, new, 1)))
	}
	tests := []struct {
		name, page, want string
	}{
		{"empty", "", "invalid JSON"},
		{"an HTML error page", "<html>502</html>", "invalid JSON"},
		{"reviews not a list", `{"reviews":{}}`, "reviews: a JSON object where the API has"},
		{"a star rating that is a string", with(`"starRating":4`, `"starRating":"4"`), "reviews[1].comments.userComment.starRating: a JSON string where the API has int"},
		{"no review id", page(userReview("", okComment)), "reviews[0].reviewId: empty"},
		{"seconds that are no number", with(`"seconds":"1774872000"`, `"seconds":"gestern"`), `reviews[1].comments[0].userComment.lastModified.seconds: "gestern" is not a number of seconds`},
		{"seconds missing", with(`"seconds":"1774872000",`, ``), "reviews[1].comments[0].userComment.lastModified.seconds: missing"},
		{"nanos out of range", with(`"nanos":0`, `"nanos":1000000000`), "reviews[1].comments[0].userComment.lastModified.nanos: 1000000000 is outside"},
		{"no lastModified", with(`"lastModified":{"seconds":"1774872000","nanos":0},`, ``), "reviews[1].comments[0].userComment.lastModified: missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := googleplay.Decode(strings.NewReader(tt.page), googleplay.Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Decode(%q) = %v, want an error containing %q", tt.page, err, tt.want)
			}
			if !reflect.DeepEqual(b, source.Batch{}) {
				t.Errorf("Decode returned %d answers and %d skipped with its error; want nothing", len(b.Items), len(b.Skipped))
			}
		})
	}
	_, err := googleplay.Decode(strings.NewReader(page(userReview("", okComment))), googleplay.Options{})
	var fe *googleplay.FieldError
	if !errors.As(err, &fe) || fe.Path != "reviews[0].reviewId" {
		t.Errorf("Decode error = %#v, want a *FieldError at reviews[0].reviewId", err)
	}
}
