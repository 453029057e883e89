package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// cxtv-feed redactions lists what each channel's comments had removed and
// which were hidden, from the store, or from the server that holds it.
func TestRedactions(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	e := newImportEnv(t, "moderation:\n  names: [Schneider]\n")
	cfg, err := os.ReadFile(e.config)
	if err != nil {
		t.Fatal(err)
	}
	e.file(t, "feed.yaml", strings.Replace(string(cfg), "127.0.0.1:0", addr, 1))
	day := time.Now().AddDate(0, 0, -1).Format("02.01.2006")
	csv := "Antwort-ID;Datum;Weiterempfehlung;Kommentar\n" +
		"R-1;" + day + ";2;Herr Schneider an der Kasse war sehr unfreundlich.\n" +
		"R-2;" + day + ";10;Herr Schneider an der Kasse war super.\n" +
		"R-3;" + day + ";9;Schreiben Sie mir an anna@example.de, gerne wieder.\n" +
		"R-4;" + day + ";8;Alles bestens, vielen Dank.\n"
	if _, _, err := e.run(t, "--source", "survey", e.file(t, "u.csv", csv)); err != nil {
		t.Fatal(err)
	}

	check := func(how string) {
		t.Helper()
		var out strings.Builder
		if err := run(context.Background(), []string{"redactions", "--config", e.config, "--channel", "canteen"}, &out, io.Discard); err != nil {
			t.Fatalf("%s: redactions = %v", how, err)
		}
		got := out.String()
		for _, want := range []string{
			"canteen: 3 comments redacted, 1 of them hidden",
			"survey/R-1", "hidden: a detractor's comment that names a person (privacy.hide_negative)",
			"survey/R-2", "name ", "Herr […] an der Kasse war super.",
			"survey/R-3", "email",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: redactions printed\n%s\nwant it to contain %q", how, got, want)
			}
		}
		if strings.Contains(got, "Schneider") || strings.Contains(got, "anna@") || strings.Contains(got, "R-4") {
			t.Errorf("%s: redactions printed what it should not:\n%s", how, got)
		}
	}
	check("from the store")
	serveForTest(t, e.config)
	check("from the running server")
	if resp, err := http.Get("http://" + addr + "/api/v1/redactions?token=canteen-token"); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/redactions with a display token = %v, %v; want 401", resp, err)
	}

	var out strings.Builder
	if err := run(context.Background(), []string{"redactions", "--config", e.config, "--channel", "lobby"}, &out, io.Discard); err == nil ||
		!strings.Contains(err.Error(), `no channel "lobby"`) {
		t.Errorf("redactions of an unknown channel = %v", err)
	}
}
