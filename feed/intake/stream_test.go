package intake_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/intake"
	"github.com/cxtv/cxtv/feed/source"
)

// importCase is an export of one type, fit for Stream and Import alike.
type importCase struct {
	name        string
	c           intake.Config
	contentType string
	file        func(tb testing.TB) io.Reader
	batches     int // how many batches Stream emits
}

func fileOf(path string) func(tb testing.TB) io.Reader {
	return func(tb testing.TB) io.Reader {
		f, err := os.Open(path)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { f.Close() })
		return f
	}
}

func textOf(s string) func(tb testing.TB) io.Reader {
	return func(testing.TB) io.Reader { return strings.NewReader(s) }
}

// importCases has an export per type with Import; the cxtv ones fill
// several batches, the JSON one with intake.SetChunk(tb, 2).
func importCases(tb testing.TB) []importCase {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		tb.Fatal(err)
	}
	var csv strings.Builder
	csv.WriteString("id;score\n")
	for i := range 2*feed.ImportChunk + 1 {
		fmt.Fprintf(&csv, "%d;%d\n", i, i%11)
	}
	return []importCase{
		{"cxtv JSON", intake.Config{Name: "survey", Type: "cxtv", Scale: feed.ScaleNPS}, "application/json",
			textOf(`[{"id":"1","score":4},{"id":"2","score":5},{"id":"3","score":6},{"id":"4","score":7},{"id":"5","score":8}]`), 3},
		{"cxtv CSV", intake.Config{Name: "survey", Type: "cxtv", Scale: feed.ScaleNPS}, "text/csv", textOf(csv.String()), 3},
		{"qualtrics", intake.Config{Name: "q", Type: "qualtrics", TimeZone: berlin, Columns: map[string]string{"stars": "QID2", "touchpoint": "Standort"}}, "text/csv",
			fileOf(filepath.Join("..", "source", "qualtrics", "testdata", "choicetext.csv")), 1},
		{"google-forms", intake.Config{Name: "gf", Type: "google-forms", TimeZone: berlin, Columns: map[string]string{
			"score": "How likely are you to recommend our canteen to a colleague?", "stars": "How would you rate today's meal?",
			"comment": "What could we do better?", "touchpoint": "Which canteen did you visit?"}}, "text/csv",
			fileOf(filepath.Join("..", "source", "googleforms", "testdata", "responses-en-US.csv")), 1},
	}
}

// Not parallel: SetChunk.
func TestStreamAgreesWithImport(t *testing.T) {
	intake.SetChunk(t, 2)
	for _, tc := range importCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			s := mustNew(t, tc.c)
			want, err := s.Import(context.Background(), tc.file(t), tc.contentType)
			if err != nil || len(want.Items) == 0 {
				t.Fatalf("Import(%s) = %d answers, %v", tc.name, len(want.Items), err)
			}
			var got source.Batch
			n := 0
			err = s.Stream(context.Background(), tc.file(t), tc.contentType, func(b source.Batch) error {
				n++
				got.Items = append(got.Items, b.Items...)
				got.Skipped = append(got.Skipped, b.Skipped...)
				return nil
			})
			if err != nil || n != tc.batches {
				t.Errorf("Stream(%s) = %v after %d batches, want nil after %d", tc.name, err, n, tc.batches)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Stream(%s) emitted %d answers, %d skipped; Import gives %d, %d, or they differ",
					tc.name, len(got.Items), len(got.Skipped), len(want.Items), len(want.Skipped))
			}
		})
	}
}

// Not parallel: SetChunk.
func TestStreamStopsWhenCancelled(t *testing.T) {
	intake.SetChunk(t, 2)
	for _, tc := range importCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			s := mustNew(t, tc.c)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			err := s.Stream(ctx, tc.file(t), tc.contentType, func(source.Batch) error {
				t.Error("Stream with a cancelled context emitted a batch")
				return nil
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Stream(%s, cancelled) = %v, want context.Canceled", tc.name, err)
			}
			if b, err := s.Import(ctx, tc.file(t), tc.contentType); !errors.Is(err, context.Canceled) || b.Items != nil {
				t.Errorf("Import(%s, cancelled) = %d answers, %v; want none, context.Canceled", tc.name, len(b.Items), err)
			}
			if tc.batches < 2 {
				return
			}
			// Cancelled while the first batch is stored: no second one.
			ctx, cancel = context.WithCancel(context.Background())
			defer cancel()
			calls := 0
			err = s.Stream(ctx, tc.file(t), tc.contentType, func(source.Batch) error {
				calls++
				cancel()
				return nil
			})
			if !errors.Is(err, context.Canceled) || calls != 1 {
				t.Errorf("Stream(%s) cancelled in batch 1 = %v after %d batches, want context.Canceled after 1", tc.name, err, calls)
			}
		})
	}
}
