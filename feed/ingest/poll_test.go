package ingest_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/ingest"
)

// A shop's review API: answers under data.reviews, with its own names.
const shopJSON = `{
  "meta": {"page": 1, "total": 4},
  "data": {"reviews": [
    {"uuid": "r-1001", "rating": 5, "text": "Lieferung kam einen Tag früher als angekündigt – super!",
     "date": "2026-11-20T09:15:00+01:00", "branch": {"name": "Webshop"}, "lang": "de-DE",
     "reviewer": {"name": "Jürgen Weiß", "email": "j.weiss@example.de"}},
    {"uuid": "r-1002", "rating": "4/5", "text": "Good value, but the app keeps logging me out.",
     "date": "2026-11-21 18:02:11", "lang": "en"},
    {"uuid": "r-1003", "rating": null, "text": "Bewertung fehlt"},
    {"uuid": 1004, "rating": "FOUR", "text": "  Freundliche   Beratung\r\n\r\nin der Filiale.  ", "date": 1763890000}
  ]}
}`

func shopSource() ingest.PollOptions {
	return ingest.PollOptions{Source: "shop", Scale: feed.ScaleStars,
		Format: "json", Items: "data.reviews",
		Fields: map[string]string{"id": "uuid", "score": "rating", "comment": "text", "created_at": "date",
			"touchpoint": "branch.name", "language": "lang"},
		Touchpoint: "Online",
	}
}

func TestDecodePolledJSON(t *testing.T) {
	got, err := ingest.DecodePolledJSON([]byte(shopJSON), shopSource(), now)
	if err != nil {
		t.Fatalf("DecodePolledJSON = %v", err)
	}
	want := []feed.Feedback{
		{ID: "r-1001", Source: "shop", Scale: feed.ScaleStars, Score: 5, Comment: "Lieferung kam einen Tag früher als angekündigt – super!",
			Touchpoint: "Webshop", Language: "de", CreatedAt: time.Date(2026, 11, 20, 8, 15, 0, 0, time.UTC)},
		{ID: "r-1002", Source: "shop", Scale: feed.ScaleStars, Score: 4, Comment: "Good value, but the app keeps logging me out.",
			Touchpoint: "Online", Language: "en", CreatedAt: time.Date(2026, 11, 21, 18, 2, 11, 0, time.UTC)},
		{ID: "1004", Source: "shop", Scale: feed.ScaleStars, Score: 4, Comment: "Freundliche Beratung\nin der Filiale.",
			Touchpoint: "Online", CreatedAt: time.Unix(1763890000, 0).UTC()},
	}
	if len(got.Items) != len(want) {
		t.Fatalf("DecodePolledJSON items = %+v, want %+v", got.Items, want)
	}
	for i := range want {
		if got.Items[i] != want[i] {
			t.Errorf("item %d = %+v, want %+v", i, got.Items[i], want[i])
		}
	}
	if len(got.Skipped) != 1 || got.Skipped[0].Index != 2 || got.Skipped[0].ID != "r-1003" || got.Skipped[0].Field != "score" {
		t.Errorf("skipped = %+v, want item 2 (r-1003) for its score", got.Skipped)
	}
	for _, it := range got.Items {
		if strings.Contains(it.Comment, "Weiß") || strings.Contains(it.Comment, "example.de") {
			t.Errorf("item %s carries the reviewer: %q", it.ID, it.Comment)
		}
	}
}

func TestDecodePolledJSONDefaults(t *testing.T) {
	// Without a mapping, the document is the array and fields have their
	// own names, as in POST /api/v1/feedback.
	src := ingest.PollOptions{Source: "survey", Scale: feed.ScaleNPS}
	got, err := ingest.DecodePolledJSON([]byte(`[{"id":"a","score":9,"comment":"Top"},{"id":"b","score":"7","scale":"nps"}]`), src, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 2 || got.Items[0].Score != 9 || got.Items[1].Score != 7 || !got.Items[0].CreatedAt.Equal(now) {
		t.Errorf("DecodePolledJSON = %+v", got)
	}
}

func TestDecodePolledJSONSkips(t *testing.T) {
	tests := []struct {
		name, item, field, reason string
	}{
		{"no id", `{"rating":4}`, "id", "is missing"},
		{"object id", `{"uuid":{"x":1},"rating":4}`, "id", "is an object"},
		{"no score", `{"uuid":"a"}`, "score", "is missing"},
		{"half star", `{"uuid":"a","rating":4.5}`, "score", "not a whole number"},
		{"wrong scale fraction", `{"uuid":"a","rating":"8/10"}`, "score", "out of 10"},
		{"out of range", `{"uuid":"a","rating":6}`, "score", "outside 1–5"},
		{"words", `{"uuid":"a","rating":"sehr gut"}`, "score", "not a score"},
		{"bad scale", `{"uuid":"a","rating":4,"scale":"csat"}`, "scale", "unknown scale"},
		{"bad date", `{"uuid":"a","rating":4,"date":"gestern"}`, "created_at", "not a date"},
		{"future", `{"uuid":"a","rating":4,"date":"2027-01-01T00:00:00Z"}`, "created_at", "in the future"},
		{"before 1970", `{"uuid":"a","rating":4,"date":-100}`, "created_at", "before 1970"},
		{"not an object", `"r-1"`, "", "a string, not an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"data":{"reviews":[` + tt.item + `,{"uuid":"ok","rating":3}]}}`
			got, err := ingest.DecodePolledJSON([]byte(body), shopSource(), now)
			if err != nil {
				t.Fatalf("DecodePolledJSON(%s) = %v, want the item skipped", body, err)
			}
			if len(got.Items) != 1 || got.Items[0].ID != "ok" {
				t.Errorf("DecodePolledJSON(%s) items = %+v, want only the good one", body, got.Items)
			}
			if len(got.Skipped) != 1 {
				t.Fatalf("DecodePolledJSON(%s) skipped = %+v, want one", body, got.Skipped)
			}
			s := got.Skipped[0]
			if s.Index != 0 || s.Field != tt.field || !strings.Contains(s.Reason, tt.reason) {
				t.Errorf("DecodePolledJSON(%s) skipped = %v, want item 0, %s: …%s…", body, s, tt.field, tt.reason)
			}
		})
	}
}

func TestDecodePolledJSONMalformed(t *testing.T) {
	tests := []struct {
		name, items, body, want string
	}{
		{"not json", "data.reviews", `{"data": {"reviews": [`, "unexpected EOF"},
		{"html error page", "data.reviews", `<html><body>Service Unavailable</body></html>`, "invalid character '<'"},
		{"wrong path", "data.reviews", `{"data": {"items": []}}`, `data has no "reviews" (its keys: items)`},
		{"object at top", "", `{"reviews": []}`, "set poll.items to the path of its array (its keys: reviews)"},
		{"not an array", "data", `{"data": {"reviews": []}}`, `poll.items "data" is an object, not an array`},
		{"trailing data", "", `[] []`, "more data after the document"},
		{"latin-1", "", "[{\"id\":\"1\",\"score\":4,\"comment\":\"sch\xf6n\"}]", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := shopSource()
			src.Items = tt.items
			_, err := ingest.DecodePolledJSON([]byte(tt.body), src, now)
			if !errors.Is(err, ingest.ErrMalformed) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("DecodePolledJSON(%q) = %v, want ErrMalformed mentioning %q", tt.body, err, tt.want)
			}
		})
	}
	got, err := ingest.DecodePolledJSON([]byte(`{"data":{"reviews":[]}}`), shopSource(), now)
	if err != nil || len(got.Items)+len(got.Skipped) != 0 {
		t.Errorf("DecodePolledJSON(no reviews yet) = %+v, %v; want nothing, no error", got, err)
	}
}

func TestPolledIDs(t *testing.T) {
	long := strings.Repeat("x", 300)
	body := `[{"id":"` + long + `","score":4},{"id":"a\u0007b","score":4},{"id":"  r-7  ","score":4}]`
	src := ingest.PollOptions{Source: "s", Scale: feed.ScaleStars}
	first, err := ingest.DecodePolledJSON([]byte(body), src, now)
	if err != nil || len(first.Items) != 3 {
		t.Fatalf("DecodePolledJSON = %+v, %v", first, err)
	}
	again, _ := ingest.DecodePolledJSON([]byte(body), src, now)
	for i, it := range first.Items {
		if it.ID != again.Items[i].ID {
			t.Errorf("id %d changed between fetches: %q, %q", i, it.ID, again.Items[i].ID)
		}
	}
	if id := first.Items[0].ID; !strings.HasPrefix(id, "sha256:") || len(id) > feed.MaxIDLength {
		t.Errorf("long id = %q, want a short hash", id)
	}
	if first.Items[2].ID != "r-7" {
		t.Errorf("id = %q, want r-7", first.Items[2].ID)
	}
}

func TestPolledScorePattern(t *testing.T) {
	src := shopSource()
	src.ScorePattern = `Note: (\d)`
	got, err := ingest.DecodePolledJSON([]byte(`{"data":{"reviews":[{"uuid":"a","rating":"Note: 2 (ausreichend)"},{"uuid":"b","rating":"2"}]}}`), src, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 1 || got.Items[0].Score != 2 {
		t.Errorf("items = %+v, want a with score 2", got.Items)
	}
	if len(got.Skipped) != 1 || !strings.Contains(got.Skipped[0].Reason, "does not match score_pattern") {
		t.Errorf("skipped = %+v, want b for not matching the pattern", got.Skipped)
	}
}

// A review platform's RSS export: the stars in the title, the reviewer in
// dc:creator and in the title.
const reviewsRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Bewertungen – Filiale Nord</title>
  <link>https://reviews.example.com/filiale-nord</link>
  <language>de-de</language>
  <item>
    <title>★★★★☆ Sabine Krüger: Schnelle Hilfe an der Kasse</title>
    <guid isPermaLink="false">rev-88231</guid>
    <link>https://reviews.example.com/r/88231</link>
    <dc:creator>Sabine Krüger</dc:creator>
    <pubDate>Sat, 21 Nov 2026 14:05:00 +0100</pubDate>
    <description><![CDATA[<p>Die Kassiererin hat mir &amp; meiner Mutter <b>sehr</b> geduldig geholfen.</p><p>Danke, sagt Sabine!</p>]]></description>
  </item>
  <item>
    <title>Bewertung 2 von 5</title>
    <link>https://reviews.example.com/r/88240</link>
    <pubDate>Sun, 22 Nov 2026 09:30:00 +0100</pubDate>
    <description>Parkplatz war voll, 20 Minuten gewartet.</description>
  </item>
  <item>
    <title>Danke!</title>
    <guid>rev-88250</guid>
    <description>Ohne Sterne – wird übersprungen.</description>
  </item>
</channel>
</rss>`

func TestDecodePolledRSS(t *testing.T) {
	src := ingest.PollOptions{Source: "google", Scale: feed.ScaleStars,
		Format: "rss", Touchpoint: "Google",
		Fields: map[string]string{"comment": "title+description"},
	}
	d, err := ingest.NewPollDecoder(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.Decode([]byte(reviewsRSS), now)
	if err != nil {
		t.Fatalf("Decode(rss) = %v", err)
	}
	want := []feed.Feedback{
		{ID: "rev-88231", Source: "google", Scale: feed.ScaleStars, Score: 4, Touchpoint: "Google", Language: "de",
			Comment:   "Schnelle Hilfe an der Kasse\nDie Kassiererin hat mir & meiner Mutter sehr geduldig geholfen.\nDanke, sagt …!",
			CreatedAt: time.Date(2026, 11, 21, 13, 5, 0, 0, time.UTC)},
		{ID: "https://reviews.example.com/r/88240", Source: "google", Scale: feed.ScaleStars, Score: 2, Touchpoint: "Google", Language: "de",
			Comment:   "Bewertung\nParkplatz war voll, 20 Minuten gewartet.",
			CreatedAt: time.Date(2026, 11, 22, 8, 30, 0, 0, time.UTC)},
	}
	if len(got.Items) != len(want) {
		t.Fatalf("Decode(rss) items = %+v, want %+v", got.Items, want)
	}
	for i := range want {
		if got.Items[i] != want[i] {
			t.Errorf("item %d = %+v,\nwant %+v", i, got.Items[i], want[i])
		}
	}
	if len(got.Skipped) != 1 || got.Skipped[0].ID != "rev-88250" || got.Skipped[0].Field != "score" {
		t.Errorf("skipped = %+v, want rev-88250 for its score", got.Skipped)
	}
}

// An Atom feed whose entries carry the rating in their own element.
const reviewsAtom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:review="https://schema.example.com/review">
  <title>Customer reviews</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2026-11-23T10:00:00Z</updated>
  <entry>
    <title>Great hotline</title>
    <id>urn:review:5511</id>
    <updated>2026-11-23T09:00:00Z</updated>
    <author><name>Tom Baker</name></author>
    <review:rating value="5">five</review:rating>
    <content type="html">&lt;p&gt;Tom from the hotline solved it in &lt;em&gt;two&lt;/em&gt; minutes.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Late delivery</title>
    <id>urn:review:5512</id>
    <published>2026-11-22T16:45:00Z</published>
    <review:rating value="2"/>
    <summary>Parcel arrived a week late.</summary>
  </entry>
  <entry>
    <title>No rating here</title>
    <id>urn:review:5513</id>
    <updated>2026-11-22T10:00:00Z</updated>
    <summary>Nice.</summary>
  </entry>
</feed>`

func TestDecodePolledAtom(t *testing.T) {
	src := ingest.PollOptions{Source: "trust", Scale: feed.ScaleStars,
		Format: "atom",
		Fields: map[string]string{"score": "review:rating@value"},
	}
	d, err := ingest.NewPollDecoder(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.Decode([]byte(reviewsAtom), now)
	if err != nil {
		t.Fatalf("Decode(atom) = %v", err)
	}
	want := []feed.Feedback{
		{ID: "urn:review:5511", Source: "trust", Scale: feed.ScaleStars, Score: 5,
			Comment: "… from the hotline solved it in two minutes.", CreatedAt: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)},
		{ID: "urn:review:5512", Source: "trust", Scale: feed.ScaleStars, Score: 2,
			Comment: "Parcel arrived a week late.", CreatedAt: time.Date(2026, 11, 22, 16, 45, 0, 0, time.UTC)},
	}
	if len(got.Items) != len(want) {
		t.Fatalf("Decode(atom) items = %+v, want %+v", got.Items, want)
	}
	for i := range want {
		if got.Items[i] != want[i] {
			t.Errorf("item %d = %+v,\nwant %+v", i, got.Items[i], want[i])
		}
	}
	if len(got.Skipped) != 1 || got.Skipped[0].ID != "urn:review:5513" || !strings.Contains(got.Skipped[0].Reason, "<review:rating@value>") {
		t.Errorf("skipped = %+v, want 5513 for its missing rating element", got.Skipped)
	}
}

func TestDecodePolledFeedErrors(t *testing.T) {
	d, err := ingest.NewPollDecoder(ingest.PollOptions{Source: "r", Scale: feed.ScaleStars, Format: "feed"})
	if err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{`{"reviews": []}`, `<html><body>Wartungsarbeiten</body></html>`, `<rss version="2.0"><channel><item><title>x`} {
		if _, err := d.Decode([]byte(body), now); !errors.Is(err, ingest.ErrMalformedFeed) {
			t.Errorf("Decode(%q) = %v, want ErrMalformedFeed", body, err)
		}
	}
}

func TestPolledScoreInText(t *testing.T) {
	tests := []struct {
		title string
		scale feed.Scale
		want  int // 0: skipped
	}{
		{"★★★☆☆", feed.ScaleStars, 3},
		{"⭐⭐⭐⭐⭐ Perfekt", feed.ScaleStars, 5},
		{"Rated 4 out of 5", feed.ScaleStars, 4},
		{"4,0 von 5 Sternen", feed.ScaleStars, 4},
		{"Lieferung am 24/11, 1/5", feed.ScaleStars, 1},
		{"5-star review", feed.ScaleStars, 5},
		{"Weiterempfehlung 9/10", feed.ScaleNPS, 9},
		{"Alles bestens", feed.ScaleStars, 0},
		{"★★★★★", feed.ScaleNPS, 0},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			body := `<rss version="2.0"><channel><item><guid>g</guid><title>` + tt.title + `</title></item></channel></rss>`
			d, err := ingest.NewPollDecoder(ingest.PollOptions{Source: "r", Scale: tt.scale, Format: "rss"})
			if err != nil {
				t.Fatal(err)
			}
			got, err := d.Decode([]byte(body), now)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.want == 0 && len(got.Items) != 0:
				t.Errorf("title %q: items = %+v, want it skipped", tt.title, got.Items)
			case tt.want != 0 && (len(got.Items) != 1 || got.Items[0].Score != tt.want):
				t.Errorf("title %q: items = %+v (skipped %v), want score %d", tt.title, got.Items, got.Skipped, tt.want)
			}
		})
	}
}

func TestPolledCommentTruncated(t *testing.T) {
	long := strings.Repeat("Sehr lecker und freundlich. ", 100)
	got, err := ingest.DecodePolledJSON([]byte(`[{"id":"a","score":9,"comment":"`+long+`"}]`),
		ingest.PollOptions{Source: "s", Scale: feed.ScaleNPS}, now)
	if err != nil || len(got.Items) != 1 {
		t.Fatalf("DecodePolledJSON = %+v, %v; want the long comment cut, not refused", got, err)
	}
	c := got.Items[0].Comment
	if n := len([]rune(c)); n > feed.MaxCommentLength || !strings.HasSuffix(c, "…") || strings.HasSuffix(c, " …") {
		t.Errorf("comment of %d characters ends %q; want at most %d, cut at a word with …", n, c[len(c)-20:], feed.MaxCommentLength)
	}
}
