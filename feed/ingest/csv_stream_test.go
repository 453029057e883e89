package ingest_test

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/ingest"
)

// streamCSV collects what StreamCSV emits, chunk by chunk, checking each
// chunk's size.
func streamCSV(tb testing.TB, r io.Reader, o ingest.CSVOptions, size int) ([][]feed.Feedback, error) {
	tb.Helper()
	var chunks [][]feed.Feedback
	err := ingest.StreamCSV(r, o, func(items []feed.Feedback) error {
		if len(items) == 0 || len(items) > size {
			tb.Errorf("StreamCSV emitted %d answers, want 1 to %d", len(items), size)
		}
		chunks = append(chunks, items)
		return nil
	})
	return chunks, err
}

// csvRows is a cxtv export of n answers, the bad one (if bad > 0) with a
// score that is no number.
func csvRows(n, bad int) string {
	var b strings.Builder
	b.WriteString("id;score;comment\n")
	for i := 1; i <= n; i++ {
		score := fmt.Sprint(i % 11)
		if i == bad {
			score = "neun"
		}
		fmt.Fprintf(&b, "%d;%s;Kommentar %d\n", i, score, i)
	}
	return b.String()
}

// Not parallel: SetChunk.
func TestStreamCSVChunks(t *testing.T) {
	const size = 3
	ingest.SetChunk(t, size)
	for _, tc := range []struct {
		name string
		file func(tb testing.TB) io.Reader
		opts ingest.CSVOptions
	}{
		{"de_survey.csv", func(tb testing.TB) io.Reader { return openFixture(tb, "de_survey.csv") }, ingest.CSVOptions{Source: "survey", Now: now}},
		{"en_survey.csv", func(tb testing.TB) io.Reader { return openFixture(tb, "en_survey.csv") },
			ingest.CSVOptions{Source: "survey", Now: now, Decimal: ".", TimeZone: "Europe/London"}},
		{"stars.csv", func(tb testing.TB) io.Reader { return openFixture(tb, "stars.csv") },
			ingest.CSVOptions{Source: "reviews", Scale: feed.ScaleStars, Now: now, Columns: map[string]string{"id": "Review ID"}}},
		{"mapped.csv", func(tb testing.TB) io.Reader { return openFixture(tb, "mapped.csv") }, ingest.CSVOptions{Source: "survey", Now: now,
			DateFormat: "02.01.2006 15:04:05", Columns: map[string]string{"id": "Ticket", "score": "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"}}},
		{"10 rows", func(testing.TB) io.Reader { return strings.NewReader(csvRows(10, 0)) }, ingest.CSVOptions{Source: "survey", Now: now}},
		{"9 rows, a full last chunk", func(testing.TB) io.Reader { return strings.NewReader(csvRows(9, 0)) }, ingest.CSVOptions{Source: "survey", Now: now}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := ingest.DecodeCSV(tc.file(t), tc.opts)
			if err != nil || len(want) == 0 {
				t.Fatalf("DecodeCSV(%s) = %d answers, %v", tc.name, len(want), err)
			}
			chunks, err := streamCSV(t, tc.file(t), tc.opts, size)
			if err != nil {
				t.Fatalf("StreamCSV(%s) = %v", tc.name, err)
			}
			if n := (len(want) + size - 1) / size; len(chunks) != n {
				t.Errorf("StreamCSV(%s) emitted %d chunks, want %d", tc.name, len(chunks), n)
			}
			if got := slices.Concat(chunks...); !slices.Equal(got, want) {
				t.Errorf("StreamCSV(%s) emitted\n %+v, DecodeCSV gives\n %+v", tc.name, got, want)
			}
		})
	}
}

// Not parallel: SetChunk.
func TestStreamCSVEmitError(t *testing.T) {
	ingest.SetChunk(t, 3)
	stop := errors.New("disk full")
	calls := 0
	err := ingest.StreamCSV(strings.NewReader(csvRows(10, 0)), ingest.CSVOptions{Source: "survey", Now: now}, func([]feed.Feedback) error {
		calls++
		if calls == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Errorf("StreamCSV with emit failing on chunk 2 = %v after %d calls, want %v after 2", err, calls, stop)
	}
}

// A bad row after the first chunk fails the stream as it fails DecodeCSV,
// after the answers before it were emitted.
//
// Not parallel: SetChunk.
func TestStreamCSVLateRowError(t *testing.T) {
	ingest.SetChunk(t, 3)
	file := csvRows(10, 8) // row 9 of the sheet
	o := ingest.CSVOptions{Source: "survey", Now: now}
	items, want := ingest.DecodeCSV(strings.NewReader(file), o)
	var re *ingest.RowError
	if items != nil || !errors.As(want, &re) || re.Row != 9 {
		t.Fatalf("DecodeCSV(bad row 9) = %d answers, %v; want nil, a RowError of row 9", len(items), want)
	}
	chunks, err := streamCSV(t, strings.NewReader(file), o, 3)
	if err == nil || err.Error() != want.Error() || !errors.As(err, &re) {
		t.Errorf("StreamCSV(bad row 9) = %v, want %v", err, want)
	}
	if got := slices.Concat(chunks...); len(chunks) != 2 || len(got) != 6 || got[5].ID != "6" {
		t.Errorf("StreamCSV(bad row 9) emitted %d chunks, %+v; want two full chunks, answers 1 to 6", len(chunks), got)
	}
}

// Not parallel: SetChunk.
func TestStreamCSVErrors(t *testing.T) {
	ingest.SetChunk(t, 3)
	for _, tc := range []struct {
		name, file string
		want       error
	}{
		{"no header", "\n\n", ingest.ErrEmpty},
		{"UTF-16", "\xff\xfei\x00d\x00", ingest.ErrUTF16},
	} {
		called := false
		err := ingest.StreamCSV(strings.NewReader(tc.file), ingest.CSVOptions{Source: "survey", Now: now}, func([]feed.Feedback) error {
			called = true
			return nil
		})
		if !errors.Is(err, tc.want) || called {
			t.Errorf("StreamCSV(%s) = %v, emit called: %v; want %v, not called", tc.name, err, called, tc.want)
		}
	}
}
