package fakeauth_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authconform/authconform/fakeauth"
)

// handlerServer returns an unstarted bearer-style server, driven through its
// Handler, with a logged-in session whose tokens it returns.
func handlerServer(tb testing.TB) (srv *fakeauth.Server, access, refresh string) {
	tb.Helper()
	srv, err := fakeauth.NewUnstartedServer(fakeauth.Config{
		Secret:       testSecret,
		Contract:     fakeauth.Contract{Style: fakeauth.StyleBearer},
		Script:       fakeauth.Script{Rotation: fakeauth.RotationOff},
		JournalLimit: 1024,
	})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(srv.Close)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/auth/login", strings.NewReader(`{"username":"alice","password":"wonderland"}`)))
	var body struct {
		Access  string `json:"access_token"`
		Refresh string `json:"refresh_token"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != http.StatusOK {
		tb.Fatalf("login: got %d %s; want 200 with tokens", rec.Code, rec.Body)
	}
	return srv, body.Access, body.Refresh
}

func TestParseAccessToken(t *testing.T) {
	_, tok, _ := handlerServer(t)
	without := func(claim string) jwt.MapClaims {
		c := goodClaims()
		delete(c, claim)
		return c
	}
	past := time.UnixMilli(time.Now().Add(-time.Hour).UnixMilli())
	expired := goodClaims()
	expired["exp_ms"] = past.UnixMilli()
	tests := []struct {
		name    string
		raw     string
		wantSID uint32
		wantExp time.Time // zero: any
		wantErr bool
	}{
		{name: "issued", raw: tok, wantSID: 1},
		{name: "expired", raw: forge(t, jwt.SigningMethodHS256, testSecret, expired), wantSID: 1, wantExp: past},
		{name: "other secret", raw: forge(t, jwt.SigningMethodHS256, []byte("other"), goodClaims()), wantErr: true},
		{name: "alg none", raw: forge(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, goodClaims()), wantErr: true},
		{name: "wrong alg", raw: forge(t, jwt.SigningMethodHS384, testSecret, goodClaims()), wantErr: true},
		{name: "no session", raw: forge(t, jwt.SigningMethodHS256, testSecret, without("sid")), wantErr: true},
		{name: "no generation", raw: forge(t, jwt.SigningMethodHS256, testSecret, without("gen")), wantErr: true},
		{name: "no expiry", raw: forge(t, jwt.SigningMethodHS256, testSecret, without("exp_ms")), wantErr: true},
		{name: "empty", raw: "", wantErr: true},
		{name: "huge", raw: tok + strings.Repeat("A", 8<<10), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sid, gen, exp, err := fakeauth.ParseAccessToken(testSecret, tt.raw)
			if tt.wantErr {
				if err == nil {
					t.Errorf("got session %d, generation %d; want an error", sid, gen)
				}
				return
			}
			if err != nil || sid != tt.wantSID || gen != 1 {
				t.Errorf("got %d, %d, %v; want session %d, generation 1", sid, gen, err, tt.wantSID)
			}
			if !tt.wantExp.IsZero() && !exp.Equal(tt.wantExp) {
				t.Errorf("expiry: got %v; want %v", exp, tt.wantExp)
			}
		})
	}
}

func FuzzParseAccessToken(f *testing.F) {
	_, tok, _ := handlerServer(f)
	f.Add(tok)
	f.Add(tok[:len(tok)-3])
	f.Add(tok + "x")
	f.Add(strings.ReplaceAll(tok, ".", ".."))
	f.Add("")
	f.Add("garbage")
	f.Add("a.b.c")
	f.Add("..")
	f.Add("eyJ.eyJ.")
	f.Add(forge(f, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, goodClaims()))
	f.Add(forge(f, jwt.SigningMethodHS512, testSecret, goodClaims()))
	f.Add(forge(f, jwt.SigningMethodHS256, []byte("other"), goodClaims()))
	f.Add(forge(f, jwt.SigningMethodHS256, testSecret, jwt.MapClaims{"sid": -1, "gen": 1e40, "exp_ms": "soon"}))
	f.Fuzz(func(t *testing.T, raw string) {
		sid, gen, exp, err := fakeauth.ParseAccessToken(testSecret, raw)
		if err != nil {
			if sid != 0 || gen != 0 || !exp.IsZero() {
				t.Errorf("on error: got %d, %d, %v; want zero values", sid, gen, exp)
			}
			return
		}
		if sid == 0 || gen == 0 || exp.IsZero() {
			t.Errorf("accepted %q: got session %d, generation %d, expiry %v; want all set", raw, sid, gen, exp)
		}
	})
}

// fuzzTargets are the requests FuzzServeAuthHeader sends, by index.
var fuzzTargets = []struct{ method, path string }{
	{http.MethodGet, "/api/items"},
	{http.MethodGet, "/auth/me"},
	{http.MethodPost, "/auth/refresh"},
	{http.MethodPost, "/auth/login"},
	{http.MethodPost, "/auth/logout"},
	{http.MethodOptions, "/api/items"},
	{http.MethodGet, "/nope"},
}

func FuzzServeAuthHeader(f *testing.F) {
	srv, access, refresh := handlerServer(f)
	f.Add(uint8(0), "Bearer "+access, "")
	f.Add(uint8(1), "Bearer "+access, "")
	f.Add(uint8(0), "Bearer", "")
	f.Add(uint8(0), "Bearer "+forge(f, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, goodClaims()), "")
	f.Add(uint8(0), "Basic YWxpY2U6d29uZGVybGFuZA==", "")
	f.Add(uint8(2), "", `{"refresh_token":"`+refresh+`"}`)
	f.Add(uint8(2), "", `{"refresh_token":`)
	f.Add(uint8(2), "", `[{"refresh_token":null}]`)
	f.Add(uint8(3), "", `{"username":"alice","password":"wonderland"}`)
	f.Add(uint8(3), "", `{"username":["alice"]}`)
	f.Add(uint8(4), "Bearer "+access, `{"refresh_token":"nope"}`)
	f.Add(uint8(5), "\x00\xff", "\xff")
	f.Fuzz(func(t *testing.T, target uint8, auth, body string) {
		tg := fuzzTargets[int(target)%len(fuzzTargets)]
		req := httptest.NewRequest(tg.method, tg.path, strings.NewReader(body))
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		if tg.method == http.MethodOptions {
			req.Header.Set("Origin", "http://app.localhost")
			req.Header.Set("Access-Control-Request-Method", http.MethodPost)
		}
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s with %q, body %q: got %d; want < 500 (body %s)", tg.method, tg.path, auth, body, rec.Code, rec.Body)
		}
		if rec.Code >= 400 {
			var e struct {
				Error string `json:"error"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" {
				t.Errorf("%s %s: got %d %q; want a JSON error body", tg.method, tg.path, rec.Code, rec.Body)
			}
		}
	})
}
