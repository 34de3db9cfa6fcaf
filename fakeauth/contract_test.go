package fakeauth_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/authconform/authconform/fakeauth"
)

// A contract like a third-party app's: auth paths under the API prefix,
// PUT for the refresh, the access token in a header of its own.
func TestThirdPartyContract(t *testing.T) {
	srv, err := fakeauth.NewServer(fakeauth.Config{Contract: fakeauth.Contract{
		Style:         fakeauth.StyleBearer,
		LoginPath:     "/api/session",
		RefreshPath:   "/api/session/refresh",
		LogoutPath:    "/api/session/end",
		RefreshMethod: "put",
		AccessHeader:  "X-Access-Token",
		AccessScheme:  "-",
		AccessField:   "token",
		RefreshField:  "renew",
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	do := func(method, path, header, body string) (int, map[string]any) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if header != "" {
			req.Header.Set("X-Access-Token", header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	st, m := do("POST", "/api/session", "", `{"username":"alice","password":"wonderland"}`)
	if st != 200 || m["token"] == nil || m["renew"] == nil {
		t.Fatalf("login: %d %v; want 200 with token and renew", st, m)
	}
	access, renew := m["token"].(string), m["renew"].(string)
	if st, _ := do("GET", "/api/items", access, ""); st != 200 {
		t.Errorf("api with the bare token in X-Access-Token: %d; want 200", st)
	}
	if st, _ := do("GET", "/api/items", "Bearer "+access, ""); st != 401 {
		t.Errorf("api with a scheme the contract does not use: %d; want 401", st)
	}
	if st, _ := do("POST", "/api/session/refresh", "", `{"renew":"`+renew+`"}`); st != 405 {
		t.Errorf("refresh with POST when the contract says PUT: %d; want 405", st)
	}
	if st, m := do("PUT", "/api/session/refresh", "", `{"renew":"`+renew+`"}`); st != 200 || m["token"] == nil {
		t.Errorf("refresh with PUT: %d %v; want 200 with a new token", st, m)
	}
	kinds := map[string]int{}
	for _, e := range srv.Journal().Snapshot().Entries {
		kinds[e.Kind.String()]++
	}
	if kinds["refresh"] != 2 || kinds["login"] != 1 || kinds["api"] != 2 {
		t.Errorf("journal endpoints: %v; want 1 login, 2 refresh, 2 api", kinds)
	}
}
