package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cxtv/cxtv/config"
)

// withSources is base with the YAML list items added to its sources.
func withSources(items string) string {
	return strings.Replace(base, "channels:", items+"channels:", 1)
}

// The example: each type's own keys directly on the source.
const everyType = `  - {name: nps-mail, type: delighted, token: "t-delighted"}
  - {name: web-survey, type: typeform, secret: "tf-secret"}
  - {name: sm, type: surveymonkey, api_key: "k", api_secret: "s", access_token: "sm-token", survey_id: "512349876", interval: 15m}
  - {name: quarterly, type: qualtrics, token: "t-qualtrics", time_zone: Europe/Berlin,
     columns: {score: QID1, stars: QID2_1, comment: QID4_TEXT, touchpoint: Touchpoint}}
  - {name: forms, type: google-forms, token: "t-forms", time_zone: Europe/Berlin,
     columns: {score: "How likely are you to recommend us?", comment: "What is the main reason?"}}
  - {name: ios, type: appstore, app_id: "123456789", country: de, interval: 1h}
  - {name: android, type: googleplay, package_name: com.example.shop, credentials_file: /etc/cxtv/play.json, interval: 1h}
`

func TestSourceTypes(t *testing.T) {
	f, err := config.ParseFeed(strings.NewReader(withSources(everyType)), "feed.yaml", noEnv)
	if err != nil {
		t.Fatalf("ParseFeed(every type) = %v", err)
	}
	want := []struct {
		name, typ string
		polled    bool
	}{
		{"survey", "cxtv", false}, {"nps-mail", "delighted", false}, {"web-survey", "typeform", false},
		{"sm", "surveymonkey", true}, {"quarterly", "qualtrics", false}, {"forms", "google-forms", false},
		{"ios", "appstore", true}, {"android", "googleplay", true},
	}
	for i, w := range want {
		s := f.Sources[i]
		if s.Name != w.name || s.Type != w.typ || s.Polled() != w.polled {
			t.Errorf("sources[%d] = %s of type %q (polled %v), want %s of type %s (polled %v)", i, s.Name, s.Type, s.Polled(), w.name, w.typ, w.polled)
		}
	}
	if sm := f.Sources[3]; sm.Interval != 15*time.Minute || sm.SurveyID != "512349876" {
		t.Errorf("surveymonkey = %+v", sm)
	}
	if q := f.Sources[4]; q.Columns["stars"] != "QID2_1" || q.TimeZone != "Europe/Berlin" {
		t.Errorf("qualtrics = %+v", q)
	}
	if ios := f.Sources[6]; ios.Interval != time.Hour || ios.Country != "de" {
		t.Errorf("appstore = %+v", ios)
	}
}

func TestSourceTypeErrors(t *testing.T) {
	tests := []struct {
		name  string
		items string
		want  string
	}{
		{"unknown type", `  - {name: x, type: medallia, token: "x"}` + "\n",
			`sources[1].type: "medallia" is not a source type (want one of cxtv, delighted, typeform, surveymonkey, qualtrics, google-forms, appstore, googleplay)`},
		{"key of another type", `  - {name: x, type: delighted, token: "x", secret: "y"}` + "\n",
			"sources[1].secret: is not a key of type delighted (its keys: token, fields)"},
		{"csv on a tool", `  - {name: x, type: qualtrics, token: "x", csv: {separator: ";"}}` + "\n",
			"sources[1].csv: is not a key of type qualtrics"},
		{"token where a signature serves", `  - {name: x, type: typeform, secret: "y", token: "x"}` + "\n",
			"sources[1].token: is not a key of type typeform"},
		{"delighted without token", `  - {name: x, type: delighted}` + "\n", "sources[1].token: is required"},
		{"typeform without secret", `  - {name: x, type: typeform}` + "\n", "sources[1].secret: is required"},
		{"surveymonkey without access token", `  - {name: x, type: surveymonkey, survey_id: "1"}` + "\n", "sources[1].access_token: is required"},
		{"surveymonkey survey id", `  - {name: x, type: surveymonkey, access_token: "a", survey_id: "../1"}` + "\n", `sources[1].survey_id: "../1" is not a survey id`},
		{"surveymonkey half a key pair", `  - {name: x, type: surveymonkey, access_token: "a", survey_id: "1", api_key: "k"}` + "\n", "sources[1].api_secret: api_key and api_secret go together"},
		{"appstore app id", `  - {name: x, type: appstore, app_id: "id123", country: de}` + "\n", `sources[1].app_id: "id123" is not an app id`},
		{"appstore country", `  - {name: x, type: appstore, app_id: "123", country: DEU}` + "\n", `sources[1].country: "DEU" is not a two-letter storefront code`},
		{"googleplay package", `  - {name: x, type: googleplay, package_name: shop, access_token: "a"}` + "\n", `sources[1].package_name: "shop" is not an application id`},
		{"googleplay both credentials", `  - {name: x, type: googleplay, package_name: a.b, access_token: "a", credentials_file: f.json}` + "\n", "sources[1].credentials_file: needs credentials_file"},
		{"googleplay no credentials", `  - {name: x, type: googleplay, package_name: a.b}` + "\n", "sources[1].credentials_file: needs credentials_file"},
		{"interval too short", `  - {name: x, type: appstore, app_id: "1", country: de, interval: 10s}` + "\n", "sources[1].interval: 10s is outside 1m0s…24h0m0s"},
		{"api_base with a path", `  - {name: x, type: appstore, app_id: "1", country: de, api_base: "https://proxy.example.com/apple"}` + "\n", `sources[1].api_base: "https://proxy.example.com/apple" is not a scheme and host`},
		{"forms without a score column", `  - {name: x, type: google-forms, token: "x", columns: {comment: "Why?"}}` + "\n", "sources[1].columns: needs score or stars"},
		{"unknown column", `  - {name: x, type: qualtrics, token: "x", columns: {nps: QID1}}` + "\n", "sources[1].columns.nps: unknown field for type qualtrics (want one of score, stars, comment, touchpoint)"},
		{"delighted field", `  - {name: x, type: delighted, token: "x", fields: {comment: text}}` + "\n", "sources[1].fields.comment: unknown field for type delighted (want one of touchpoint)"},
		{"bad time zone", `  - {name: x, type: qualtrics, token: "x", time_zone: Mars/Olympus}` + "\n", `sources[1].time_zone: "Mars/Olympus" is not a known time zone`},
		{"same token", `  - {name: x, type: delighted, token: "s"}` + "\n", "sources[1].token: is the same as sources[0].token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.ParseFeed(strings.NewReader(withSources(tt.items)), "feed.yaml", noEnv)
			if err == nil || !strings.Contains(err.Error(), "feed.yaml: "+tt.want) {
				t.Errorf("ParseFeed error = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}
