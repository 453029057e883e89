package config

import (
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cxtv/cxtv/feed"
)

// SourceConfig is one origin of feedback: a survey or review tool, or cxtv's
// own JSON and CSV. Each type reads the keys listed for it in SourceTypes;
// any other key set on the source is an error.
type SourceConfig struct {
	Name string `mapstructure:"name"`
	Type string `mapstructure:"type"` // SourceTypes; default cxtv
	// Token authenticates posts, webhooks and imports of the types that
	// cannot sign them.
	Token string `mapstructure:"token"`

	// cxtv
	Scale feed.Scale `mapstructure:"scale"` // the default scale of its answers
	CSV   CSVConfig  `mapstructure:"csv"`
	Poll  PollConfig `mapstructure:"poll"`

	// typeform: the webhook's secret, for Typeform-Signature.
	Secret string `mapstructure:"secret"`
	// surveymonkey: the app's key and secret sign its webhooks
	// (Sm-Signature); the access token reads the survey's responses.
	APIKey    string `mapstructure:"api_key"`
	APISecret string `mapstructure:"api_secret"`
	SurveyID  string `mapstructure:"survey_id"`
	// surveymonkey, googleplay: a bearer token for the API.
	AccessToken string `mapstructure:"access_token"`
	// appstore
	AppID   string `mapstructure:"app_id"`
	Country string `mapstructure:"country"`
	// googleplay: the service account's JSON key.
	PackageName     string `mapstructure:"package_name"`
	CredentialsFile string `mapstructure:"credentials_file"`

	// Pulled types: between pulls, and the scheme and host of the API (a
	// proxy, another data centre, a test server).
	Interval time.Duration `mapstructure:"interval"`
	APIBase  string        `mapstructure:"api_base"`
	// qualtrics, google-forms: the zone of the export's times.
	TimeZone string `mapstructure:"time_zone"`
	// qualtrics, google-forms: which column holds which answer (score,
	// stars, comment, touchpoint): by ImportId for qualtrics, by the
	// question's text for google-forms.
	Columns map[string]string `mapstructure:"columns"`
	// delighted, typeform, surveymonkey: where in a response each answer
	// is, by the tool's own names (a property, a field ref, a question id).
	Fields map[string]string `mapstructure:"fields"`
}

// The source types.
const (
	TypeCXTV         = "cxtv"
	TypeDelighted    = "delighted"
	TypeTypeform     = "typeform"
	TypeSurveyMonkey = "surveymonkey"
	TypeQualtrics    = "qualtrics"
	TypeGoogleForms  = "google-forms"
	TypeAppStore     = "appstore"
	TypeGooglePlay   = "googleplay"
)

// SourceType says how a type of source delivers and which keys it reads.
type SourceType struct {
	Name string
	// Keys are the source's keys the type reads, besides name and type.
	Keys []string
	// Fields are the keys its columns or fields map may hold.
	Fields []string
	Pulled bool // the server fetches it every interval
}

var answerFields = []string{"score", "stars", "comment", "touchpoint"}

// SourceTypes are the types a source may have, in the order the README
// lists them.
var SourceTypes = []SourceType{
	{Name: TypeCXTV, Keys: []string{"token", "scale", "csv", "poll"}},
	{Name: TypeDelighted, Keys: []string{"token", "fields"}, Fields: []string{"touchpoint"}},
	{Name: TypeTypeform, Keys: []string{"secret", "fields"}, Fields: answerFields},
	{Name: TypeSurveyMonkey, Keys: []string{"api_key", "api_secret", "access_token", "survey_id", "interval", "api_base", "fields"}, Fields: answerFields, Pulled: true},
	{Name: TypeQualtrics, Keys: []string{"token", "time_zone", "columns"}, Fields: answerFields},
	{Name: TypeGoogleForms, Keys: []string{"token", "time_zone", "columns"}, Fields: answerFields},
	{Name: TypeAppStore, Keys: []string{"app_id", "country", "interval", "api_base"}, Pulled: true},
	{Name: TypeGooglePlay, Keys: []string{"package_name", "credentials_file", "access_token", "interval", "api_base"}, Pulled: true},
}

// sourceType returns the type named name.
func sourceType(name string) (SourceType, bool) {
	i := slices.IndexFunc(SourceTypes, func(t SourceType) bool { return t.Name == name })
	if i < 0 {
		return SourceType{}, false
	}
	return SourceTypes[i], true
}

// Polled reports whether the server fetches the source: a pulled type, or
// a cxtv source with a poll URL.
func (s *SourceConfig) Polled() bool {
	if t, ok := sourceType(s.Type); ok && t.Pulled {
		return true
	}
	return s.Poll.URL != ""
}

var (
	appIDPattern       = regexp.MustCompile(`^[0-9]{1,20}$`)
	countryPattern     = regexp.MustCompile(`^[a-z]{2}$`)
	packageNamePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$`)
	surveyIDPattern    = regexp.MustCompile(`^[0-9A-Za-z_-]{1,64}$`)
)

// validate fills in the source's defaults and checks the keys of its type.
// checkToken checks a token that is required and unique.
func (s *SourceConfig) validate(p string, errs *fieldErrs, checkToken func(path, tok string)) {
	if s.Type == "" {
		s.Type = TypeCXTV
	}
	t, ok := sourceType(s.Type)
	if !ok {
		names := make([]string, len(SourceTypes))
		for i, t := range SourceTypes {
			names[i] = t.Name
		}
		errs.add(p+".type", "%q is not a source type (want one of %s)", s.Type, strings.Join(names, ", "))
		return
	}
	s.foreignKeys(p, t, errs)
	for _, m := range []struct {
		key    string
		fields map[string]string
	}{{"columns", s.Columns}, {"fields", s.Fields}} {
		for field, where := range m.fields {
			switch {
			case !slices.Contains(t.Fields, field):
				errs.add(p+"."+m.key+"."+field, "unknown field for type %s (want one of %s)", t.Name, strings.Join(t.Fields, ", "))
			case strings.TrimSpace(where) == "":
				errs.add(p+"."+m.key+"."+field, "is empty")
			}
		}
	}
	if t.Pulled {
		if s.Interval == 0 {
			s.Interval = DefaultPollInterval
		}
		if s.Interval < MinPollInterval || s.Interval > MaxPollInterval {
			errs.add(p+".interval", "%v is outside %v…%v", s.Interval, MinPollInterval, MaxPollInterval)
		}
		if s.APIBase != "" {
			if u, err := url.Parse(s.APIBase); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
				strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.User != nil {
				errs.add(p+".api_base", "%q is not a scheme and host such as https://api.example.com (the path stays the tool's)", s.APIBase)
			}
		}
	}
	if slices.Contains(t.Keys, "time_zone") {
		if s.TimeZone == "" && s.Type == TypeGoogleForms {
			s.TimeZone = "Europe/Berlin" // a sheet's times carry no zone
		}
		if _, err := time.LoadLocation(s.TimeZone); s.TimeZone != "" && err != nil {
			errs.add(p+".time_zone", "%q is not a known time zone", s.TimeZone)
		}
	}

	switch s.Type {
	case TypeCXTV:
		// A polled source posts nothing, so it needs no token; one it has
		// must still be unique.
		if s.Token != "" || !s.Polled() {
			checkToken(p+".token", s.Token)
		}
		if s.Scale == "" {
			s.Scale = feed.ScaleNPS
		}
		if _, err := feed.ParseScale(string(s.Scale)); err != nil {
			errs.add(p+".scale", "%v", err)
		}
		s.CSV.validate(p+".csv", errs)
		s.Poll.validate(p+".poll", errs)
	case TypeDelighted, TypeQualtrics:
		checkToken(p+".token", s.Token)
	case TypeGoogleForms:
		checkToken(p+".token", s.Token)
		if s.Columns["score"] == "" && s.Columns["stars"] == "" {
			errs.add(p+".columns", "needs score or stars: the header of the question, as in the sheet's first row")
		}
	case TypeTypeform:
		if s.Secret == "" {
			errs.add(p+".secret", "is required: the secret set on the form's webhook, which signs every delivery")
		}
	case TypeSurveyMonkey:
		if s.AccessToken == "" {
			errs.add(p+".access_token", "is required: the app's access token, to read the responses")
		}
		if !surveyIDPattern.MatchString(s.SurveyID) {
			errs.add(p+".survey_id", "%q is not a survey id such as 512349876", s.SurveyID)
		}
		if (s.APIKey == "") != (s.APISecret == "") {
			errs.add(p+".api_secret", "api_key and api_secret go together: they sign the webhook deliveries")
		}
	case TypeAppStore:
		if !appIDPattern.MatchString(s.AppID) {
			errs.add(p+".app_id", "%q is not an app id: the number in the app's link (…/id123456789)", s.AppID)
		}
		if !countryPattern.MatchString(s.Country) {
			errs.add(p+".country", "%q is not a two-letter storefront code such as de", s.Country)
		}
	case TypeGooglePlay:
		if !packageNamePattern.MatchString(s.PackageName) {
			errs.add(p+".package_name", "%q is not an application id such as com.example.shop", s.PackageName)
		}
		if (s.CredentialsFile == "") == (s.AccessToken == "") {
			errs.add(p+".credentials_file", "needs credentials_file (a service account's JSON key) or access_token, not both")
		}
	}
}

// foreignKeys reports every key set on s that its type t does not read.
func (s *SourceConfig) foreignKeys(p string, t SourceType, errs *fieldErrs) {
	v := reflect.ValueOf(s).Elem()
	for i := range v.NumField() {
		key := v.Type().Field(i).Tag.Get("mapstructure")
		if key == "name" || key == "type" || slices.Contains(t.Keys, key) || v.Field(i).IsZero() {
			continue
		}
		errs.add(p+"."+key, "is not a key of type %s (its keys: %s)", t.Name, strings.Join(t.Keys, ", "))
	}
}
