package server

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"syscall"
	"time"
)

// While the store's last write failed, /healthz looks at most every
// probeEvery whether it can be written again, so that the server notices
// by itself when space returns: after a full disk, once the file system
// has roomAgain free; after another failure, by a small write.
const (
	probeEvery = 5 * time.Second
	roomAgain  = 16 << 20
)

// Prober is a Store that can tell whether it can be written again, as
// *store.Store does. A small write can go through on a full disk, into
// the file's free pages, so a full disk waits for free space instead.
type Prober interface {
	Probe() error
	Free() (uint64, error)
}

// storage remembers whether the store's last write failed.
type storage struct {
	mu      sync.Mutex // guards the fields below
	err     error      // nil: the last write went through
	since   time.Time  // first failure of the current run of them
	probed  time.Time
	probing bool
}

func (st *storage) failed(err error, now time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.err == nil {
		st.since = now
	}
	st.err = err
}

func (st *storage) ok() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.err = nil
}

// state returns the last write's error and since when writes fail.
func (st *storage) state() (error, time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.err, st.since
}

// diskFull reports whether err means the disk (or the process's share of
// it) has no room: the request may succeed later, unchanged.
func diskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, syscall.EFBIG)
}

// wrote records the outcome of a write to the store.
func (s *Server) wrote(err error) {
	if err != nil {
		s.storage.failed(err, s.Now())
		return
	}
	s.storage.ok()
}

// storeFailed answers a request whose answers or values could not be
// stored. A full disk is 503 with Retry-After: the sender should keep the
// data and send it again.
func (s *Server) storeFailed(w http.ResponseWriter, err error, what string) {
	if diskFull(err) {
		w.Header().Set("Retry-After", "60")
		s.reject(w, http.StatusServiceUnavailable, "disk_full",
			"the server's disk is full: nothing of this request was stored; send it again later")
		return
	}
	s.reject(w, http.StatusInternalServerError, "store", "could not store the "+what+"; nothing was stored")
}

// storeHealth is the store's part of /healthz: nil while writes go
// through. While they fail it tries a small write now and then, and clears
// the failure once one goes through.
func (s *Server) storeHealth() map[string]any {
	err, since := s.storage.state()
	if err == nil {
		return nil
	}
	if p, ok := s.Store.(Prober); ok && s.startProbe() {
		var perr error
		if diskFull(err) {
			var free uint64
			if free, perr = p.Free(); perr == nil && free < roomAgain {
				perr = fmt.Errorf("%d bytes free", free)
			}
		} else {
			perr = p.Probe()
		}
		s.storage.mu.Lock()
		s.storage.probing = false
		s.storage.mu.Unlock()
		if perr == nil {
			s.storage.ok()
			s.Logger.Info("the store can be written again")
			return nil
		}
	}
	reason := "the last write to the store failed"
	if diskFull(err) {
		reason = "disk full: the store cannot be written; ingest answers 503 until space is freed"
	}
	return map[string]any{"ok": false, "error": reason, "since": since.UTC()}
}

// startProbe reports whether this caller should probe now: not more often
// than probeEvery, and one at a time.
func (s *Server) startProbe() bool {
	st := &s.storage
	st.mu.Lock()
	defer st.mu.Unlock()
	now := s.Now()
	if st.probing || now.Sub(st.probed) < probeEvery {
		return false
	}
	st.probing, st.probed = true, now
	return true
}
