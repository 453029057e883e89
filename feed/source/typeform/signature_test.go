package typeform_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed/source/typeform"
)

func TestVerifySignature(t *testing.T) {
	t.Parallel()
	body := []byte(`{"event_id":"LtWXD3crgy","event_type":"form_response"}`)
	// Computed apart from this package: base64(HMAC-SHA256("abc123", body)).
	const good = "sha256=fQ0Tf/AAVUZy1Bdk1is5tXMLH2Il2Qj36lezGX2eN6s="
	tests := []struct {
		name   string
		body   []byte
		header string
		secret string
		want   string // a part of the error; "" for none
	}{
		{"good", body, good, "abc123", ""},
		{"good, with spaces around", body, " " + good + " ", "abc123", ""},
		{"missing header", body, "", "abc123", "no Typeform-Signature header"},
		{"no prefix", body, strings.TrimPrefix(good, "sha256="), "abc123", "does not start with sha256="},
		{"another algorithm", body, "sha1=" + strings.TrimPrefix(good, "sha256="), "abc123", "does not start with sha256="},
		{"not base64", body, "sha256=%%%", "abc123", "is not base64"},
		{"wrong secret", body, good, "abc124", "does not match the body"},
		{"changed body", append([]byte(" "), body...), good, "abc123", "does not match the body"},
		{"hex instead of base64", body, "sha256=7d0d137ff000554672d41764d62b39b5730b1f6225d908f7ea57b3197d9e37ab", "abc123", "holds 48 bytes, not the 32 of an HMAC-SHA256"},
		{"no secret configured", body, good, "", "no secret is configured"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := typeform.VerifySignature(tt.body, tt.header, tt.secret)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("VerifySignature(%q, %q) = %v, want nil", tt.body, tt.header, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("VerifySignature(%q, %q) = %v, want an error with %q", tt.body, tt.header, err, tt.want)
			case tt.want != "" && !errors.Is(err, typeform.ErrSignature):
				t.Errorf("VerifySignature(%q, %q) = %v, want it to wrap ErrSignature", tt.body, tt.header, err)
			}
		})
	}
}

func TestSignRoundTrip(t *testing.T) {
	t.Parallel()
	for i, body := range deliveries(t) {
		if err := typeform.VerifySignature(body, typeform.Sign(body, "s3cret"), "s3cret"); err != nil {
			t.Errorf("delivery %d: VerifySignature(Sign) = %v", i, err)
		}
	}
}
