package e2e_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// fleetEntry is the part of a screen's entry in GET /api/v1/displays
// that the fleet page shows as "Showing" and "Content".
type fleetEntry struct {
	Device          string `json:"device"`
	CacheAgeSeconds *int64 `json:"cache_age_seconds"`
	Status          struct {
		Slide    string `json:"slide"`
		Revision string `json:"revision"`
	} `json:"status"`
}

// waitFleetShows polls the fleet until device reports showing slide of
// the channel's current snapshot, with its content's age, by deadline:
// the fleet page tells what the screen shows within seconds, not at the
// next periodic heartbeat.
func waitFleetShows(tb testing.TB, addr, device, slide string, deadline time.Time) {
	tb.Helper()
	var last fleetEntry
	var rev string
	for {
		rev = snapshotRevision(tb, addr)
		var fleet struct {
			Displays []fleetEntry `json:"displays"`
		}
		getJSON(tb, "http://"+addr+"/api/v1/displays", "e2e-admin", &fleet)
		for _, d := range fleet.Displays {
			if d.Device == device {
				last = d
			}
		}
		if last.Status.Slide == slide && rev != "" && last.Status.Revision == rev && last.CacheAgeSeconds != nil {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("fleet entry of %s: showing %q of revision %q, content age %v; want %q of the current revision %q with an age",
				device, last.Status.Slide, last.Status.Revision, last.CacheAgeSeconds, slide, rev)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// snapshotRevision is the revision of the canteen channel's snapshot now.
func snapshotRevision(tb testing.TB, addr string) string {
	tb.Helper()
	var s struct {
		Revision string `json:"revision"`
	}
	getJSON(tb, "http://"+addr+"/api/v1/channels/canteen/snapshot", "e2e-canteen", &s)
	return s.Revision
}

func getJSON(tb testing.TB, url, token string, v any) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s = %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		tb.Fatal(fmt.Errorf("GET %s: %w", url, err))
	}
}
