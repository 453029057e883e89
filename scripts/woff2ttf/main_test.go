package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"os"
	"testing"
)

// sfntTables returns the tables of an sfnt by tag.
func sfntTables(tb testing.TB, b []byte) map[string][]byte {
	tb.Helper()
	be := binary.BigEndian
	n := int(be.Uint16(b[4:]))
	out := make(map[string][]byte, n)
	for i := range n {
		r := b[12+16*i:]
		off, l := be.Uint32(r[8:]), be.Uint32(r[12:])
		out[string(r[:4])] = b[off : off+l]
	}
	return out
}

// woff wraps an sfnt's tables into a WOFF 1.0 file, compressing those
// that get smaller, as a web font tool does.
func woff(tb testing.TB, sfnt []byte) []byte {
	tb.Helper()
	be := binary.BigEndian
	n := int(be.Uint16(sfnt[4:]))
	type entry struct {
		tag       []byte
		data      []byte
		orig, sum uint32
	}
	var entries []entry
	for i := range n {
		r := sfnt[12+16*i:]
		off, l := be.Uint32(r[8:]), be.Uint32(r[12:])
		data := sfnt[off : off+l]
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write(data)
		w.Close()
		e := entry{tag: r[:4], orig: l, sum: be.Uint32(r[4:]), data: data}
		if z.Len() < len(data) {
			e.data = z.Bytes()
		}
		entries = append(entries, e)
	}
	hdr := make([]byte, 44+20*n)
	copy(hdr, "wOFF")
	copy(hdr[4:], sfnt[:4])
	be.PutUint16(hdr[12:], uint16(n))
	var body bytes.Buffer
	off := len(hdr)
	for i, e := range entries {
		d := hdr[44+20*i:]
		copy(d, e.tag)
		be.PutUint32(d[4:], uint32(off))
		be.PutUint32(d[8:], uint32(len(e.data)))
		be.PutUint32(d[12:], e.orig)
		be.PutUint32(d[16:], e.sum)
		body.Write(e.data)
		body.Write(make([]byte, pad4(len(e.data))-len(e.data)))
		off += pad4(len(e.data))
	}
	out := append(hdr, body.Bytes()...)
	be.PutUint32(out[8:], uint32(len(out)))
	return out
}

func TestConvertRoundTrip(t *testing.T) {
	orig, err := os.ReadFile("../../assets/fonts/noto/NotoSansHebrew-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Convert(woff(t, orig))
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	want := sfntTables(t, orig)
	have := sfntTables(t, got)
	if len(have) != len(want) {
		t.Fatalf("Convert: %d tables, want %d", len(have), len(want))
	}
	for tag, w := range want {
		h := have[tag]
		if tag == "head" {
			// checkSumAdjustment is recomputed for the new file.
			h, w = append([]byte(nil), h...), append([]byte(nil), w...)
			copy(h[8:12], make([]byte, 4))
			copy(w[8:12], make([]byte, 4))
		}
		if !bytes.Equal(h, w) {
			t.Errorf("table %s differs after the round trip", tag)
		}
	}
	if sum := checksum(got); sum != 0xB1B0AFBA {
		t.Errorf("whole-file checksum %08x, want b1b0afba (head.checkSumAdjustment)", sum)
	}
	again, _ := Convert(woff(t, orig))
	if !bytes.Equal(got, again) {
		t.Error("Convert is not deterministic")
	}
}

func TestConvertRejects(t *testing.T) {
	orig, err := os.ReadFile("../../assets/fonts/noto/NotoSansHebrew-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	good := woff(t, orig)
	for name, b := range map[string][]byte{
		"not woff":  orig,
		"truncated": good[:100],
		"bad checksum": func() []byte {
			b := append([]byte(nil), good...)
			b[44+16] ^= 0xff // the first table's checksum
			return b
		}(),
	} {
		if _, err := Convert(b); err == nil {
			t.Errorf("Convert(%s) accepted it", name)
		}
	}
}
