package source_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed/source"
)

func TestJSONError(t *testing.T) {
	t.Parallel()
	type review struct {
		Stars int `json:"stars"`
	}
	type page struct {
		Reviews []review `json:"reviews"`
	}
	tests := []struct {
		name, in, prefix string
		path, reason     string // of the *FieldError; "" for none
		want             string // of the error
	}{
		{name: "a field of the wrong type", in: `{"reviews":{}}`, path: "reviews",
			reason: "a JSON object where the API has []source_test.review"},
		{name: "below the prefix", in: `{"reviews":[{"stars":"4"}]}`, prefix: "page[1]", path: "page[1].reviews.stars",
			reason: "a JSON string where the API has int"},
		{name: "the whole value, with a prefix", in: `[]`, prefix: "reviews[0]", path: "reviews[0]",
			reason: "a JSON array where the API has source_test.page"},
		{name: "the whole document", in: `[]`, path: "(response)",
			reason: "a JSON array where the API has source_test.page"},
		{name: "bad syntax", in: `{"reviews":[`, want: "invalid JSON"},
		{name: "bad syntax at a byte", in: `{"reviews":x}`, want: "invalid JSON at byte 12: invalid character 'x'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var p page
			decodeErr := json.Unmarshal([]byte(tt.in), &p)
			if decodeErr == nil {
				t.Fatalf("json.Unmarshal(%q) = nil, want an error to describe", tt.in)
			}
			err := source.JSONError(decodeErr, tt.prefix, "the API")
			var fe *source.FieldError
			isField := errors.As(err, &fe)
			switch {
			case tt.path != "" && (!isField || fe.Path != tt.path || fe.Reason != tt.reason):
				t.Errorf("JSONError(%v, %q) = %#v, want a *FieldError{%q, %q}", decodeErr, tt.prefix, err, tt.path, tt.reason)
			case tt.path == "" && isField:
				t.Errorf("JSONError(%v, %q) = %#v, want no *FieldError", decodeErr, tt.prefix, err)
			case tt.path == "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("JSONError(%v, %q) = %v, want an error containing %q", decodeErr, tt.prefix, err, tt.want)
			}
		})
	}
	t.Run("a field error reads as path: reason", func(t *testing.T) {
		t.Parallel()
		err := &source.FieldError{Path: "feed.entry[1].id.label", Reason: "empty"}
		if got, want := err.Error(), "feed.entry[1].id.label: empty"; got != want {
			t.Errorf("Error() = %q, want %q", got, want)
		}
	})
}

func TestBaseURL(t *testing.T) {
	t.Parallel()
	const def = "https://tool.example"
	tests := []struct {
		raw, want string
	}{
		{"", def},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"https://proxy.example/", "https://proxy.example"},
	}
	for _, tt := range tests {
		if got, err := source.BaseURL(tt.raw, def); err != nil || got != tt.want {
			t.Errorf("BaseURL(%q) = %q, %v; want %q", tt.raw, got, err, tt.want)
		}
	}
	for _, raw := range []string{
		"proxy.example", "ftp://proxy.example", "https://", "https://proxy.example/api",
		"https://proxy.example?x=1", "https://proxy.example#x", "https://user:pw@proxy.example", "https://proxy.example:bad",
	} {
		_, err := source.BaseURL(raw, def)
		want := `base URL "` + raw + `": want only a scheme and host, such as ` + def
		if err == nil || err.Error() != want {
			t.Errorf("BaseURL(%q) = %v, want %q", raw, err, want)
		}
	}
}
