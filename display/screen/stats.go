// Frame statistics for the debug log, and the speed knob of the benchmarks.

package screen

import (
	"log/slog"
	"math"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
)

// statsEvery is how often the game logs its frame statistics at debug
// level: drawn frames and allocations per frame.
const statsEvery = 10 * ebiten.DefaultTPS

// stats are the game's frame statistics since the last log line; the
// pictures asked for and the cards shown are counted by cards, header
// and ticker (asks.sent, cards.shown).
type stats struct {
	frames  int // drawn frames
	mallocs uint64
	busy    time.Duration // spent in Update and Draw
}

// logStats logs, at debug level, what the last statsEvery ticks cost:
// frames drawn, heap allocations of the whole process per drawn frame
// (near zero while nothing is painted: jobs=0), and the time spent in
// Update and Draw per tick. Reading them stops the world briefly, so only
// a debug log pays for it.
func (g *game) logStats() {
	if !g.opts.Logger.Enabled(g.ctx, slog.LevelDebug) {
		return
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	st := &g.stats
	if st.mallocs != 0 {
		all := float64(ms.Mallocs - st.mallocs)
		perFrame := 0.0
		if st.frames > 0 {
			perFrame = all / float64(st.frames)
		}
		jobs := g.cards.asks.sent + g.header.asks.sent + g.ticker.asks.sent
		round := func(f float64) float64 { return math.Round(f*100) / 100 }
		g.opts.Logger.Debug("frames", "ticks", statsEvery, "drawn", st.frames, "jobs", jobs, "cards", g.cards.shown,
			"allocs_per_frame", round(perFrame), "allocs_per_tick", round(all/statsEvery),
			"busy_per_tick", st.busy/statsEvery, "heap_mb", ms.HeapInuse>>20, "go_sys_mb", ms.Sys>>20, "goroutines", runtime.NumGoroutine(),
			"fps", math.Round(ebiten.ActualFPS()), "tps", math.Round(ebiten.ActualTPS()), "ticker", g.ticker.on)
	}
	*st = stats{mallocs: ms.Mallocs}
	g.cards.asks.sent, g.header.asks.sent, g.ticker.asks.sent, g.cards.shown = 0, 0, 0, 0
}

// account adds the time since start to what Update and Draw cost.
func (g *game) account(start time.Time) { g.stats.busy += time.Since(start) }

// debugSpeed is CXTV_DEBUG_SPEED, 1 to 60: cards hold that many times
// shorter than their snapshot says. Benchmarks use it to show a thousand
// cards in minutes; screens never set it.
func debugSpeed() int {
	n, err := strconv.Atoi(os.Getenv("CXTV_DEBUG_SPEED"))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, ebiten.DefaultTPS)
}
