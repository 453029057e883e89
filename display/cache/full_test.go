package cache_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFullDisk fills the file system under the cache: a snapshot that
// cannot be saved is an error, the cache keeps the last one it holds (and
// is not set aside as damaged), and once space returns the next one is
// saved. It needs a small tmpfs, and so root where mounting is allowed.
func TestFullDisk(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("a full disk needs a small tmpfs, and mounting one failed here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	path := filepath.Join(dir, "display.db")
	c := mustOpen(t, path)
	at := time.Date(2025, 11, 24, 14, 6, 0, 0, time.UTC)
	if _, err := save(t, c, snapshot("r1"), at); err != nil {
		t.Fatal(err)
	}

	filler := filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	for chunk := make([]byte, 4096); ; {
		if _, err := f.Write(chunk); err != nil {
			break
		}
	}
	f.Close()

	// Snapshots large enough to need pages the file does not have.
	big := snapshot("r2")
	big.Comments[0].Text = strings.Repeat("Die Lieferung kam pünktlich. ", 20000)
	failed := false
	for i := range 20 {
		big.Revision = fmt.Sprintf("r2-%d", i)
		if _, err := save(t, c, big, at); err != nil {
			if !strings.Contains(err.Error(), "no space") {
				t.Errorf("save on a full disk = %v, want it to say no space", err)
			}
			failed = true
			break
		}
	}
	if !failed {
		t.Fatal("20 large snapshots went into a full 2 MiB disk")
	}
	if aside, _ := filepath.Glob(path + ".corrupt-*"); len(aside) != 0 {
		t.Errorf("a full disk set the cache aside as damaged: %v", aside)
	}
	s, _, err := c.Load()
	if err != nil || !strings.HasPrefix(s.Revision, "r") {
		t.Fatalf("Load after a failed save = %q, %v; want the last saved snapshot", s.Revision, err)
	}

	os.Remove(filler)
	big.Revision = "r3"
	if wrote, err := save(t, c, big, at); !wrote || err != nil {
		t.Fatalf("save once space returned = %v, %v; want written", wrote, err)
	}
	if s, _, err := c.Load(); err != nil || s.Revision != "r3" {
		t.Errorf("Load once space returned = %q, %v; want r3", s.Revision, err)
	}
}
