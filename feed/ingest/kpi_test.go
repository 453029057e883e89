package ingest_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/ingest"
)

func TestDecodeKPIs(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	good, err := ingest.DecodeKPIs([]byte(`[{"name":"Wartezeit Hotline","value":2.4,"unit":"min","better":"down","at":"2026-11-24T11:00:00+01:00"},{"name":"Erstlösungsquote","value":78}]`), now)
	if err != nil || len(good) != 2 || good[0].At != now.Add(-2*time.Hour) || !good[1].At.Equal(now) || good[0].Better != "down" {
		t.Fatalf("DecodeKPIs = %+v, %v", good, err)
	}
	for _, tt := range []struct{ body, field, reason string }{
		{`{"value":1}`, "name", "required"},
		{`{"name":"x"}`, "value", "required"},
		{`{"name":"a\u0007b","value":1}`, "name", "control character"},
		{`{"name":"x","value":1,"unit":"m\u001bin"}`, "unit", "control character"},
		{`{"name":"x","value":1,"better":"sideways"}`, "better", "not up or down"},
		{`{"name":"x","value":1,"at":"gestern"}`, "at", "RFC 3339"},
		{`{"name":"x","value":1,"at":"2027-01-01T00:00:00Z"}`, "at", "future"},
		{`{"name":"` + strings.Repeat("x", 101) + `","value":1}`, "name", "longer than 100"},
	} {
		_, err := ingest.DecodeKPIs([]byte(tt.body), now)
		var fe *feed.FieldError
		if !errors.As(err, &fe) || fe.Field != tt.field || !strings.Contains(fe.Reason, tt.reason) {
			t.Errorf("DecodeKPIs(%s) = %v, want %s: …%s…", tt.body, err, tt.field, tt.reason)
		}
	}
	if _, err := ingest.DecodeKPIs([]byte(`{"name":`), now); !errors.Is(err, ingest.ErrMalformed) {
		t.Errorf("malformed JSON: %v, want ErrMalformed", err)
	}
}

func TestLanguageIsATag(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	_, err := ingest.DecodeFeedback([]byte(`{"id":"1","score":9,"language":"`+strings.Repeat("de", 20)+`"}`), "survey", feed.ScaleNPS, now)
	var fe *feed.FieldError
	if !errors.As(err, &fe) || fe.Field != "language" {
		t.Errorf("a 40-byte language: %v, want an error naming language", err)
	}
}
