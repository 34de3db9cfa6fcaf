package fakeauth_test

import (
	"net/http"
	"testing"

	"github.com/authconform/authconform/fakeauth"
)

// TestControlRefusesPages: the control API answers no request a web page
// makes, even from an origin the auth and API paths allow: no CORS headers
// (so a page cannot read it), and a refusal before the call runs (so a page
// cannot drive it blindly with a simple request, which needs no preflight,
// nor from the server's own origin, where it would need no CORS at all).
func TestControlRefusesPages(t *testing.T) {
	srv := newServer(t, fakeauth.Config{AllowOrigins: []string{appOrigin}})
	c := login(t, srv)

	calls := []struct{ method, name, body string }{
		{http.MethodGet, "health", ""},
		{http.MethodGet, "journal", ""},
		{http.MethodGet, "sessions", ""},
		{http.MethodGet, "script", ""},
		{http.MethodPut, "script", `{"behaviours":{"api":[{"respond":{"status":500}}]}}`},
		{http.MethodPost, "scenario", `{"id":"revoked"}`},
		{http.MethodPost, "reset", ""},
		{http.MethodPost, "expire-access", `{"session":0}`},
		{http.MethodPost, "expire-refresh", `{"session":0}`},
		{http.MethodPost, "revoke", `{"session":0}`},
		{http.MethodPost, "disable", `{"user":"alice"}`},
		{http.MethodPost, "enable", `{"user":"alice"}`},
	}
	pages := []struct {
		name   string
		header map[string]string
	}{
		{"allowed origin", map[string]string{"Origin": appOrigin}},
		{"other origin", map[string]string{"Origin": "http://evil.localhost:3000"}},
		{"opaque origin", map[string]string{"Origin": "null"}},
		{"own origin", map[string]string{"Origin": srv.URL, "Sec-Fetch-Site": "same-origin"}},
		{"same-site GET without Origin", map[string]string{"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "no-cors"}},
		{"cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}},
	}
	for _, page := range pages {
		for _, call := range calls {
			t.Run(page.name+" "+call.method+" "+call.name, func(t *testing.T) {
				req := newRequest(t, srv, call.method, fakeauth.ControlPrefix+call.name, call.body)
				if call.body != "" {
					// What fetch(url, {method, body, mode: "no-cors"}) sends:
					// a simple request, which no preflight guards.
					req.Header.Set("Content-Type", "text/plain;charset=UTF-8")
				}
				for k, v := range page.header {
					req.Header.Set(k, v)
				}
				r := send(t, http.DefaultClient, req)
				wantError(t, r, http.StatusForbidden, "page_request_refused")
				checkCORS(t, r, "", false)
			})
		}
		t.Run(page.name+" preflight", func(t *testing.T) {
			req := newRequest(t, srv, http.MethodOptions, fakeauth.ControlPrefix+"revoke", "")
			for k, v := range page.header {
				req.Header.Set(k, v)
			}
			req.Header.Set("Access-Control-Request-Method", http.MethodPost)
			req.Header.Set("Access-Control-Request-Headers", "content-type")
			r := send(t, http.DefaultClient, req)
			wantError(t, r, http.StatusForbidden, "page_request_refused")
			checkCORS(t, r, "", false)
		})
	}

	// Nothing the pages asked for happened.
	if r := c.api(); r.status != http.StatusOK {
		t.Errorf("api after the pages' calls: got %d; want 200 (body %s): a page drove the control API", r.status, r.raw)
	}
	if r := c.refreshTokens(); r.status != http.StatusOK {
		t.Errorf("refresh after the pages' calls: got %d; want 200 (body %s): a page drove the control API", r.status, r.raw)
	}
	if n := len(srv.Sessions()); n != 1 {
		t.Errorf("sessions: got %d; want 1 (a page reset the server)", n)
	}
	if got := srv.Script(); len(got.Behaviours) != 0 {
		t.Errorf("script: got %v; want the one the server started with", got.Behaviours)
	}

	// The same API answers a test process, and a page's API calls still get
	// their CORS headers.
	for _, h := range []map[string]string{nil, {"Sec-Fetch-Site": "none"}} {
		req := newRequest(t, srv, http.MethodGet, fakeauth.ControlPrefix+"health", "")
		for k, v := range h {
			req.Header.Set(k, v)
		}
		if r := send(t, http.DefaultClient, req); r.status != http.StatusOK {
			t.Errorf("health with %v: got %d; want 200", h, r.status)
		}
	}
	req := c.withAccess(newRequest(t, srv, http.MethodGet, "/api/items", ""))
	req.Header.Set("Origin", appOrigin)
	checkCORS(t, send(t, http.DefaultClient, req), appOrigin, true)
}
