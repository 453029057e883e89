package googleplay_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cxtv/cxtv/feed/source/googleplay"
)

// fakeTokenEndpoint is Google's OAuth 2.0 token endpoint for the JWT flow
// of a service account: it checks the signed assertion against the key's
// public half and hands out tok-1, tok-2, … that expire at once, so that
// every request needs a new one.
type fakeTokenEndpoint struct {
	t   *testing.T
	key *rsa.PublicKey
	url string // its own address: the assertion's audience

	mu     sync.Mutex // guards issued
	issued int
}

func (f *fakeTokenEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.Method != http.MethodPost {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if g := r.PostForm.Get("grant_type"); g != "urn:ietf:params:oauth:grant-type:jwt-bearer" {
		f.fail(w, "grant_type %q", g)
		return
	}
	parts := strings.Split(r.PostForm.Get("assertion"), ".")
	if len(parts) != 3 {
		f.fail(w, "assertion is no JWT")
		return
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		f.fail(w, "signature: %v", err)
		return
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(f.key, crypto.SHA256, sum[:], sig); err != nil {
		f.fail(w, "signature does not verify: %v", err)
		return
	}
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims struct {
		Iss, Scope, Aud string
		Exp, Iat        int64
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		f.fail(w, "claims: %v", err)
		return
	}
	if claims.Iss != "cxtv-feed@kantine-123.iam.gserviceaccount.com" || claims.Scope != googleplay.Scope || claims.Aud != f.url || claims.Exp <= claims.Iat {
		f.fail(w, "claims %+v", claims)
		return
	}
	f.mu.Lock()
	f.issued++
	n := f.issued
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"Bearer","expires_in":1}`, n)
}

func (f *fakeTokenEndpoint) fail(w http.ResponseWriter, format string, args ...any) {
	f.t.Errorf("token endpoint: "+format, args...)
	w.WriteHeader(http.StatusBadRequest)
	fmt.Fprint(w, `{"error":"invalid_grant"}`)
}

func (f *fakeTokenEndpoint) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.issued
}

// writeKey writes a service account's JSON key, with a key pair made for
// the test, whose token_uri is tokenURL.
func writeKey(tb testing.TB, tokenURL string) (string, *rsa.PublicKey) {
	tb.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		tb.Fatal(err)
	}
	data, err := json.Marshal(map[string]string{
		"type":           "service_account",
		"project_id":     "kantine-123",
		"private_key_id": "0123456789abcdef",
		"private_key":    string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email":   "cxtv-feed@kantine-123.iam.gserviceaccount.com",
		"client_id":      "100000000000000000001",
		"auth_uri":       "https://accounts.google.com/o/oauth2/auth",
		"token_uri":      tokenURL,
	})
	if err != nil {
		tb.Fatal(err)
	}
	name := filepath.Join(tb.TempDir(), "service-account.json")
	if err := os.WriteFile(name, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return name, &key.PublicKey
}

func TestHTTPClientServiceAccount(t *testing.T) {
	t.Parallel()
	tokens := &fakeTokenEndpoint{t: t}
	tokenSrv := httptest.NewServer(tokens)
	t.Cleanup(tokenSrv.Close)
	tokens.url = tokenSrv.URL + "/token"
	keyFile, pub := writeKey(t, tokens.url)
	tokens.key = pub

	api := &fakeAPI{pages: map[string]string{"": string(readFile(t, "reviews-page2.json"))}}
	api.wantToken = func() string { return fmt.Sprintf("tok-%d", tokens.count()) }
	apiSrv := httptest.NewServer(api)
	t.Cleanup(apiSrv.Close)

	hc, err := googleplay.HTTPClient(context.Background(), keyFile)
	if err != nil {
		t.Fatal(err)
	}
	c := &googleplay.Client{BaseURL: apiSrv.URL, HTTP: hc}
	for i := 1; i <= 2; i++ {
		b, err := c.Reviews(context.Background(), "de.beispiel.kantine")
		if err != nil {
			t.Fatalf("Reviews #%d = %v", i, err)
		}
		checkReviews(t, b, fixtureReviews[6:])
		// The token expires at once, so each reading fetched a new one.
		if got := tokens.count(); got != i {
			t.Errorf("after reading #%d: %d tokens issued, want %d", i, got, i)
		}
	}
}

func TestHTTPClientErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	user := filepath.Join(dir, "user.json")
	if err := os.WriteFile(user, []byte(`{"type":"authorized_user","client_id":"x","client_secret":"y","refresh_token":"z"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(broken, []byte(`{"type":`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ file, want string }{
		{filepath.Join(dir, "missing.json"), "googleplay: credentials: open"},
		{user, `"authorized_user"`},
		{broken, "googleplay: credentials " + broken},
	} {
		if _, err := googleplay.HTTPClient(context.Background(), tt.file); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("HTTPClient(%s) = %v, want an error containing %q", filepath.Base(tt.file), err, tt.want)
		}
	}
	if _, err := googleplay.StaticHTTPClient(context.Background(), " "); err == nil {
		t.Error("StaticHTTPClient(\" \") = nil error, want one for the empty token")
	}
}
