package fakeauth_test

import (
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authconform/authconform/fakeauth"
)

// forge signs claims like the server's with any method and key.
func forge(tb testing.TB, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	tb.Helper()
	tok, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		tb.Fatalf("forge: %v", err)
	}
	return tok
}

// goodClaims are the claims of a live access token of session 1.
func goodClaims() jwt.MapClaims {
	exp := time.Now().Add(time.Hour)
	return jwt.MapClaims{"sid": 1, "gen": 1, "sub": "alice", "exp": exp.Unix(), "exp_ms": exp.UnixMilli()}
}

func TestBadAccessTokens(t *testing.T) {
	noSession := goodClaims()
	delete(noSession, "sid")
	future := goodClaims()
	future["gen"] = 9
	tests := []struct {
		name   string
		header string
		want   fakeauth.Cred
	}{
		{name: "garbage", header: "Bearer garbage", want: fakeauth.CredInvalid},
		{name: "three dots", header: "Bearer a.b.c", want: fakeauth.CredInvalid},
		{name: "bearer alone", header: "Bearer", want: fakeauth.CredNone},
		{name: "bearer and spaces", header: "Bearer    ", want: fakeauth.CredNone},
		{name: "other scheme", header: "Basic YWxpY2U6d29uZGVybGFuZA==", want: fakeauth.CredNone},
		{name: "other secret", header: "Bearer " + forge(t, jwt.SigningMethodHS256, []byte("not the secret"), goodClaims()), want: fakeauth.CredInvalid},
		{name: "alg none", header: "Bearer " + forge(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, goodClaims()), want: fakeauth.CredInvalid},
		{name: "wrong alg", header: "Bearer " + forge(t, jwt.SigningMethodHS512, testSecret, goodClaims()), want: fakeauth.CredInvalid},
		{name: "no session claim", header: "Bearer " + forge(t, jwt.SigningMethodHS256, testSecret, noSession), want: fakeauth.CredInvalid},
		{name: "generation never issued", header: "Bearer " + forge(t, jwt.SigningMethodHS256, testSecret, future), want: fakeauth.CredInvalid},
		{name: "huge", header: "Bearer " + strings.Repeat("x", 32<<10), want: fakeauth.CredInvalid},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		b := make([]byte, 1+rng.IntN(300))
		for j := range b {
			b[j] = byte(0x21 + rng.IntN(0x7e-0x21))
		}
		tests = append(tests, struct {
			name   string
			header string
			want   fakeauth.Cred
		}{name: "random " + string(rune('a'+i)), header: "Bearer " + string(b), want: fakeauth.CredInvalid})
	}

	srv := newServer(t, fakeauth.Config{})
	login(t, srv) // session 1 exists: only the tokens are wrong
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range []string{"/api/items", "/auth/me"} {
				req := newRequest(t, srv, http.MethodGet, path, "")
				req.Header.Set("Authorization", tt.header)
				r := send(t, http.DefaultClient, req)
				wantError(t, r, http.StatusUnauthorized, "invalid_token")
				if e := last(t, srv, fakeauth.KindAPI, fakeauth.KindMe); e.Cred != tt.want {
					t.Errorf("journal: got %v; want cred=%s", e, tt.want)
				}
			}
		})
	}
}

func TestBadBodies(t *testing.T) {
	huge := `{"username":"` + strings.Repeat("a", 100<<10) + `"}`
	tests := []struct {
		name   string
		path   string
		body   string
		status int
		code   string
	}{
		{name: "login truncated", path: "/auth/login", body: `{"username":`, status: 400, code: "invalid_request"},
		{name: "login array", path: "/auth/login", body: `[]`, status: 400, code: "invalid_request"},
		{name: "login null", path: "/auth/login", body: `null`, status: 400, code: "invalid_request"},
		{name: "login string", path: "/auth/login", body: `"alice"`, status: 400, code: "invalid_request"},
		{name: "login empty", path: "/auth/login", body: ``, status: 400, code: "invalid_request"},
		{name: "login not json", path: "/auth/login", body: `username=alice`, status: 400, code: "invalid_request"},
		{name: "login wrong types", path: "/auth/login", body: `{"username":5,"password":true}`, status: 401, code: "invalid_grant"},
		{name: "login wrong password", path: "/auth/login", body: `{"username":"alice","password":"nope"}`, status: 401, code: "invalid_grant"},
		{name: "login unknown user", path: "/auth/login", body: `{"username":"mallory","password":"x"}`, status: 401, code: "invalid_grant"},
		{name: "login oversized", path: "/auth/login", body: huge, status: 413, code: "invalid_request"},
		{name: "refresh truncated", path: "/auth/refresh", body: `{"refresh_token":`, status: 400, code: "invalid_request"},
		{name: "refresh array", path: "/auth/refresh", body: `[1,2]`, status: 400, code: "invalid_request"},
		{name: "refresh oversized", path: "/auth/refresh", body: huge, status: 413, code: "invalid_request"},
		{name: "refresh unknown token", path: "/auth/refresh", body: `{"refresh_token":"nope"}`, status: 401, code: "invalid_grant"},
		{name: "refresh token not a string", path: "/auth/refresh", body: `{"refresh_token":42}`, status: 401, code: "invalid_grant"},
		{name: "refresh no token", path: "/auth/refresh", body: ``, status: 401, code: "invalid_grant"},
	}
	srv := newServer(t, fakeauth.Config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, http.MethodPost, tt.path, tt.body)
			wantError(t, r, tt.status, tt.code)
		})
	}
	// Nothing above may have opened a session.
	if s := srv.Sessions(); len(s) != 0 {
		t.Errorf("sessions: got %+v; want none", s)
	}
}

func TestBadLogoutBodies(t *testing.T) {
	srv := newServer(t, fakeauth.Config{})
	for _, body := range []string{`{`, `[]`, `{"refresh_token":7}`, strings.Repeat("x", 100<<10)} {
		if r := do(t, srv, http.MethodPost, "/auth/logout", body); r.status >= 500 {
			t.Errorf("logout with %.20q: got %d; want no 5xx", body, r.status)
		}
	}
}

func TestOversizedHeaders(t *testing.T) {
	srv := newServer(t, fakeauth.Config{})
	req := newRequest(t, srv, http.MethodGet, "/api/items", "")
	req.Header.Set("X-Padding", strings.Repeat("p", 100<<10)) // MaxHeaderBytes is 64 KiB
	r := send(t, http.DefaultClient, req)
	if r.status != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("status: got %d; want 431", r.status)
	}
	// A header under the limit still reaches the server.
	req = newRequest(t, srv, http.MethodGet, "/api/items", "")
	req.Header.Set("X-Padding", strings.Repeat("p", 32<<10))
	wantError(t, send(t, http.DefaultClient, req), http.StatusUnauthorized, "invalid_token")
}

func TestWrongMethod(t *testing.T) {
	tests := []struct {
		name   string
		method string
		path   string
	}{
		{name: "get login", method: http.MethodGet, path: "/auth/login"},
		{name: "put refresh", method: http.MethodPut, path: "/auth/refresh"},
		{name: "delete logout", method: http.MethodDelete, path: "/auth/logout"},
		{name: "get refresh", method: http.MethodGet, path: "/auth/refresh"},
	}
	srv := newServer(t, fakeauth.Config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, tt.method, tt.path, "")
			wantError(t, r, http.StatusMethodNotAllowed, "invalid_request")
			if got := r.header.Get("Allow"); got != http.MethodPost {
				t.Errorf("Allow: got %q; want POST", got)
			}
		})
	}
}

func TestUnknownPath(t *testing.T) {
	srv := newServer(t, fakeauth.Config{})
	for _, path := range []string{"/", "/nope", "/auth/nope", "/api", "/auth/login/extra"} {
		t.Run(path, func(t *testing.T) {
			r := do(t, srv, http.MethodGet, path, "")
			wantError(t, r, http.StatusNotFound, "not_found")
			if e := last(t, srv, fakeauth.KindOther); e.Path != path || e.Status != 404 {
				t.Errorf("journal: got %v; want other %s → 404", e, path)
			}
		})
	}
}

func TestChunkedBody(t *testing.T) {
	// A body of unknown length is read like any other.
	srv := newServer(t, fakeauth.Config{})
	req := newRequest(t, srv, http.MethodPost, "/auth/login", "")
	req.Body = io.NopCloser(strings.NewReader(`{"username":"alice","password":"wonderland"}`))
	req.ContentLength = -1
	if r := send(t, http.DefaultClient, req); r.status != http.StatusOK {
		t.Errorf("chunked login: got %d; want 200 (body %s)", r.status, r.raw)
	}
}
