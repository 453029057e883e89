package ingest_test

import (
	"encoding/json"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/ingest"
)

// FuzzDecodeFeedback: no panic, and what is accepted validates and survives
// a round trip through JSON unchanged.
func FuzzDecodeFeedback(f *testing.F) {
	for _, seed := range []string{
		`{"id":"1","score":9,"comment":"Super"}`,
		`[{"id":"1","score":0},{"id":"2","scale":"stars","score":5,"created_at":"2026-11-01T10:00:00+01:00"}]`,
		`{"id":"a","score":3,"comment":"Zeile\nZwei","touchpoint":"Filiale","language":"de"}`,
		`[]`, `{`, `"x"`, `[{"id":"","score":-1}]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		items, err := ingest.DecodeFeedback(body, "survey", feed.ScaleNPS, now)
		if err != nil {
			return
		}
		for i, it := range items {
			if err := it.Validate(); err != nil {
				t.Fatalf("accepted item %d does not validate: %v", i, err)
			}
		}
		again, err := json.Marshal(items)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ingest.DecodeFeedback(again, "survey", feed.ScaleNPS, now)
		if err != nil {
			t.Fatalf("re-encoded %s does not decode: %v", again, err)
		}
		for i := range items {
			if back[i] != items[i] {
				t.Fatalf("round trip changed item %d: %+v → %+v", i, items[i], back[i])
			}
		}
	})
}

// FuzzDecodeKPIs: no panic, and accepted values are named and finite.
func FuzzDecodeKPIs(f *testing.F) {
	f.Add([]byte(`{"name":"Wartezeit","value":42.5,"unit":"s","better":"down"}`))
	f.Add([]byte(`[{"name":"Quote","value":81,"at":"2026-11-20T10:00:00Z"}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		kpis, err := ingest.DecodeKPIs(body, now)
		if err != nil {
			return
		}
		for _, k := range kpis {
			if k.Name == "" || k.At.IsZero() {
				t.Fatalf("accepted %+v without name or time", k)
			}
		}
	})
}
