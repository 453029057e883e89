package googleforms_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/source/googleforms"
	"github.com/cxtv/cxtv/feed/source/sourcetest"
)

// stream is Stream of r with o, in the form sourcetest takes.
func stream(r io.Reader, o googleforms.Options) func(emit func(source.Batch) error) error {
	return func(emit func(source.Batch) error) error { return googleforms.Stream(r, o, emit) }
}

// Not parallel: SetChunk.
func TestStreamFixtures(t *testing.T) {
	const size = 3
	googleforms.SetChunk(t, size)
	for name, columns := range fixtures {
		t.Run(name, func(t *testing.T) {
			want := decodeFile(t, name)
			if len(want.Items) <= size || len(want.Skipped) == 0 {
				t.Fatalf("Decode(%s) = %d answers, %d skipped; want more than %d answers and some skipped", name, len(want.Items), len(want.Skipped), size)
			}
			file := func() io.Reader {
				f, err := os.Open(filepath.Join("testdata", name))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { f.Close() })
				return f
			}
			o := googleforms.Options{Columns: columns, TimeZone: berlin(t)}
			batches, err := sourcetest.Streamed(t, size, stream(file(), o))
			if err != nil {
				t.Fatalf("Stream(%s) = %v", name, err)
			}
			if len(batches) < 2 {
				t.Errorf("Stream(%s) emitted %d batches, want several", name, len(batches))
			}
			if got := sourcetest.Concat(batches); !reflect.DeepEqual(got, want) {
				t.Errorf("Stream(%s) emitted\n %+v, Decode gives\n %+v", name, got, want)
			}
			sourcetest.CheckEmitError(t, stream(file(), o))
		})
	}
}

// A bad cell after the first batch fails the stream as it fails Decode,
// after the answers before it were emitted.
//
// Not parallel: SetChunk.
func TestStreamLateRowError(t *testing.T) {
	googleforms.SetChunk(t, 3)
	ok := func(score string) []string { return []string{"3/30/2026 12:00:00", "", score, "", ""} }
	file := sheet(header, ok("1"), ok("2"), ok("3"), ok("4"), ok("neun"))
	o := googleforms.Options{Columns: cols, TimeZone: berlin(t)}
	b, want := googleforms.Decode(strings.NewReader(file), o)
	var re *googleforms.RowError
	if !errors.As(want, &re) || re.Row != 6 || len(b.Items) != 0 {
		t.Fatalf("Decode(bad row 6) = %d answers, %v; want none and a RowError of row 6", len(b.Items), want)
	}
	batches, err := sourcetest.Streamed(t, 3, stream(strings.NewReader(file), o))
	if err == nil || err.Error() != want.Error() || !errors.As(err, &re) {
		t.Errorf("Stream(bad row 6) = %v, want %v", err, want)
	}
	if got := sourcetest.Concat(batches); len(batches) != 1 || len(got.Items) != 3 || got.Items[2].Score != 3 {
		t.Errorf("Stream(bad row 6) emitted %d batches, %+v; want one of the first 3 answers", len(batches), got.Items)
	}
}
