package surveymonkey

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// SignatureHeader is the header SurveyMonkey signs a callback in; Sm-Apikey
// beside it names the app.
const SignatureHeader = "Sm-Signature"

// ErrSignature is wrapped by every error of VerifySignature: the server
// answers 401 and fetches nothing.
var ErrSignature = errors.New("surveymonkey signature check failed")

// VerifySignature checks header, the Sm-Signature of a callback, against
// body as received: the base64 of the HMAC-SHA1 of body keyed with
// apiKey + "&" + apiSecret, as the "Webhook Callbacks" section of
// SurveyMonkey's API documentation computes it (apiKey is the app's API
// key, or its client id where it has none). The comparison takes the same
// time wherever the signatures differ.
func VerifySignature(body []byte, header, apiKey, apiSecret string) error {
	if apiKey == "" || apiSecret == "" {
		return fmt.Errorf("%w: the source has no api_key and api_secret", ErrSignature)
	}
	header = strings.TrimSpace(header)
	if header == "" {
		return fmt.Errorf("%w: no %s header", ErrSignature, SignatureHeader)
	}
	got, err := base64.StdEncoding.DecodeString(header)
	if err != nil {
		return fmt.Errorf("%w: %s is not base64: %v", ErrSignature, SignatureHeader, err)
	}
	if len(got) != sha1.Size {
		return fmt.Errorf("%w: %s holds %d bytes, not the %d of an HMAC-SHA1", ErrSignature, SignatureHeader, len(got), sha1.Size)
	}
	if !hmac.Equal(got, mac(body, apiKey, apiSecret)) {
		return fmt.Errorf("%w: %s does not match the body (are api_key and api_secret the app's?)", ErrSignature, SignatureHeader)
	}
	return nil
}

// Sign returns the Sm-Signature of body, for tests and tools that post
// callbacks as SurveyMonkey does.
func Sign(body []byte, apiKey, apiSecret string) string {
	return base64.StdEncoding.EncodeToString(mac(body, apiKey, apiSecret))
}

func mac(body []byte, apiKey, apiSecret string) []byte {
	m := hmac.New(sha1.New, []byte(apiKey+"&"+apiSecret))
	m.Write(body)
	return m.Sum(nil)
}
