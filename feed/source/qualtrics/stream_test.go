package qualtrics_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/source/qualtrics"
	"github.com/cxtv/cxtv/feed/source/sourcetest"
)

func openFile(tb testing.TB, name string) io.Reader {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// stream is Stream of r with o, in the form sourcetest takes.
func stream(r io.Reader, o qualtrics.Options) func(emit func(source.Batch) error) error {
	return func(emit func(source.Batch) error) error { return qualtrics.Stream(r, o, emit) }
}

// Not parallel: SetChunk.
func TestStreamFixtures(t *testing.T) {
	const size = 3
	qualtrics.SetChunk(t, size)
	for _, name := range []string{"choicetext.csv", "numeric.csv"} {
		t.Run(name, func(t *testing.T) {
			want := decodeFile(t, name, fixtureOptions(t))
			if len(want.Items) <= size || len(want.Skipped) == 0 {
				t.Fatalf("Decode(%s) = %d answers, %d skipped; want more than %d answers and some skipped", name, len(want.Items), len(want.Skipped), size)
			}
			batches, err := sourcetest.Streamed(t, size, stream(openFile(t, name), fixtureOptions(t)))
			if err != nil {
				t.Fatalf("Stream(%s) = %v", name, err)
			}
			if len(batches) < 2 {
				t.Errorf("Stream(%s) emitted %d batches, want several", name, len(batches))
			}
			if got := sourcetest.Concat(batches); !reflect.DeepEqual(got, want) {
				t.Errorf("Stream(%s) emitted\n %+v, Decode gives\n %+v", name, got, want)
			}
			sourcetest.CheckEmitError(t, stream(openFile(t, name), fixtureOptions(t)))
		})
	}
}

// A bad cell after the first batch fails the stream as it fails Decode,
// after the answers before it were emitted.
//
// Not parallel: SetChunk.
func TestStreamLateRowError(t *testing.T) {
	qualtrics.SetChunk(t, 3)
	rows := []row{{"ResponseId": "R_1"}, {"ResponseId": "R_2"}, {"ResponseId": "R_3"}, {"ResponseId": "R_4"}, {"ResponseId": "R_5", "Q1": "x"}}
	file := export(base, rows...)
	b, want := qualtrics.Decode(strings.NewReader(file), qualtrics.Options{})
	var re *qualtrics.RowError
	if !errors.As(want, &re) || re.Row != 8 || len(b.Items) != 0 {
		t.Fatalf("Decode(bad row 8) = %d answers, %v; want none and a RowError of row 8", len(b.Items), want)
	}
	batches, err := sourcetest.Streamed(t, 3, stream(strings.NewReader(file), qualtrics.Options{}))
	if err == nil || err.Error() != want.Error() || !errors.As(err, &re) {
		t.Errorf("Stream(bad row 8) = %v, want %v", err, want)
	}
	if got := sourcetest.Concat(batches); len(batches) != 1 || len(got.Items) != 3 || got.Items[2].ID != "R_3" {
		t.Errorf("Stream(bad row 8) emitted %d batches, %+v; want one of R_1 to R_3", len(batches), got.Items)
	}
}
