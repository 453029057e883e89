package health_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/cxtv/cxtv/feed/health"
)

func TestBoard(t *testing.T) {
	at := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	b := health.New(func() time.Time { return at })
	b.SetSources([]health.Source{{"mail", "delighted"}, {"ios", "appstore"}})

	b.Record("mail", health.Result{Via: "webhook", New: 2, Duplicates: 1})
	at = at.Add(time.Minute)
	b.Record("mail", health.Result{Via: "webhook", Err: errors.New("signature: does not match")})
	b.Record("ios", health.Result{Via: "pull", Skipped: 3, SkipReason: "no rating"})
	b.Record("gone", health.Result{Via: "webhook", New: 1}) // not configured: ignored

	got := b.Statuses()
	if len(got) != 2 || got[0].Source != "mail" || got[1].Source != "ios" {
		t.Fatalf("Statuses = %+v, want mail, ios in config order", got)
	}
	mail := got[0]
	if mail.OK || mail.Stored != 2 || mail.Duplicates != 1 || mail.Rejected != 1 ||
		mail.LastError != "webhook: signature: does not match" || !mail.LastErrorAt.Equal(at) ||
		!mail.LastSuccess.Equal(at.Add(-time.Minute)) || mail.Type != "delighted" {
		t.Errorf("mail = %+v", mail)
	}
	if ios := got[1]; ios.OK || ios.Skipped != 3 || ios.Rejected != 0 || !strings.Contains(ios.LastError, "every item was left out (3); the first: no rating") {
		t.Errorf("ios = %+v, want failing: every item skipped", ios)
	}
	if f := b.Failing(); len(f) != 2 {
		t.Errorf("Failing = %+v, want both", f)
	}

	// The next good delivery makes a source OK again; its history stays.
	b.Record("mail", health.Result{Via: "webhook", Updated: 1})
	if st := b.Statuses()[0]; !st.OK || st.Updated != 1 || st.LastError == "" {
		t.Errorf("mail after a good delivery = %+v, want OK, keeping the last error", st)
	}

	if got := gauges(t, b, "cxtv_source_failing"); got != "ios=1 mail=0" {
		t.Errorf("cxtv_source_failing = %s, want ios=1 mail=0", got)
	}
	if got := gauges(t, b, "cxtv_source_answers_total"); got != "duplicate/mail=1 new/mail=2 skipped/ios=3 updated/mail=1" {
		t.Errorf("cxtv_source_answers_total = %s", got)
	}

	// A delivery that leaves its one response out is ordinary; SkipRun of
	// them in a row are not.
	for i := range health.SkipRun {
		if st := b.Statuses()[0]; !st.OK {
			t.Fatalf("mail after %d skipped deliveries = %+v, want still OK", i, st)
		}
		b.Record("mail", health.Result{Via: "webhook", Skipped: 1, SkipReason: "r-9: no score (neither NPS nor stars answered)"})
	}
	if st := b.Statuses()[0]; st.OK || !strings.Contains(st.LastError, "the last 10 deliveries were all left out; the last: r-9") || st.Skipped != 10 {
		t.Errorf("mail after %d skipped deliveries = %+v, want failing", health.SkipRun, st)
	}
	b.Record("mail", health.Result{Via: "webhook", New: 1})

	// A reload that removes a source forgets it, metrics included.
	b.SetSources([]health.Source{{"mail", "delighted"}})
	if got := b.Statuses(); len(got) != 1 || got[0].Stored != 3 {
		t.Errorf("after the reload = %+v, want mail with its history", got)
	}
	if got := gauges(t, b, "cxtv_source_failing"); got != "mail=0" {
		t.Errorf("cxtv_source_failing after the reload = %s, want mail=0", got)
	}
}

// gauges lists the series of the metric name as label values=value,
// sorted the way the registry gathers them.
func gauges(t *testing.T, b *health.Board, name string) string {
	t.Helper()
	reg := prometheus.NewRegistry()
	reg.MustRegister(b.Collectors()...)
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, l.GetValue())
			}
			v := m.GetGauge().GetValue() + m.GetCounter().GetValue()
			out = append(out, fmt.Sprintf("%s=%g", strings.Join(labels, "/"), v))
		}
	}
	return strings.Join(out, " ")
}
