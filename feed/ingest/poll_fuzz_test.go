package ingest_test

import (
	"encoding/json"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/ingest"
)

// FuzzDecodePolledJSON: no panic; what is accepted validates and, encoded
// as POST /api/v1/feedback would take it, decodes to the same answers.
func FuzzDecodePolledJSON(f *testing.F) {
	for _, seed := range []string{
		shopJSON,
		`[{"id":"a","score":9,"comment":"Top"},{"id":"b","score":"7","scale":"nps"}]`,
		`[{"id":1,"score":"★★★★☆","created_at":1763890000123,"language":"de-AT"}]`,
		`[{"id":"x","score":"4 von 5","comment":"Zeile\r\neins\u0007","touchpoint":"Fi\nliale"}]`,
		`[{"id":"","score":4.5}]`,
		`{"data":{"reviews":[1,null,"x",{}]}}`, `[`, `{}`, `[] x`,
	} {
		f.Add([]byte(seed), "")
		f.Add([]byte(seed), "data.reviews")
	}
	f.Fuzz(func(t *testing.T, body []byte, items string) {
		src := ingest.PollOptions{Source: "s", Scale: feed.ScaleStars, Items: items}
		got, err := ingest.DecodePolledJSON(body, src, now)
		if err != nil {
			return
		}
		for i, it := range got.Items {
			if err := it.Validate(); err != nil {
				t.Fatalf("accepted item %d does not validate: %v", i, err)
			}
		}
		if len(got.Items) == 0 {
			return
		}
		again, err := json.Marshal(got.Items)
		if err != nil {
			t.Fatal(err)
		}
		src.Items = ""
		back, err := ingest.DecodePolledJSON(again, src, now)
		if err != nil {
			t.Fatalf("re-encoded %s does not decode: %v", again, err)
		}
		if len(back.Items) != len(got.Items) {
			t.Fatalf("re-encoded %s: %d items, skipped %v; want %d", again, len(back.Items), back.Skipped, len(got.Items))
		}
		for i := range got.Items {
			if back.Items[i] != got.Items[i] {
				t.Fatalf("round trip changed item %d: %+v → %+v", i, got.Items[i], back.Items[i])
			}
		}
	})
}

// FuzzDecodePolledFeed: no panic on any RSS or Atom document, and what is
// accepted validates.
func FuzzDecodePolledFeed(f *testing.F) {
	f.Add([]byte(reviewsRSS), "", "title+description")
	f.Add([]byte(reviewsAtom), "review:rating@value", "content")
	f.Add([]byte(`<rss version="2.0"><channel><item><guid>g</guid><title>★★</title><description>&lt;script&gt;x&lt;/script&gt;</description></item></channel></rss>`), "", "")
	f.Fuzz(func(t *testing.T, body []byte, score, comment string) {
		if !validExt(score) || !validParts(comment) {
			return
		}
		d, err := ingest.NewPollDecoder(ingest.PollOptions{Source: "r", Scale: feed.ScaleStars,
			Format: "feed", Fields: map[string]string{"score": score, "comment": comment}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := d.Decode(body, now)
		if err != nil {
			return
		}
		for i, it := range got.Items {
			if err := it.Validate(); err != nil {
				t.Fatalf("accepted item %d does not validate: %v", i, err)
			}
		}
	})
}

// validExt and validParts keep the fuzzer to mappings the config accepts.
func validExt(s string) bool {
	return s == "" || s == "rating" || s == "review:rating@value" || s == "g:rating"
}

func validParts(s string) bool {
	switch s {
	case "", "title", "description", "content", "title+description", "title+content":
		return true
	}
	return false
}
