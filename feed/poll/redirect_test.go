package poll

import (
	"net/http"
	"testing"
)

func TestRedirectKeepsSecretsOnHost(t *testing.T) {
	via, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:1/feed", nil)
	other, _ := http.NewRequest(http.MethodGet, "http://localhost:1/feed", nil)
	other.Header.Set("X-Api-Key", "secret")
	other.Header.Set("User-Agent", "cxtv-feed")
	if err := keepSecretsOnHost(other, []*http.Request{via}); err != nil {
		t.Fatal(err)
	}
	if other.Header.Get("X-Api-Key") != "" || other.Header.Get("User-Agent") == "" {
		t.Errorf("headers after a redirect to another host = %v, want the api key gone, the user agent kept", other.Header)
	}
	same, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:1/moved", nil)
	same.Header.Set("X-Api-Key", "secret")
	keepSecretsOnHost(same, []*http.Request{via})
	if same.Header.Get("X-Api-Key") != "secret" {
		t.Error("a redirect on the same host dropped the api key")
	}
	many := make([]*http.Request, 10)
	for i := range many {
		many[i] = via
	}
	if keepSecretsOnHost(same, many) == nil {
		t.Error("an 11th redirect was followed")
	}
}
