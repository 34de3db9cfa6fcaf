package fakeauth_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authconform/authconform/fakeauth"
)

// testSecret signs the access tokens of the test servers, so tests can look
// inside them with fakeauth.ParseAccessToken.
var testSecret = []byte("fakeauth-test-secret-0123456789ab")

// newServer starts a server on a free loopback port and closes it when the
// test ends. Secret defaults to testSecret.
func newServer(tb testing.TB, cfg fakeauth.Config) *fakeauth.Server {
	tb.Helper()
	if cfg.Secret == nil {
		cfg.Secret = testSecret
	}
	srv, err := fakeauth.NewServer(cfg)
	if err != nil {
		tb.Fatalf("NewServer: %v", err)
	}
	tb.Cleanup(srv.Close)
	return srv
}

// reply is a response, read whole.
type reply struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any // the body as a JSON object, nil when it is not one
}

// cookie returns the Set-Cookie of the reply named name, or nil.
func (r reply) cookie(name string) *http.Cookie {
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// str returns the body's field as a string ("" when absent).
func (r reply) str(field string) string {
	s, _ := r.body[field].(string)
	return s
}

// send sends req and reads the reply; a transport error fails the test.
func send(tb testing.TB, hc *http.Client, req *http.Request) reply {
	tb.Helper()
	resp, err := hc.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("%s %s: reading body: %v", req.Method, req.URL.Path, err)
	}
	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw}
	json.Unmarshal(raw, &r.body)
	return r
}

// newRequest builds a request to the server; body "" sends none.
func newRequest(tb testing.TB, srv *fakeauth.Server, method, path, body string) *http.Request {
	tb.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		tb.Fatalf("NewRequest: %v", err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// do sends a request without credentials.
func do(tb testing.TB, srv *fakeauth.Server, method, path, body string) reply {
	tb.Helper()
	return send(tb, http.DefaultClient, newRequest(tb, srv, method, path, body))
}

// statusOf sends a request and returns its status, having read the body.
// It reports errors without stopping the test, so any goroutine may call it.
func statusOf(tb testing.TB, hc *http.Client, method, url, body string, header http.Header) int {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		tb.Errorf("NewRequest: %v", err)
		return 0
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := hc.Do(req)
	if err != nil {
		tb.Errorf("%s %s: %v", method, url, err)
		return 0
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		tb.Errorf("%s %s: reading body: %v", method, url, err)
	}
	return resp.StatusCode
}

// wantError checks the status and that the body is a JSON error with the
// RFC 6749 error code.
func wantError(tb testing.TB, r reply, status int, code string) {
	tb.Helper()
	if r.status != status {
		tb.Errorf("status: got %d; want %d (body %s)", r.status, status, r.raw)
	}
	if got := r.str("error"); got != code {
		tb.Errorf("error: got %q; want %q (body %s)", got, code, r.raw)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		tb.Errorf("Content-Type: got %q; want application/json", ct)
	}
}

// client holds the credentials of one login and presents them the way a
// client of the server's style does: cookies, or a bearer header and the
// refresh token in a JSON body. Tests may set access and refresh to replay
// old tokens.
type client struct {
	tb      testing.TB
	srv     *fakeauth.Server
	hc      *http.Client
	access  string
	refresh string
}

// newClient returns a client without credentials.
func newClient(tb testing.TB, srv *fakeauth.Server) *client {
	return &client{tb: tb, srv: srv, hc: http.DefaultClient}
}

// login logs the default user in and fails the test unless it worked.
func login(tb testing.TB, srv *fakeauth.Server) *client {
	tb.Helper()
	c := newClient(tb, srv)
	if r := c.login(fakeauth.DefaultUser.Name, fakeauth.DefaultUser.Password); r.status != http.StatusOK {
		tb.Fatalf("login: got %d; want 200 (body %s)", r.status, r.raw)
	}
	return c
}

func (c *client) contract() fakeauth.Contract { return c.srv.Contract() }

func (c *client) login(user, password string) reply {
	c.tb.Helper()
	k := c.contract()
	b, _ := json.Marshal(map[string]string{k.UsernameField: user, k.PasswordField: password})
	return c.keep(send(c.tb, c.hc, newRequest(c.tb, c.srv, http.MethodPost, k.LoginPath, string(b))))
}

// api calls a protected route with the access token held.
func (c *client) api() reply {
	c.tb.Helper()
	return c.get(c.contract().APIPrefix + "items")
}

// get sends a GET with the access token held.
func (c *client) get(path string) reply {
	c.tb.Helper()
	return send(c.tb, c.hc, c.withAccess(newRequest(c.tb, c.srv, http.MethodGet, path, "")))
}

// refreshTokens presents the refresh token held and keeps what comes back.
func (c *client) refreshTokens() reply {
	c.tb.Helper()
	return c.keep(send(c.tb, c.hc, c.withRefresh(c.contract().RefreshPath)))
}

// logout logs out with the refresh token held.
func (c *client) logout() reply {
	c.tb.Helper()
	return c.keep(send(c.tb, c.hc, c.withAccess(c.withRefresh(c.contract().LogoutPath))))
}

func (c *client) withAccess(req *http.Request) *http.Request {
	if c.access == "" {
		return req
	}
	k := c.contract()
	if k.Style == fakeauth.StyleBearer {
		req.Header.Set("Authorization", "Bearer "+c.access)
	} else {
		req.AddCookie(&http.Cookie{Name: k.AccessCookie, Value: c.access})
	}
	return req
}

// withRefresh builds a POST to path carrying the refresh token held.
func (c *client) withRefresh(path string) *http.Request {
	k := c.contract()
	if k.Style == fakeauth.StyleBearer {
		b, _ := json.Marshal(map[string]string{k.RefreshField: c.refresh})
		return newRequest(c.tb, c.srv, http.MethodPost, path, string(b))
	}
	req := newRequest(c.tb, c.srv, http.MethodPost, path, "")
	if c.refresh != "" {
		req.AddCookie(&http.Cookie{Name: k.RefreshCookie, Value: c.refresh})
	}
	return req
}

// keep takes the credentials a reply hands out, or clears those it expires.
func (c *client) keep(r reply) reply {
	k := c.contract()
	if k.Style == fakeauth.StyleBearer {
		if v := r.str(k.AccessField); v != "" {
			c.access = v
		}
		if v := r.str(k.RefreshField); v != "" {
			c.refresh = v
		}
		return r
	}
	for _, ck := range []struct {
		name string
		dst  *string
	}{{k.AccessCookie, &c.access}, {k.RefreshCookie, &c.refresh}} {
		if set := r.cookie(ck.name); set != nil {
			*ck.dst = set.Value
			if set.MaxAge < 0 {
				*ck.dst = ""
			}
		}
	}
	return r
}

// generation reads the generation of the access token held.
func (c *client) generation() uint32 {
	c.tb.Helper()
	_, gen, _, err := fakeauth.ParseAccessToken(c.srv.Config.Secret, c.access)
	if err != nil {
		c.tb.Fatalf("ParseAccessToken: %v", err)
	}
	return gen
}

// settled polls until no request is in flight and at least n entries are
// stored, and returns the snapshot. It fails the test after 10 seconds.
func settled(tb testing.TB, srv *fakeauth.Server, n int) fakeauth.Snapshot {
	tb.Helper()
	var snap fakeauth.Snapshot
	eventually(tb, "journal settled", func() bool {
		snap = srv.Journal().Snapshot()
		return snap.InFlight == 0 && len(snap.Entries) >= n
	})
	return snap
}

// last returns the journal's last entry of the given kinds.
func last(tb testing.TB, srv *fakeauth.Server, kinds ...fakeauth.Kind) fakeauth.Entry {
	tb.Helper()
	es := settled(tb, srv, 1).Of(kinds...)
	if len(es) == 0 {
		tb.Fatalf("journal: no %v entry", kinds)
	}
	return es[len(es)-1]
}

// eventually polls cond until it holds, failing the test after 10 seconds.
func eventually(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// fakeClock is a Clock that moves only when told.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock(start time.Time) *fakeClock { return &fakeClock{now: start} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// steps returns a script with the given steps on one endpoint.
func steps(ep fakeauth.Endpoint, st ...fakeauth.Step) fakeauth.Script {
	return fakeauth.Script{Behaviours: map[fakeauth.Endpoint][]fakeauth.Step{ep: st}}
}

// ms is n milliseconds as a fakeauth.Duration.
func ms(n int) fakeauth.Duration { return fakeauth.Duration(time.Duration(n) * time.Millisecond) }
