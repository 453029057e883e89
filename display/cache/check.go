package cache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"

	bolterrors "go.etcd.io/bbolt/errors"
)

// bbolt trusts the structure of its file: a page that points back at
// itself sends its cursor round forever and a deep enough chain overflows
// the stack, neither of which a recover can catch. A damaged cache must
// not keep a display from starting, so Open first walks the file's pages
// itself, bounded, and sets aside a file that bbolt could not walk safely.
// The layout is bbolt's file format, version 2 (go.etcd.io/bbolt
// internal/common): native byte order, a 16-byte page header, 16-byte
// elements.

const (
	boltMagic    = 0xED0CDAED
	boltVersion  = 2
	pageHeader   = 16 // id uint64, flags uint16, count uint16, overflow uint32
	elementSize  = 16 // branch: pos, ksize uint32, pgid uint64; leaf: flags, pos, ksize, vsize uint32
	metaSize     = 64 // magic, version, pageSize, flags uint32; root, sequence, freelist, pgid, txid, checksum uint64
	branchPage   = 0x01
	leafPage     = 0x02
	freelistPage = 0x10
	bucketLeaf   = 0x01
	noFreelist   = ^uint64(0)
	// maxDepth bounds the tree: bbolt's trees of a few pages are two or
	// three levels deep.
	maxDepth = 32
	// maxFileSize is far above any cache (one snapshot of at most 8 MiB,
	// written a few times) and keeps a damaged size from being read.
	maxFileSize = 256 << 20
)

var native = binary.NativeEndian

// checkFile reports whether the file at path is safe for bbolt to open: a
// missing or empty file is (bbolt creates one), a file whose pages do not
// form a tree within it is not.
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() == 0 {
		return nil
	}
	if st.Size() > maxFileSize {
		return fmt.Errorf("%w: %d bytes", bolterrors.ErrInvalid, st.Size())
	}
	b := make([]byte, st.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return err
	}
	if err := checkPages(b); err != nil {
		return fmt.Errorf("%w: %v", bolterrors.ErrInvalid, err)
	}
	return nil
}

// meta is the part of a meta page the walk needs.
type meta struct {
	pageSize           uint64
	root, freelist, hw uint64 // root page of the buckets, freelist page, high water mark
	txid               uint64
}

// readMeta reads the meta page at off; ok is false when it is not valid.
func readMeta(b []byte, off int) (m meta, ok bool) {
	if off < 0 || off+pageHeader+metaSize > len(b) {
		return meta{}, false
	}
	d := b[off+pageHeader : off+pageHeader+metaSize]
	h := fnv.New64a()
	h.Write(d[:56])
	if native.Uint32(d[0:]) != boltMagic || native.Uint32(d[4:]) != boltVersion || native.Uint64(d[56:]) != h.Sum64() {
		return meta{}, false
	}
	return meta{
		pageSize: uint64(native.Uint32(d[8:])),
		root:     native.Uint64(d[16:]),
		freelist: native.Uint64(d[32:]),
		hw:       native.Uint64(d[40:]),
		txid:     native.Uint64(d[48:]),
	}, true
}

// checkPages walks the tree bbolt would use: the valid meta page with the
// higher transaction id, its buckets and its freelist.
func checkPages(b []byte) error {
	m0, ok0 := readMeta(b, 0)
	size := m0.pageSize
	if !ok0 {
		size = uint64(os.Getpagesize())
	}
	if size < 1024 || size > 1<<16 {
		return fmt.Errorf("page size %d", size)
	}
	m1, ok1 := readMeta(b, int(size))
	var m meta
	switch {
	case ok0 && ok1 && m1.txid > m0.txid, !ok0 && ok1:
		m = m1
	case ok0:
		m = m0
	default:
		return errors.New("no valid meta page")
	}
	if m.pageSize != size {
		return fmt.Errorf("meta pages disagree on the page size")
	}
	if m.hw < 3 || m.hw > uint64(len(b))/size {
		return fmt.Errorf("high water mark %d beyond the file's %d pages", m.hw, uint64(len(b))/size)
	}
	w := walker{b: b, size: size, hw: m.hw, seen: map[uint64]bool{}}
	if err := w.tree(m.root, 0); err != nil {
		return err
	}
	if m.freelist != noFreelist {
		// After the tree: a page both in use and free would be
		// overwritten by the next write.
		return w.freelist(m.freelist)
	}
	return nil
}

// walker checks pages, each at most once.
type walker struct {
	b    []byte
	size uint64
	hw   uint64
	seen map[uint64]bool
}

// page returns page id with its overflow pages, after checking that it
// lies below the high water mark and is referenced only once.
func (w *walker) page(id uint64) ([]byte, error) {
	if id < 2 || id >= w.hw {
		return nil, fmt.Errorf("page %d outside 2…%d", id, w.hw-1)
	}
	off := id * w.size
	p := w.b[off : off+pageHeader]
	if native.Uint64(p) != id {
		return nil, fmt.Errorf("page %d says it is page %d", id, native.Uint64(p))
	}
	n := 1 + uint64(native.Uint32(p[12:]))
	if id+n > w.hw {
		return nil, fmt.Errorf("page %d: %d overflow pages beyond the high water mark", id, n-1)
	}
	for i := id; i < id+n; i++ {
		if w.seen[i] {
			return nil, fmt.Errorf("page %d referenced twice", i)
		}
		w.seen[i] = true
	}
	return w.b[off : off+n*w.size], nil
}

func (w *walker) freelist(id uint64) error {
	p, err := w.page(id)
	if err != nil {
		return fmt.Errorf("freelist: %w", err)
	}
	if native.Uint16(p[8:]) != freelistPage {
		return fmt.Errorf("freelist page %d has flags %#x", id, native.Uint16(p[8:]))
	}
	n, start := uint64(native.Uint16(p[10:])), uint64(pageHeader)
	if n == 0xFFFF {
		if len(p) < pageHeader+8 {
			return errors.New("freelist: short page")
		}
		n, start = native.Uint64(p[pageHeader:]), pageHeader+8
	}
	if n > (uint64(len(p))-start)/8 {
		return fmt.Errorf("freelist: %d ids do not fit", n)
	}
	for i := range n {
		free := native.Uint64(p[start+8*i:])
		if free < 2 || free >= w.hw {
			return fmt.Errorf("freelist: free page %d outside 2…%d", free, w.hw-1)
		}
		if w.seen[free] {
			return fmt.Errorf("freelist: page %d is in use or listed twice", free)
		}
		w.seen[free] = true
	}
	return nil
}

// tree checks the subtree at page id.
func (w *walker) tree(id uint64, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("page %d: deeper than %d", id, maxDepth)
	}
	p, err := w.page(id)
	if err != nil {
		return err
	}
	return w.node(p, depth)
}

// node checks one branch or leaf page, p, and what it refers to.
func (w *walker) node(p []byte, depth int) error {
	if len(p) < pageHeader {
		return errors.New("short page")
	}
	flags, count := native.Uint16(p[8:]), int(native.Uint16(p[10:]))
	if flags != branchPage && flags != leafPage {
		return fmt.Errorf("page of type %#x in the tree", flags)
	}
	if pageHeader+count*elementSize > len(p) {
		return fmt.Errorf("%d elements do not fit in the page", count)
	}
	for i := range count {
		at := pageHeader + i*elementSize
		e := p[at : at+elementSize]
		switch flags {
		case branchPage:
			pos, ksize := uint64(native.Uint32(e[0:])), uint64(native.Uint32(e[4:]))
			if uint64(at)+pos+ksize > uint64(len(p)) {
				return fmt.Errorf("branch element %d outside its page", i)
			}
			if err := w.tree(native.Uint64(e[8:]), depth+1); err != nil {
				return err
			}
		case leafPage:
			eflags := native.Uint32(e[0:])
			pos, ksize, vsize := uint64(native.Uint32(e[4:])), uint64(native.Uint32(e[8:])), uint64(native.Uint32(e[12:]))
			end := uint64(at) + pos + ksize + vsize
			if end > uint64(len(p)) {
				return fmt.Errorf("leaf element %d outside its page", i)
			}
			if eflags&bucketLeaf == 0 {
				continue
			}
			v := p[end-vsize : end]
			if len(v) < 16 {
				return fmt.Errorf("bucket %d: short header", i)
			}
			if root := native.Uint64(v); root != 0 {
				if err := w.tree(root, depth+1); err != nil {
					return err
				}
			} else if depth >= maxDepth {
				return fmt.Errorf("inline bucket deeper than %d", maxDepth)
			} else if err := w.node(v[16:], depth+1); err != nil { // an inline bucket: its page follows the header
				return fmt.Errorf("inline bucket %d: %w", i, err)
			}
		}
	}
	if flags == branchPage && count == 0 {
		return errors.New("empty branch page")
	}
	return nil
}
