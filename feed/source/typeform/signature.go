package typeform

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/cxtv/cxtv/feed/source"
)

// SignatureHeader is the header Typeform signs a delivery in.
const SignatureHeader = "Typeform-Signature"

// ErrSignature is wrapped by every error of VerifySignature: the server
// answers 401 and stores nothing.
var ErrSignature = errors.New("typeform signature check failed")

// VerifySignature checks header, the Typeform-Signature of a delivery,
// against body as received: "sha256=" and the base64 of the HMAC-SHA256 of
// body keyed with the webhook's secret, as Typeform's "Secure your
// webhooks" page describes. The comparison takes the same time wherever
// the signatures differ.
func VerifySignature(body []byte, header, secret string) error {
	if secret == "" {
		return fmt.Errorf("%w: no secret is configured for the source", ErrSignature)
	}
	header = strings.TrimSpace(header)
	if header == "" {
		return fmt.Errorf("%w: no %s header; set the same secret on the Typeform webhook", ErrSignature, SignatureHeader)
	}
	encoded, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return fmt.Errorf("%w: %s %q does not start with sha256=", ErrSignature, SignatureHeader, source.Short(header))
	}
	got, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return fmt.Errorf("%w: %s is not base64: %v", ErrSignature, SignatureHeader, err)
	}
	if len(got) != sha256.Size {
		return fmt.Errorf("%w: %s holds %d bytes, not the %d of an HMAC-SHA256", ErrSignature, SignatureHeader, len(got), sha256.Size)
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return fmt.Errorf("%w: %s does not match the body (is the webhook's secret the source's?)", ErrSignature, SignatureHeader)
	}
	return nil
}

// Sign returns the Typeform-Signature of body for secret, for tests and
// tools that post deliveries as Typeform does.
func Sign(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
