package scenarios

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/authconform/authconform/fakeauth"
)

// client is a plain net/http client of one fake server, with a model of the
// credential state its answers should follow.
type client struct {
	t       *testing.T
	srv     *fakeauth.Server
	http    *http.Client
	bearer  bool
	nextSeq uint64 // the journal Seq of the next request

	session                   uint32
	accessToken, refreshToken string // bearer style

	// The credential state, as the setup operations and answers left it.
	accessExpired, refreshExpired, revoked, disabled, loggedOut bool
}

func newClient(t *testing.T, cfg fakeauth.Config) *client {
	t.Helper()
	srv, err := fakeauth.NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		srv.Close()
	})
	return &client{
		t: t, srv: srv, http: &http.Client{Jar: jar, Transport: tr},
		bearer: cfg.Contract.Style == fakeauth.StyleBearer, nextSeq: 1,
	}
}

// reply is how a request ended on the client side.
type reply struct {
	status  int
	code    string // the body's "error" field
	err     error
	elapsed time.Duration
}

func (r reply) String() string {
	if r.err != nil {
		return "error " + r.err.Error()
	}
	if r.code != "" {
		return strconv.Itoa(r.status) + " " + r.code
	}
	return strconv.Itoa(r.status)
}

// send sends one request to ep (path for the API), giving up after timeout
// when it is not 0.
func (c *client) send(ep fakeauth.Endpoint, path string, timeout time.Duration) reply {
	ct := c.srv.Contract()
	method, body := http.MethodPost, []byte(nil)
	switch ep {
	case fakeauth.EndpointLogin:
		path = ct.LoginPath
		body, _ = json.Marshal(map[string]string{ct.UsernameField: fakeauth.DefaultUser.Name, ct.PasswordField: fakeauth.DefaultUser.Password})
	case fakeauth.EndpointRefresh, fakeauth.EndpointLogout:
		path = ct.RefreshPath
		if ep == fakeauth.EndpointLogout {
			path = ct.LogoutPath
		}
		if c.bearer {
			body, _ = json.Marshal(map[string]string{ct.RefreshField: c.refreshToken})
		}
	case fakeauth.EndpointMe:
		method, path = http.MethodGet, ct.MePath
	case fakeauth.EndpointAPI:
		method = http.MethodGet
	}
	ctx := c.t.Context()
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, method, c.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.bearer && c.accessToken != "" && ep != fakeauth.EndpointLogin && ep != fakeauth.EndpointRefresh {
		req.Header.Set("Authorization", "Bearer "+c.accessToken)
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	r := reply{err: err}
	if err == nil {
		var b struct {
			Error   string `json:"error"`
			Access  string `json:"access_token"`
			Refresh string `json:"refresh_token"`
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		json.Unmarshal(data, &b)
		r.status, r.code = resp.StatusCode, b.Error
		if c.bearer && resp.StatusCode == http.StatusOK && b.Access != "" {
			c.accessToken, c.refreshToken = b.Access, b.Refresh
		}
	}
	r.elapsed = time.Since(start)
	return r
}

func (c *client) login() {
	c.t.Helper()
	c.real(fakeauth.EndpointLogin, "")
	s := c.srv.Sessions()
	if len(s) == 0 {
		c.t.Fatal("no session after login")
	}
	c.session = s[len(s)-1].ID
}

// setup applies the operations on the server and in the model.
func (c *client) setup(ops []Op) {
	c.t.Helper()
	for _, op := range ops {
		switch op {
		case OpExpireAccess:
			c.srv.ExpireAccess(c.session)
			c.accessExpired = true
		case OpExpireRefresh:
			c.srv.ExpireRefresh(c.session)
			c.refreshExpired = true
		case OpRevoke:
			c.srv.Revoke(c.session)
			c.revoked = true
		case OpDisable:
			if err := c.srv.Disable(fakeauth.DefaultUser.Name); err != nil {
				c.t.Fatal(err)
			}
			c.disabled = true
		default:
			c.t.Fatalf("no such operation %q", op)
		}
	}
}

// expect is the server's real answer to ep in the model's state.
func (c *client) expect(ep fakeauth.Endpoint) (int, string) {
	switch ep {
	case fakeauth.EndpointRefresh:
		return c.expectRefresh()
	case fakeauth.EndpointLogout:
		return http.StatusOK, ""
	case fakeauth.EndpointLogin:
		if c.disabled {
			return http.StatusForbidden, "account_disabled"
		}
		return http.StatusOK, ""
	}
	if c.loggedOut || c.revoked || c.disabled || c.accessExpired {
		return http.StatusUnauthorized, "invalid_token"
	}
	return http.StatusOK, ""
}

func (c *client) expectRefresh() (int, string) {
	switch {
	case c.loggedOut || c.revoked:
		return http.StatusUnauthorized, "invalid_grant"
	case c.disabled:
		return http.StatusForbidden, "account_disabled"
	case c.refreshExpired:
		return http.StatusUnauthorized, "invalid_grant"
	}
	return http.StatusOK, ""
}

// learn updates the model after a real answer.
func (c *client) learn(ep fakeauth.Endpoint, r reply) {
	if r.status != http.StatusOK {
		return
	}
	switch ep {
	case fakeauth.EndpointRefresh:
		c.accessExpired = false
	case fakeauth.EndpointLogout:
		c.loggedOut = true
	case fakeauth.EndpointLogin:
		c.accessExpired, c.refreshExpired, c.revoked, c.loggedOut = false, false, false, false
	}
}

// real sends a request the server answers as itself and checks the answer
// against the model and the journal; it reports whether it was a 200.
func (c *client) real(ep fakeauth.Endpoint, path string) bool {
	c.t.Helper()
	wantStatus, wantCode := c.expect(ep)
	r := c.send(ep, path, 0)
	e := c.entry()
	if r.err != nil || r.status != wantStatus || r.code != wantCode {
		c.t.Errorf("%s %s: got %s; want %d %s", ep, path, r, wantStatus, wantCode)
	}
	if e.Kind != kindOf(ep) || e.Step != -1 || int(e.Status) != r.status {
		c.t.Errorf("journal: got %s; want kind %s, no step, status %d", e, kindOf(ep), r.status)
	}
	c.learn(ep, r)
	return r.status == http.StatusOK
}

// atLeast checks that a scripted delay held the answer back.
func (c *client) atLeast(r reply, d fakeauth.Duration) {
	c.t.Helper()
	if r.elapsed < d.D() {
		c.t.Errorf("got an answer after %v; want it delayed by at least %v", r.elapsed, d)
	}
}

// entry returns the journal entry of the request sent last.
func (c *client) entry() fakeauth.Entry {
	c.t.Helper()
	e := c.entryAt(c.nextSeq)
	c.nextSeq++
	return e
}

// entryAt waits for the journal entry with the given Seq: the server
// records a request only after the client may have its answer.
func (c *client) entryAt(seq uint64) fakeauth.Entry {
	c.t.Helper()
	var e fakeauth.Entry
	waitFor(c.t, "journal entry #"+strconv.FormatUint(seq, 10), func() bool {
		entries := c.srv.Journal().Snapshot().Entries
		i := slices.IndexFunc(entries, func(e fakeauth.Entry) bool { return e.Seq == seq })
		if i >= 0 {
			e = entries[i]
		}
		return i >= 0
	})
	return e
}

func kindOf(ep fakeauth.Endpoint) fakeauth.Kind {
	return map[fakeauth.Endpoint]fakeauth.Kind{
		fakeauth.EndpointLogin: fakeauth.KindLogin, fakeauth.EndpointRefresh: fakeauth.KindRefresh,
		fakeauth.EndpointLogout: fakeauth.KindLogout, fakeauth.EndpointMe: fakeauth.KindMe,
		fakeauth.EndpointAPI: fakeauth.KindAPI,
	}[ep]
}

// waitFor polls cond until it holds, failing the test after 5 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
