package store

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// decodeFeedback reads what encoding/json wrote exactly as encoding/json
// would, whatever the text holds.
func TestDecodeFeedbackMatchesEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"Suppe", " ", "ä", "ß", "€", "\"", "\\", "\n", "\t", "\u2028", "\x00", "\x1f", "<b>", "&", "😀",
		"\xff", "\u202e", "日本", "'", "/", "\r\n", "e-mail: a@b.de", "{", "}", "[", "]", ":", ","}
	text := func() string {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	zones := []*time.Location{time.UTC, time.FixedZone("", 3600), time.FixedZone("", -5*3600-1800)}
	for i := range 5000 {
		f := feed.Feedback{ID: text(), Source: text(), Scale: feed.Scale(text()), Score: rng.IntN(21) - 5,
			Comment: text(), Touchpoint: text(), Language: text(),
			CreatedAt: time.Unix(rng.Int64N(4e9), rng.Int64N(1e9)).In(zones[rng.IntN(len(zones))])}
		if rng.IntN(2) == 0 {
			f.UpdatedAt = f.CreatedAt.Add(time.Duration(rng.Int64N(1e15)))
		}
		v, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		var want, got feed.Feedback
		if err := json.Unmarshal(v, &want); err != nil {
			t.Fatal(err)
		}
		if err := decodeFeedback(v, &got); err != nil {
			t.Fatalf("%d: decodeFeedback(%s) = %v", i, v, err)
		}
		for _, tt := range [][2]*time.Time{{&got.CreatedAt, &want.CreatedAt}, {&got.UpdatedAt, &want.UpdatedAt}} {
			_, gotOff := tt[0].Zone()
			_, wantOff := tt[1].Zone()
			if !tt[0].Equal(*tt[1]) || gotOff != wantOff || tt[0].IsZero() != tt[1].IsZero() {
				t.Fatalf("%d: decodeFeedback(%s) time %v, want %v", i, v, *tt[0], *tt[1])
			}
			*tt[0], *tt[1] = time.Time{}, time.Time{} // a zone is a new *Location each decode
		}
		if got != want {
			t.Fatalf("%d: decodeFeedback(%s)\n = %+v\nwant %+v", i, v, got, want)
		}
	}
	// A damaged value is an error, not a half-read answer.
	for _, bad := range []string{`{"id":`, `{"id":"a","score":"x"}`, `[]`, `{"created_at":"gestern"}`} {
		var f feed.Feedback
		if err := decodeFeedback([]byte(bad), &f); err == nil {
			t.Errorf("decodeFeedback(%s) = nil error", bad)
		}
	}
}

func BenchmarkDecodeFeedback(b *testing.B) {
	v, _ := json.Marshal(feed.Feedback{ID: "R_1234567890abcdef", Source: "survey", Scale: feed.ScaleNPS, Score: 9,
		Comment: "Das vegetarische Gericht war heute leider kalt. Bitte mehr vegane Optionen.", Touchpoint: "Ausgabe Nord",
		CreatedAt: time.Now(), Language: "de"})
	b.Run("goccy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var f feed.Feedback
			if err := decodeFeedback(v, &f); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var f feed.Feedback
			if err := json.Unmarshal(v, &f); err != nil {
				b.Fatal(err)
			}
		}
	})
}
