// Package assets embeds what the binaries ship: the Inter typeface (OFL,
// see fonts/OFL.txt) with full Latin coverage, the Noto fonts for what
// Inter lacks (OFL, see fonts/noto/README.md), and the demo data.
package assets

import _ "embed"

// Inter, the typeface of every slide: Regular for body text, SemiBold for
// labels, Display Bold for large numbers and quotes.
var (
	//go:embed fonts/Inter-Regular.otf
	InterRegular []byte
	//go:embed fonts/Inter-SemiBold.otf
	InterSemiBold []byte
	//go:embed fonts/InterDisplay-Bold.otf
	InterDisplayBold []byte
)

// Noto, for the characters Inter lacks: monochrome emoji in one weight,
// Arabic and Hebrew in Regular and Bold.
var (
	//go:embed fonts/noto/NotoEmoji-Bold.ttf
	NotoEmojiBold []byte
	//go:embed fonts/noto/NotoSansArabic-Regular.ttf
	NotoSansArabicRegular []byte
	//go:embed fonts/noto/NotoSansArabic-Bold.ttf
	NotoSansArabicBold []byte
	//go:embed fonts/noto/NotoSansHebrew-Regular.ttf
	NotoSansHebrewRegular []byte
	//go:embed fonts/noto/NotoSansHebrew-Bold.ttf
	NotoSansHebrewBold []byte
)

// Demo data for make run: feedback over twelve weeks and weekly KPI values.
// Loaders shift the times so that the newest item is dated now.
var (
	//go:embed demo/feedback.json
	DemoFeedback []byte
	//go:embed demo/kpis.json
	DemoKPIs []byte
)
