// Command woff2ttf turns a WOFF 1.0 web font back into the TrueType or
// OpenType file it was made from, so that a font published only for the
// web (Noto Emoji on npm, see assets/fonts/noto/README.md) can be embedded
// and parsed by golang.org/x/image/font/sfnt and go-text/typesetting,
// neither of which reads WOFF.
//
//	go run ./scripts/woff2ttf IN.woff OUT.ttf
//
// WOFF 1.0 (https://www.w3.org/TR/WOFF/) is the sfnt's tables, each
// zlib-compressed unless that did not make it smaller, behind a directory
// that also records each table's original length and checksum. The
// conversion inflates every table, checks its length and checksum, and
// writes an sfnt with the same tables in the same (tag) order, each
// padded to four bytes, with a new head.checkSumAdjustment. Metadata and
// private blocks are web-only and dropped. The output depends only on the
// input, so running it again gives the same bytes.
package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "woff2ttf:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 2 {
		return errors.New("usage: woff2ttf IN.woff OUT.ttf")
	}
	in, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	out, err := Convert(in)
	if err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	return os.WriteFile(args[1], out, 0o644)
}

// table is one sfnt table, inflated.
type table struct {
	tag      [4]byte
	checksum uint32
	data     []byte
}

// Convert returns the sfnt inside the WOFF file woff.
func Convert(woff []byte) ([]byte, error) {
	const headerLen, entryLen = 44, 20
	if len(woff) < headerLen || string(woff[:4]) != "wOFF" {
		return nil, errors.New("not a WOFF 1.0 file")
	}
	be := binary.BigEndian
	flavor := be.Uint32(woff[4:])
	if int(be.Uint32(woff[8:])) != len(woff) {
		return nil, errors.New("length in header does not match file")
	}
	n := int(be.Uint16(woff[12:]))
	if n == 0 || len(woff) < headerLen+n*entryLen {
		return nil, errors.New("table directory truncated")
	}
	tables := make([]table, n)
	for i := range tables {
		e := woff[headerLen+i*entryLen:]
		t := &tables[i]
		copy(t.tag[:], e[:4])
		off, compLen, origLen := int(be.Uint32(e[4:])), int(be.Uint32(e[8:])), int(be.Uint32(e[12:]))
		t.checksum = be.Uint32(e[16:])
		if off < 0 || compLen < 0 || off+compLen > len(woff) || compLen > origLen {
			return nil, fmt.Errorf("table %s: bad offset or length", t.tag)
		}
		if i > 0 && bytes.Compare(t.tag[:], tables[i-1].tag[:]) <= 0 {
			return nil, fmt.Errorf("table %s: directory not sorted by tag", t.tag)
		}
		src := woff[off : off+compLen]
		if compLen == origLen {
			t.data = src
		} else {
			zr, err := zlib.NewReader(bytes.NewReader(src))
			if err != nil {
				return nil, fmt.Errorf("table %s: %w", t.tag, err)
			}
			t.data, err = io.ReadAll(io.LimitReader(zr, int64(origLen)+1))
			if err != nil {
				return nil, fmt.Errorf("table %s: %w", t.tag, err)
			}
		}
		if len(t.data) != origLen {
			return nil, fmt.Errorf("table %s: inflated to %d bytes, want %d", t.tag, len(t.data), origLen)
		}
		// head's stored checksum was taken with checkSumAdjustment zeroed.
		sum := checksum(t.data)
		if string(t.tag[:]) == "head" && len(t.data) >= 12 {
			sum -= be.Uint32(t.data[8:])
		}
		if sum != t.checksum {
			return nil, fmt.Errorf("table %s: checksum %08x, want %08x", t.tag, sum, t.checksum)
		}
	}

	// The offset table: searchRange and friends from the number of tables.
	var out bytes.Buffer
	entrySelector := bits.Len(uint(n)) - 1
	searchRange := (1 << entrySelector) * 16
	hdr := make([]byte, 12+16*n)
	be.PutUint32(hdr[0:], flavor)
	be.PutUint16(hdr[4:], uint16(n))
	be.PutUint16(hdr[6:], uint16(searchRange))
	be.PutUint16(hdr[8:], uint16(entrySelector))
	be.PutUint16(hdr[10:], uint16(n*16-searchRange))
	off := len(hdr)
	headAt := -1
	for i, t := range tables {
		r := hdr[12+16*i:]
		copy(r, t.tag[:])
		be.PutUint32(r[4:], t.checksum)
		be.PutUint32(r[8:], uint32(off))
		be.PutUint32(r[12:], uint32(len(t.data)))
		if string(t.tag[:]) == "head" {
			headAt = off
		}
		off += pad4(len(t.data))
	}
	out.Write(hdr)
	for _, t := range tables {
		out.Write(t.data)
		out.Write(make([]byte, pad4(len(t.data))-len(t.data)))
	}
	b := out.Bytes()
	if headAt >= 0 && headAt+12 <= len(b) {
		be.PutUint32(b[headAt+8:], 0)
		be.PutUint32(b[headAt+8:], 0xB1B0AFBA-checksum(b))
	}
	return b, nil
}

// checksum is the sfnt table checksum: the sum of big-endian uint32s,
// the last one padded with zeros.
func checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var last [4]byte
		copy(last[:], b)
		sum += binary.BigEndian.Uint32(last[:])
	}
	return sum
}

func pad4(n int) int { return (n + 3) &^ 3 }
