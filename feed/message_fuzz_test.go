package feed_test

import (
	"bytes"
	"testing"

	"github.com/cxtv/cxtv/feed"
)

// What screens send the server, and the server the screens: any bytes
// either decode to a message that encodes and decodes back the same, or
// give an error; none panics.
func FuzzDecodeMessage(f *testing.F) {
	for _, s := range []string{
		`{"v":1,"type":"heartbeat","heartbeat":{"device":"kantine-1","version":"1.2.0","slide":"nps","revision":"ab12","cached_at":"2026-12-03T08:00:00Z","online":true,"started_at":"2026-12-01T06:00:00Z"}}`,
		`{"v":1,"type":"snapshot","snapshot":{"channel":"canteen","title":"Stimme","revision":"r1","comments":[{"id":"a","text":"Gut","scale":"nps","score":9}]}}`,
		`{"v":1,"type":"screenshot"}`,
		`{"v":99,"type":"heartbeat"}`,
		`{"v":1,"type":"snapshot"}`,
		`[]`, `null`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := feed.DecodeMessage(b)
		if err != nil {
			return
		}
		if m.V < 1 || m.V > feed.ProtocolVersion {
			t.Fatalf("decoded version %d outside 1..%d", m.V, feed.ProtocolVersion)
		}
		enc, err := feed.EncodeMessage(m)
		if err != nil {
			t.Fatalf("EncodeMessage(decoded %q) = %v", b, err)
		}
		back, err := feed.DecodeMessage(enc)
		if err != nil {
			t.Fatalf("DecodeMessage(EncodeMessage(m)) = %v for %q", err, enc)
		}
		again, _ := feed.EncodeMessage(back)
		if !bytes.Equal(enc, again) {
			t.Fatalf("round trip changed the message:\n%s\n%s", enc, again)
		}
	})
}
