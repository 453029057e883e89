package surveymonkey_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed/source/surveymonkey"
)

func TestVerifySignature(t *testing.T) {
	t.Parallel()
	body := []byte(`{"event_id":"123456789","event_type":"response_completed"}`)
	// Computed apart from this package: base64(HMAC-SHA1("key&secret", body)).
	const good = "ADliOiEgg+vipPRApvATAia+8tQ="
	tests := []struct {
		name        string
		body        []byte
		header      string
		key, secret string
		want        string // a part of the error; "" for none
	}{
		{"good", body, good, "key", "secret", ""},
		{"missing header", body, "", "key", "secret", "no Sm-Signature header"},
		{"not base64", body, "not base64!", "key", "secret", "is not base64"},
		{"a SHA-256 signature", body, "fQ0Tf/AAVUZy1Bdk1is5tXMLH2Il2Qj36lezGX2eN6s=", "key", "secret", "holds 32 bytes, not the 20 of an HMAC-SHA1"},
		{"key and secret swapped", body, good, "secret", "key", "does not match the body"},
		{"secret alone as the key", body, good, "", "secret", "no api_key and api_secret"},
		{"changed body", []byte(strings.Replace(string(body), "completed", "updated", 1)), good, "key", "secret", "does not match the body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := surveymonkey.VerifySignature(tt.body, tt.header, tt.key, tt.secret)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("VerifySignature(%q, %q) = %v, want nil", tt.body, tt.header, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("VerifySignature(%q, %q) = %v, want an error with %q", tt.body, tt.header, err, tt.want)
			case tt.want != "" && !errors.Is(err, surveymonkey.ErrSignature):
				t.Errorf("VerifySignature(%q, %q) = %v, want it to wrap ErrSignature", tt.body, tt.header, err)
			}
		})
	}
	for i, ev := range fixtureEvents(t) {
		if err := surveymonkey.VerifySignature(ev, surveymonkey.Sign(ev, "k", "s"), "k", "s"); err != nil {
			t.Errorf("event %d: VerifySignature(Sign) = %v", i, err)
		}
	}
}
