package ingest_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/ingest"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func TestDecodeFeedback(t *testing.T) {
	items, err := ingest.DecodeFeedback([]byte(`{"id":"1","score":9,"comment":"Super","email":"x@y.de","author":"Max"}`), "survey", feed.ScaleNPS, now)
	if err != nil {
		t.Fatal(err)
	}
	want := feed.Feedback{ID: "1", Source: "survey", Scale: feed.ScaleNPS, Score: 9, Comment: "Super", CreatedAt: now}
	if len(items) != 1 || items[0] != want {
		t.Errorf("DecodeFeedback(object) = %+v, want [%+v]", items, want)
	}
	items, err = ingest.DecodeFeedback([]byte(` [{"id":"1","score":0},{"id":"2","scale":"stars","score":5,"created_at":"2026-11-01T10:00:00+01:00"}]`), "reviews", feed.ScaleNPS, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[1].Scale != feed.ScaleStars || !items[1].CreatedAt.Equal(time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("DecodeFeedback(array) = %+v", items)
	}
	items, err = ingest.DecodeFeedback([]byte(`{"id":"1","score":9,"comment":"Nachgereicht","created_at":"2026-11-01T10:00:00Z","updated_at":"2026-11-02T08:30:00+01:00"}`), "survey", feed.ScaleNPS, now)
	if err != nil || len(items) != 1 || !items[0].UpdatedAt.Equal(time.Date(2026, 11, 2, 7, 30, 0, 0, time.UTC)) {
		t.Errorf("DecodeFeedback(updated_at) = %+v, %v", items, err)
	}
}

func TestDecodeFeedbackErrors(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		malformed bool
		index     int
		field     string
	}{
		{"not json", `{"id":`, true, -1, ""},
		{"wrong shape", `"hello"`, true, -1, ""},
		{"empty array", `[]`, true, -1, ""},
		{"missing id", `{"score":5}`, false, -1, "id"},
		{"missing score", `{"id":"a"}`, false, -1, "score"},
		{"score too high", `[{"id":"a","score":5},{"id":"b","score":11}]`, false, 1, "score"},
		{"stars zero", `[{"id":"a","scale":"stars","score":0}]`, false, 0, "score"},
		{"unknown scale", `{"id":"a","scale":"csat","score":3}`, false, -1, "scale"},
		{"bad time", `{"id":"a","score":3,"created_at":"24.11.2026"}`, false, -1, "created_at"},
		{"future", `{"id":"a","score":3,"created_at":"2026-11-24T12:10:00Z"}`, false, -1, "created_at"},
		{"bad update time", `{"id":"a","score":3,"updated_at":"gestern"}`, false, -1, "updated_at"},
		{"future update", `{"id":"a","score":3,"updated_at":"2026-11-24T12:10:00Z"}`, false, -1, "updated_at"},
		{"invalid utf-8", "{\"id\":\"a\",\"score\":3,\"comment\":\"gut \xff\"}", true, -1, ""},
		{"control character", `{"id":"a","score":3,"comment":"gut\u0007"}`, false, -1, "comment"},
		{"control in id", `{"id":"a\u0000b","score":3}`, false, -1, "id"},
		{"comment too long", `[{"id":"a","score":3,"comment":"` + strings.Repeat("ä", 2001) + `"}]`, false, 0, "comment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ingest.DecodeFeedback([]byte(tt.body), "survey", feed.ScaleNPS, now)
			if err == nil {
				t.Fatalf("DecodeFeedback(%q) = nil error", tt.body)
			}
			if got := errors.Is(err, ingest.ErrMalformed); got != tt.malformed {
				t.Errorf("DecodeFeedback(%q) malformed = %v, want %v (%v)", tt.body, got, tt.malformed, err)
			}
			if tt.field == "" {
				return
			}
			var fe *feed.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field || fe.Index != tt.index {
				t.Errorf("DecodeFeedback(%q) = %v, want a field error at index %d, field %s", tt.body, err, tt.index, tt.field)
			}
		})
	}
}

func TestDecodeFeedbackAllowsLineBreaksAndSkew(t *testing.T) {
	body := `{"id":"a","score":3,"comment":"Zeile 1\nZeile 2\tmit Tab","created_at":"2026-11-24T12:04:00Z"}`
	if _, err := ingest.DecodeFeedback([]byte(body), "s", feed.ScaleNPS, now); err != nil {
		t.Errorf("DecodeFeedback(%q) = %v, want line breaks, tabs and 4 minutes of clock skew accepted", body, err)
	}
}

func TestDecodeFeedbackBatchLimit(t *testing.T) {
	body := "[" + strings.Repeat(`{"id":"a","score":1},`, ingest.MaxBatch) + `{"id":"b","score":1}]`
	if _, err := ingest.DecodeFeedback([]byte(body), "s", feed.ScaleNPS, now); err == nil || !strings.Contains(err.Error(), "at most 1000") {
		t.Errorf("DecodeFeedback(%d items) = %v, want a batch-size error", ingest.MaxBatch+1, err)
	}
}

func TestDemoRebasesToNow(t *testing.T) {
	data := []byte(`[{"id":"1","source":"survey","scale":"nps","score":9,"created_at":"2026-01-10T10:00:00Z"},
	{"id":"2","source":"reviews","scale":"stars","score":4,"created_at":"2026-01-03T10:00:00Z"}]`)
	items, err := ingest.Demo(data, now)
	if err != nil {
		t.Fatal(err)
	}
	if !items[0].CreatedAt.Equal(now) || !items[1].CreatedAt.Equal(now.Add(-7*24*time.Hour)) || items[1].Source != "reviews" {
		t.Errorf("Demo = %+v, want the newest at now and the other a week before, sources kept", items)
	}
}
