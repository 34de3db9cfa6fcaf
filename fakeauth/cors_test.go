package fakeauth_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/authconform/authconform/fakeauth"
)

const appOrigin = "http://app.localhost:3000"

func TestCORS(t *testing.T) {
	tests := []struct {
		name   string
		method string
		path   string
		origin string
		want   bool // CORS headers expected
	}{
		{name: "allowed origin api", method: http.MethodGet, path: "/api/items", origin: appOrigin, want: true},
		{name: "allowed origin refresh", method: http.MethodPost, path: "/auth/refresh", origin: appOrigin, want: true},
		{name: "allowed origin unknown path", method: http.MethodGet, path: "/nope", origin: appOrigin, want: true},
		{name: "other origin", method: http.MethodGet, path: "/api/items", origin: "http://evil.localhost:3000"},
		{name: "origin prefix", method: http.MethodGet, path: "/api/items", origin: appOrigin + ".evil"},
		{name: "no origin", method: http.MethodGet, path: "/api/items"},
		{name: "control from allowed origin", method: http.MethodGet, path: fakeauth.ControlPrefix + "health", origin: appOrigin},
		{name: "control journal from allowed origin", method: http.MethodGet, path: fakeauth.ControlPrefix + "journal", origin: appOrigin},
	}
	srv := newServer(t, fakeauth.Config{AllowOrigins: []string{"http://other.localhost", appOrigin}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, srv, tt.method, tt.path, "")
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			r := send(t, http.DefaultClient, req)
			checkCORS(t, r, tt.origin, tt.want)
		})
	}
}

// checkCORS checks the CORS headers of a reply: all present for origin when
// want, else none.
func checkCORS(tb testing.TB, r reply, origin string, want bool) {
	tb.Helper()
	if !want {
		for k := range r.header {
			if strings.HasPrefix(k, "Access-Control-") {
				tb.Errorf("%s: got %q; want no CORS headers", k, r.header.Get(k))
			}
		}
		return
	}
	for k, v := range map[string]string{
		"Access-Control-Allow-Origin":      origin,
		"Access-Control-Allow-Credentials": "true",
		"Vary":                             "Origin",
	} {
		if got := r.header.Get(k); got != v {
			tb.Errorf("%s: got %q; want %q", k, got, v)
		}
	}
}

func TestPreflight(t *testing.T) {
	tests := []struct {
		name    string
		path    string
		origin  string
		status  int
		cors    bool
		journal fakeauth.Kind
	}{
		{name: "allowed", path: "/auth/refresh", origin: appOrigin, status: http.StatusNoContent, cors: true, journal: fakeauth.KindPreflight},
		{name: "allowed api", path: "/api/items", origin: appOrigin, status: http.StatusNoContent, cors: true, journal: fakeauth.KindPreflight},
		{name: "disallowed", path: "/auth/refresh", origin: "http://evil.localhost", status: http.StatusForbidden, journal: fakeauth.KindPreflight},
		{name: "no origin", path: "/auth/refresh", status: http.StatusForbidden, journal: fakeauth.KindPreflight},
		{name: "control", path: fakeauth.ControlPrefix + "reset", origin: appOrigin, status: http.StatusForbidden, journal: fakeauth.KindControl},
	}
	srv := newServer(t, fakeauth.Config{AllowOrigins: []string{appOrigin}})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, srv, http.MethodOptions, tt.path, "")
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			req.Header.Set("Access-Control-Request-Method", http.MethodPost)
			req.Header.Set("Access-Control-Request-Headers", "content-type, x-csrf-token")
			r := send(t, http.DefaultClient, req)
			if r.status != tt.status {
				t.Errorf("status: got %d; want %d", r.status, tt.status)
			}
			checkCORS(t, r, tt.origin, tt.cors)
			if tt.cors {
				if got := r.header.Get("Access-Control-Allow-Methods"); !containsToken(got, "POST") || !containsToken(got, "GET") {
					t.Errorf("Access-Control-Allow-Methods: got %q; want GET and POST among them", got)
				}
				if got, want := r.header.Get("Access-Control-Allow-Headers"), "content-type, x-csrf-token"; got != want {
					t.Errorf("Access-Control-Allow-Headers: got %q; want %q", got, want)
				}
			} else if r.status >= 400 && r.str("error") == "" {
				t.Errorf("body: got %s; want a JSON error", r.raw)
			}
			e := last(t, srv, tt.journal)
			if e.Path != tt.path || int(e.Status) != tt.status || e.Method != http.MethodOptions {
				t.Errorf("journal: got %v; want %s OPTIONS %s → %d", e, tt.journal, tt.path, tt.status)
			}
		})
	}
	// A preflight is answered by the server itself: it never consumes
	// credentials or script steps.
	if n := settled(t, srv, 1).Count(fakeauth.KindRefresh, fakeauth.KindAPI); n != 0 {
		t.Errorf("journal: got %d refresh or api entries; want 0", n)
	}
}

func containsToken(list, tok string) bool {
	for len(list) > 0 {
		var item string
		item, list, _ = strings.Cut(list, ",")
		if strings.TrimSpace(item) == tok {
			return true
		}
	}
	return false
}
