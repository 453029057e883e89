package curate_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed/curate"
)

// privacyCase is one line of testdata/privacy/cases.jsonl: a comment, its
// kind, and the pieces that identify a person (none for a harmless one).
type privacyCase struct {
	Text string   `json:"text"`
	Kind string   `json:"kind"`
	PII  []string `json:"pii"`
	Lang string   `json:"lang"`
}

func privacyCases(tb testing.TB) []privacyCase {
	tb.Helper()
	f, err := os.Open("testdata/privacy/cases.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []privacyCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c privacyCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			tb.Fatalf("cases.jsonl:%d: %v", n, err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestPrivacyRecall runs the Redactor over the labelled fixture: per kind,
// the share of comments with personal data from which every piece is gone
// (recall, at least 98 %), and the share of harmless comments it changed
// (false positives, at most 2 %).
func TestPrivacyRecall(t *testing.T) {
	r, err := curate.NewRedactor(nil)
	if err != nil {
		t.Fatal(err)
	}
	type tally struct{ n, ok int }
	kinds := map[string]*tally{}
	var personal, harmless tally
	for _, c := range privacyCases(t) {
		out, _ := r.Redact(c.Text)
		k := kinds[c.Kind]
		if k == nil {
			k = &tally{}
			kinds[c.Kind] = k
		}
		k.n++
		if len(c.PII) == 0 {
			harmless.n++
			if out == c.Text {
				k.ok++
				harmless.ok++
			} else {
				t.Logf("false positive (%s): %q → %q", c.Kind, c.Text, out)
			}
			continue
		}
		personal.n++
		left := slices.ContainsFunc(c.PII, func(p string) bool { return strings.Contains(out, p) })
		if !left {
			k.ok++
			personal.ok++
		} else {
			t.Logf("missed (%s): %q → %q", c.Kind, c.Text, out)
		}
	}
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	slices.Sort(names)
	var report strings.Builder
	for _, name := range names {
		k := kinds[name]
		what := "recall"
		if strings.HasPrefix(name, "harmless") {
			what = "left intact"
		}
		fmt.Fprintf(&report, "  %-22s %3d/%-3d %5.1f %% %s\n", name, k.ok, k.n, 100*float64(k.ok)/float64(k.n), what)
	}
	recall := float64(personal.ok) / float64(personal.n)
	fp := 1 - float64(harmless.ok)/float64(harmless.n)
	t.Logf("recall %.1f %% of %d, false positives %.1f %% of %d\n%s", 100*recall, personal.n, 100*fp, harmless.n, report.String())
	if personal.n < 200 || harmless.n < 200 {
		t.Errorf("the fixture has %d personal and %d harmless cases; want at least 200 each", personal.n, harmless.n)
	}
	for _, name := range names {
		k := kinds[name]
		share := float64(k.ok) / float64(k.n)
		switch {
		case strings.HasPrefix(name, "harmless") && 1-share > 0.02:
			t.Errorf("%s: %.1f %% false positives, want at most 2 %%", name, 100*(1-share))
		case !strings.HasPrefix(name, "harmless") && share < 0.98:
			t.Errorf("%s: recall %.1f %%, want at least 98 %%", name, 100*share)
		}
	}
}
