package curate_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/curate"
)

// liveOf is a Live of the comments, NPS and ideas slides holding n
// answers of the last 60 days, three in five with a comment, and a
// lookup of them.
func liveOf(tb testing.TB, n int) (*curate.Live, memStore) {
	tb.Helper()
	r := rules(tb, curate.Moderation{DefaultLists: true})
	ch := channel(func(ch *curate.Channel) {
		ch.MaxComments, ch.MinAnswers, ch.TrendWeeks = 20, 30, 12
		ch.Slides = append(ch.Slides, feed.Slide{Kind: curate.SlideIdeas, Seconds: 10})
	})
	st := memStore{}
	l := r.NewLive(ch)
	for i := range n {
		f := feed.Feedback{ID: fmt.Sprint(i), Source: "survey", Scale: feed.ScaleNPS, Score: i % 11, Language: "de",
			Touchpoint: []string{"Hotline", "Filiale", "App"}[i%3],
			CreatedAt:  now.Add(-time.Duration(i) * 60 * 24 * time.Hour / time.Duration(n))}
		if i%5 < 3 {
			f.Comment = liveTexts[3+i%(len(liveTexts)-3)]
		}
		st.put(f)
		l.Add(&f)
	}
	return l, st
}

// BenchmarkLiveAnswer is one new answer with a comment on a channel
// holding 100,000, and the snapshot after it: the cost of a POST in the
// publisher.
func BenchmarkLiveAnswer(b *testing.B) {
	l, st := liveOf(b, 100_000)
	x := curate.Extras{Lookup: st.lookup}
	l.Snapshot(now, x)
	i := 0
	for b.Loop() {
		i++
		f := feed.Feedback{ID: fmt.Sprint("new", i), Source: "survey", Scale: feed.ScaleNPS, Score: i % 11, Language: "de",
			Comment: "Die Wartezeit an der Hotline ist zu lang", CreatedAt: now.Add(-time.Minute)}
		st.put(f)
		l.Add(&f)
		l.Snapshot(now, x)
	}
}

// BenchmarkLiveMemory is the heap a Live takes per answer held.
func BenchmarkLiveMemory(b *testing.B) {
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		l, st := liveOf(b, 200_000)
		st = nil
		runtime.GC()
		runtime.ReadMemStats(&after)
		answers, comments := l.Len()
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(answers), "B/answer")
		b.ReportMetric(float64(comments)/float64(answers), "comments/answer")
		runtime.KeepAlive(l)
		_ = st
	}
}
