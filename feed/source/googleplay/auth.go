package googleplay

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
)

// Scope is the OAuth 2.0 scope of the Google Play Developer API.
const Scope = "https://www.googleapis.com/auth/androidpublisher"

// HTTPClient returns a client that authorises its requests as the service
// account whose JSON key is credentialsFile (Google Cloud console →
// service account → Keys → JSON; the account needs "View app information"
// for the app in Play Console). It fetches an access token from the key's
// token_uri when it first needs one and fetches a new one before that
// expires. ctx is used for those token requests (an *http.Client in it
// under oauth2.HTTPClient sends them) and must outlive the client.
func HTTPClient(ctx context.Context, credentialsFile string) (*http.Client, error) {
	data, err := os.ReadFile(credentialsFile)
	if err != nil {
		return nil, fmt.Errorf("googleplay: credentials: %w", err)
	}
	cfg, err := google.JWTConfigFromJSON(data, Scope)
	if err != nil {
		return nil, fmt.Errorf("googleplay: credentials %s: %w", credentialsFile, err)
	}
	return cfg.Client(ctx), nil
}

// StaticHTTPClient returns a client that sends accessToken with every
// request, for a token obtained elsewhere (gcloud auth
// print-access-token). It cannot refresh the token: once it expires,
// Reviews fails with ErrAccess.
func StaticHTTPClient(ctx context.Context, accessToken string) (*http.Client, error) {
	accessToken = strings.TrimSpace(accessToken)
	if accessToken == "" {
		return nil, errors.New("googleplay: access token is empty")
	}
	return oauth2.NewClient(ctx, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: accessToken, TokenType: "Bearer"})), nil
}
