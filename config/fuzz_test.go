package config_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/config"
)

// Any config file either loads or gives errors that each name the file;
// none panics.
func FuzzParseFeed(f *testing.F) {
	ex, err := os.ReadFile("feed.example.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ex)
	f.Add([]byte("listen: [\nchannels: {a: 1}\n"))
	f.Add([]byte("sources:\n  - {name: x, token: t, scale: stars}\nchannels:\n  - {name: c, display_token: d, sources: [x], schedule: {hours: [{days: [mon-sun], from: \"25:00\", to: x}]}}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := config.ParseFeed(bytes.NewReader(b), "fuzz.yaml", noEnv)
		checkParsed(t, c != nil, err)
	})
}

func FuzzParseDisplay(f *testing.F) {
	ex, err := os.ReadFile("display.example.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ex)
	f.Add([]byte("server: ftp://x\nchannel: Canteen!\nrotation: 45\npixel_shift_every: -1h\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := config.ParseDisplay(bytes.NewReader(b), "fuzz.yaml", noEnv)
		checkParsed(t, c != nil, err)
	})
}

func checkParsed(t *testing.T, ok bool, err error) {
	t.Helper()
	if (err == nil) != ok {
		t.Fatalf("config = %v, error %v: want exactly one", ok, err)
	}
	if err == nil {
		return
	}
	list := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	}
	for _, e := range list {
		if !strings.HasPrefix(e.Error(), "fuzz.yaml: ") {
			t.Fatalf("error %q does not name the file", e)
		}
	}
}
