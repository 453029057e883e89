package intake_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/feed"
	"github.com/cxtv/cxtv/feed/intake"
	"github.com/cxtv/cxtv/feed/source"
	"github.com/cxtv/cxtv/feed/source/surveymonkey"
	"github.com/cxtv/cxtv/feed/source/typeform"
)

var now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

func mustNew(t *testing.T, c intake.Config) *intake.Source {
	t.Helper()
	s, err := intake.New(context.Background(), c, intake.Deps{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatalf("New(%s) = %v", c.Type, err)
	}
	return s
}

// Each type has the ways in its tool offers, and no other.
func TestWaysIn(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "play.json")
	if err := os.WriteFile(key, []byte(`{"type":"service_account","client_email":"cxtv@p.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----\nnot a real key: it is read only when a token is fetched\n-----END PRIVATE KEY-----\n","token_uri":"https://oauth2.googleapis.com/token"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		c                               intake.Config
		verify, webhook, imports, pulls bool
	}{
		{intake.Config{Name: "a", Type: "cxtv", Scale: feed.ScaleNPS}, false, true, true, false},
		{intake.Config{Name: "a", Type: ""}, false, true, true, false},
		{intake.Config{Name: "a", Type: "delighted"}, false, true, false, false},
		{intake.Config{Name: "a", Type: "typeform", Secret: "s"}, true, true, false, false},
		{intake.Config{Name: "a", Type: "surveymonkey", AccessToken: "t", SurveyID: "1"}, true, true, false, true},
		{intake.Config{Name: "a", Type: "qualtrics"}, false, false, true, false},
		{intake.Config{Name: "a", Type: "google-forms", TimeZone: time.UTC}, false, false, true, false},
		{intake.Config{Name: "a", Type: "appstore", AppID: "1", Country: "de"}, false, false, false, true},
		{intake.Config{Name: "a", Type: "googleplay", PackageName: "a.b", AccessToken: "t"}, false, false, false, true},
		{intake.Config{Name: "a", Type: "googleplay", PackageName: "a.b", CredentialsFile: key}, false, false, false, true},
	} {
		s := mustNew(t, tc.c)
		if (s.Stream != nil) != (s.Import != nil) {
			t.Errorf("type %q: stream %v, import %v; want both or neither", tc.c.Type, s.Stream != nil, s.Import != nil)
		}
		if got := [4]bool{s.Verify != nil, s.Webhook != nil, s.Import != nil, s.Pull != nil}; got != [4]bool{tc.verify, tc.webhook, tc.imports, tc.pulls} {
			t.Errorf("type %q: verify, webhook, import, pull = %v, want %v", tc.c.Type, got, [4]bool{tc.verify, tc.webhook, tc.imports, tc.pulls})
		}
	}
}

func TestNewErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "play.json")
	os.WriteFile(bad, []byte(`{"type":"authorized_user"}`), 0o600)
	for _, tc := range []struct {
		c    intake.Config
		want string
	}{
		{intake.Config{Name: "a", Type: "medallia"}, `source a: unknown type "medallia"`},
		{intake.Config{Name: "a", Type: "googleplay", PackageName: "a.b", CredentialsFile: "/nonexistent/play.json"}, "credentials_file: googleplay: credentials: open /nonexistent/play.json"},
		{intake.Config{Name: "a", Type: "googleplay", PackageName: "a.b", CredentialsFile: bad}, "credentials_file: googleplay: credentials " + bad},
	} {
		_, err := intake.New(context.Background(), tc.c, intake.Deps{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v, want an error containing %q", tc.c, err, tc.want)
		}
	}
}

// cxtv imports tell JSON from CSV by the content type.
func TestCXTVImport(t *testing.T) {
	s := mustNew(t, intake.Config{Name: "survey", Type: "cxtv", Scale: feed.ScaleStars})
	for _, tc := range []struct{ contentType, body string }{
		{"application/json; charset=utf-8", `[{"id":"1","score":4},{"id":"2","score":5,"comment":"Top"}]`},
		{"text/csv", "id;score;comment\n1;4;\n2;5;Top\n"},
		{"", "id,score,comment\n1,4,\n2,5,Top\n"},
	} {
		b, err := s.Import(context.Background(), strings.NewReader(tc.body), tc.contentType)
		if err != nil || len(b.Items) != 2 || b.Items[1].Comment != "Top" || b.Items[0].Scale != feed.ScaleStars || b.Items[0].Source != "survey" {
			t.Errorf("Import(%q) = %+v, %v", tc.contentType, b.Items, err)
		}
	}
	if _, err := s.Import(context.Background(), strings.NewReader(`[{"id":"1"}]`), "application/json"); err == nil {
		t.Error("Import of JSON without a score = nil error")
	}
}

func TestTypeformVerify(t *testing.T) {
	s := mustNew(t, intake.Config{Name: "web", Type: "typeform", Secret: "tf-secret"})
	body := []byte(`{"event_type":"form_response"}`)
	if err := s.Verify(http.Header{"Typeform-Signature": {typeform.Sign(body, "tf-secret")}}, body); err != nil {
		t.Errorf("Verify(signed) = %v", err)
	}
	if err := s.Verify(http.Header{"Typeform-Signature": {typeform.Sign(body, "other")}}, body); err == nil {
		t.Error("Verify(signed with another secret) = nil")
	}
}

func TestSurveyMonkeyWebhook(t *testing.T) {
	body := []byte(`{"event_type":"response_completed","event_id":"1","object_type":"response","object_id":"114000001",
		"resources":{"survey_id":"999","respondent_id":"114000001"}}`)
	s := mustNew(t, intake.Config{Name: "sm", Type: "surveymonkey", AccessToken: "t", SurveyID: "512349876"})
	if err := s.Verify(http.Header{"Sm-Signature": {surveymonkey.Sign(body, "k", "s")}}, body); !errors.Is(err, intake.ErrNoSignature) {
		t.Errorf("Verify without api_key = %v, want ErrNoSignature", err)
	}
	s = mustNew(t, intake.Config{Name: "sm", Type: "surveymonkey", APIKey: "k", APISecret: "s", AccessToken: "t", SurveyID: "512349876"})
	if err := s.Verify(http.Header{"Sm-Signature": {surveymonkey.Sign(body, "k", "s")}}, body); err != nil {
		t.Errorf("Verify(signed) = %v", err)
	}
	// Another survey's callback is acknowledged and dropped, not fetched.
	if _, err := s.Webhook(context.Background(), body); !errors.Is(err, source.ErrIgnored) || !strings.Contains(err.Error(), "survey 999") {
		t.Errorf("Webhook(another survey) = %v, want it ignored", err)
	}
	// A fetch that fails is the API's fault.
	s = mustNew(t, intake.Config{Name: "sm", Type: "surveymonkey", APIKey: "k", APISecret: "s", AccessToken: "t", SurveyID: "999", APIBase: "http://127.0.0.1:1"})
	if _, err := s.Webhook(context.Background(), body); !errors.Is(err, source.ErrFetch) {
		t.Errorf("Webhook with the API down = %v, want ErrFetch", err)
	}
}
