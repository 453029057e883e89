package aggregate_test

import (
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/aggregate"
)

// FuzzCompute checks what must hold for any answers: the groups add up to
// the responses, scores stay on their scale, and input order does not matter.
func FuzzCompute(f *testing.F) {
	f.Add(uint8(0), []byte{})
	f.Add(uint8(1), []byte{0x14, 1, 0, 10, 0x03, 2, 0x10, 0, 0x15, 0, 0, 0})
	f.Add(uint8(3), []byte{0x00, 3, 0xff, 0xff, 0x0b, 0, 0x00, 0x05, 0x16, 1, 0x02, 0x00, 0x17, 2, 0x03, 0xe8})
	f.Fuzz(func(t *testing.T, minAnswers uint8, data []byte) {
		items := fuzzItems(data)
		o := aggregate.Options{MinAnswers: int(minAnswers)}
		r := aggregate.Compute(items, now, o)
		least := int(minAnswers)
		if least == 0 {
			least = aggregate.DefaultMinAnswers
		}

		if s := r.NPS; s != nil {
			if s.Promoters+s.Passives+s.Detractors != s.Responses {
				t.Errorf("Compute(...).NPS promoters+passives+detractors = %d+%d+%d, want Responses %d",
					s.Promoters, s.Passives, s.Detractors, s.Responses)
			}
			checkNPSScore(t, "NPS.Score", s.Score)
			if s.Meaningful != (s.Responses >= least) {
				t.Errorf("Compute(...).NPS.Meaningful = %v with %d responses, want %v", s.Meaningful, s.Responses, !s.Meaningful)
			}
			if s.Previous != nil {
				checkNPSScore(t, "NPS.Previous", *s.Previous)
			}
			sum := 0
			for _, tp := range s.ByTouchpoint {
				checkNPSScore(t, "NPS.ByTouchpoint["+tp.Touchpoint+"].Score", tp.Score)
				sum += tp.Responses
			}
			if sum > s.Responses {
				t.Errorf("Compute(...).NPS.ByTouchpoint responses add up to %d, want ≤ Responses %d", sum, s.Responses)
			}
			if !slices.IsSortedFunc(s.ByTouchpoint, func(a, b feed.TouchpointNPS) int { return b.Responses - a.Responses }) {
				t.Errorf("Compute(...).NPS.ByTouchpoint = %+v, want most answers first", s.ByTouchpoint)
			}
		}
		if s := r.Stars; s != nil {
			if got := s.Counts[0] + s.Counts[1] + s.Counts[2] + s.Counts[3] + s.Counts[4]; got != s.Responses {
				t.Errorf("Compute(...).Stars.Counts add up to %d, want Responses %d", got, s.Responses)
			}
			if s.Responses > 0 && (s.Average < 1 || s.Average > 5) {
				t.Errorf("Compute(...).Stars.Average = %v, want within [1, 5]", s.Average)
			}
		}
		if len(r.Trend) != aggregate.DefaultTrendWeeks {
			t.Errorf("len(Compute(...).Trend) = %d, want %d", len(r.Trend), aggregate.DefaultTrendWeeks)
		}
		for i, p := range r.Trend {
			if p.NPS != nil {
				checkNPSScore(t, "Trend.NPS", *p.NPS)
			}
			if p.Stars != nil && (*p.Stars < 1 || *p.Stars > 5) {
				t.Errorf("Compute(...).Trend[%d].Stars = %v, want within [1, 5]", i, *p.Stars)
			}
			if (p.NPS != nil || p.Stars != nil) != (p.Responses > 0) {
				t.Errorf("Compute(...).Trend[%d] = %+v: scores and responses disagree", i, p)
			}
		}
		if _, err := json.Marshal(r); err != nil {
			t.Errorf("json.Marshal(Compute(...)) = %v, want no error", err)
		}

		reversed := slices.Clone(items)
		slices.Reverse(reversed)
		if r2 := aggregate.Compute(reversed, now, o); !reflect.DeepEqual(r, r2) {
			t.Errorf("Compute(reversed) = %+v, want %+v as for the original order", r2, r)
		}
	})
}

func checkNPSScore(tb testing.TB, field string, score float64) {
	tb.Helper()
	if score < -100 || score > 100 {
		tb.Errorf("Compute(...).%s = %v, want within [−100, 100]", field, score)
	}
}

// fuzzItems makes one answer of every 4 bytes: scale and score (some off
// the scale), touchpoint, and age in hours (up to ~7 years, some in the future).
func fuzzItems(data []byte) []feed.Feedback {
	touchpoints := []string{"", "App", "Hotline", "Filiale"}
	var items []feed.Feedback
	for ; len(data) >= 4; data = data[4:] {
		f := feed.Feedback{Scale: feed.ScaleNPS, Touchpoint: touchpoints[data[1]%4]}
		if data[0]&1 == 1 {
			f.Scale = feed.ScaleStars
		}
		f.Score = int(data[0]>>1)%13 - 1 // −1…11
		hours := int(binary.BigEndian.Uint16(data[2:])) - 1000
		f.CreatedAt = now.Add(-time.Duration(hours) * time.Hour)
		items = append(items, f)
	}
	return items
}

func TestComputeInputOrder(t *testing.T) {
	t.Parallel()
	items := benchItems(5_000)
	want := aggregate.Compute(items, now, aggregate.Options{})
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 5 {
		rng.Shuffle(len(items), func(a, b int) { items[a], items[b] = items[b], items[a] })
		if got := aggregate.Compute(items, now, aggregate.Options{}); !reflect.DeepEqual(got, want) {
			t.Errorf("Compute(shuffle %d) = %+v, want %+v", i, got, want)
		}
	}
}
