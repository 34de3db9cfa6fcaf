package mutants

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"
)

// maxBody bounds how much of an answer the client reads.
const maxBody = 1 << 20

// kind says what an outgoing call is for; it decides which credentials go
// with it.
type kind int

const (
	kindAPI     kind = iota // an application request to the API origin
	kindForeign             // an application request to another origin
	kindLogin
	kindRefresh
	kindLogout
)

// call is one outgoing request with its per-request config, like an axios
// request config; retried is axios's originalRequest._retry.
type call struct {
	kind   kind
	method string
	url    *url.URL
	body   []byte
	// creds, when set, are presented instead of the current credentials.
	creds *creds
	// timeout bounds the HTTP exchange alone, like axios's timeout: not the
	// time the call spends waiting in the interceptor.
	timeout time.Duration
	// detached: Close does not abort the exchange (the best-effort
	// logout, which its timeout bounds).
	detached bool
	retried  bool
}

// response is an answer, read in full.
type response struct {
	status  int
	body    []byte
	cookies []*http.Cookie
}

// creds are the credentials the client holds: tokens in memory (bearer) or
// cookies in a jar (cookie).
type creds struct {
	access, refresh string
	jar             *cookiejar.Jar
}

func newJar() *cookiejar.Jar {
	j, _ := cookiejar.New(nil) // never fails without options
	return j
}

// grant is what a login or refresh answer grants.
type grant struct {
	access, refresh string
	cookies         []*http.Cookie
	url             *url.URL
}

// parseGrant reads the credentials of a login or refresh answer.
func (c *textbook) parseGrant(u *url.URL, res response) (grant, error) {
	g := grant{cookies: res.cookies, url: u}
	if c.cfg.Style != "bearer" {
		return g, nil
	}
	var m map[string]any
	if err := json.Unmarshal(res.body, &m); err != nil {
		return g, fmt.Errorf("answer is not a JSON object: %w", err)
	}
	g.access, _ = m[c.cfg.AccessField].(string)
	g.refresh, _ = m[c.cfg.RefreshField].(string)
	if g.access == "" {
		return g, fmt.Errorf("answer has no %q", c.cfg.AccessField)
	}
	return g, nil
}

// apply stores a grant; a refresh token left out (no rotation) stays.
func (g grant) apply(cr *creds) {
	if g.access != "" {
		cr.access = g.access
	}
	if g.refresh != "" {
		cr.refresh = g.refresh
	}
	if len(g.cookies) > 0 {
		cr.jar.SetCookies(g.url, g.cookies)
	}
}

// send makes one HTTP exchange with the call's credentials and reports the
// credential generation it was sent with. It is the raw client: no 401
// handling.
func (c *textbook) send(ctx context.Context, cl *call) (response, stamp, error) {
	if c.flaws.gateEverything {
		// M2: the pause gate sits in front of every call, the refresh
		// included, so the refresh waits for itself.
		if err := c.gate(ctx); err != nil {
			return response{}, stamp{}, err
		}
	}
	c.mu.Lock()
	cr := c.cred
	if cl.creds != nil {
		cr = *cl.creds
	}
	st := stamp{c.st.epoch, c.st.round}
	c.mu.Unlock()

	body := cl.body
	if (cl.kind == kindRefresh || cl.kind == kindLogout) && c.cfg.Style == "bearer" {
		body = jsonBody(map[string]string{c.cfg.RefreshField: cr.refresh})
	}
	ctx, cancel := c.exchangeContext(ctx, cl.timeout, cl.detached)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, cl.url.String(), rd)
	if err != nil {
		return response{}, st, fmt.Errorf("mutants: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	c.attach(req, cl.kind, cr)
	resp, err := c.hc.Do(req)
	if err != nil {
		return response{}, st, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return response{}, st, err
	}
	return response{status: resp.StatusCode, body: b, cookies: resp.Cookies()}, st, nil
}

// exchangeContext bounds one exchange by the caller's context, the timeout
// (0: none) and, unless detached, Close.
func (c *textbook) exchangeContext(ctx context.Context, timeout time.Duration, detached bool) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	stop := func() bool { return false }
	if !detached {
		stop = context.AfterFunc(c.ctx, cancel)
	}
	if timeout <= 0 {
		return ctx, func() { stop(); cancel() }
	}
	ctx, cancelT := context.WithTimeout(ctx, timeout)
	return ctx, func() { cancelT(); stop(); cancel() }
}

// attach puts the credentials a call of kind k carries on req.
func (c *textbook) attach(req *http.Request, k kind, cr creds) {
	switch k {
	case kindAPI, kindLogout:
		c.present(req, cr, req.URL, true)
	case kindRefresh:
		c.present(req, cr, req.URL, false) // bearer: the token is in the body
	case kindForeign:
		if c.flaws.leak {
			// LEAK: the API's credentials go to another origin too: the
			// bearer header, or the API's cookies copied into a header.
			c.present(req, cr, c.path("/"), true)
		}
	}
}

// present adds the access token header (bearer, when header is set) or the
// cookies the jar holds for from (cookie).
func (c *textbook) present(req *http.Request, cr creds, from *url.URL, header bool) {
	if c.cfg.Style == "bearer" {
		if header && cr.access != "" {
			req.Header.Set("Authorization", "Bearer "+cr.access)
		}
		return
	}
	for _, ck := range cr.jar.Cookies(from) {
		req.AddCookie(ck)
	}
}

// holds says which credentials cr keeps. The config does not name the
// cookies, so in cookie style the access cookie is one sent to every path
// (Path /), the refresh cookie one sent only to the refresh path, or one
// named like the refresh field.
func (c *textbook) holds(cr creds) (access, refresh bool) {
	if c.cfg.Style == "bearer" {
		return cr.access != "", cr.refresh != ""
	}
	atRoot := map[string]bool{}
	for _, ck := range cr.jar.Cookies(c.path("/")) {
		atRoot[ck.Name] = true
		if ck.Name == c.cfg.RefreshField {
			refresh = true
		} else {
			access = true
		}
	}
	for _, ck := range cr.jar.Cookies(c.path(c.cfg.RefreshPath)) {
		if !atRoot[ck.Name] {
			refresh = true
		}
	}
	return access, refresh
}

// path resolves a path of the contract against the base URL.
func (c *textbook) path(p string) *url.URL {
	u, err := c.base.Parse(p)
	if err != nil {
		return c.base
	}
	return u
}

// sameOrigin reports whether u is on the API's origin: scheme, host and
// port.
func (c *textbook) sameOrigin(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, c.base.Scheme) &&
		strings.EqualFold(u.Hostname(), c.base.Hostname()) &&
		port(u) == port(c.base)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

func jsonBody(m map[string]string) []byte {
	b, _ := json.Marshal(m) // a map of strings always marshals
	return b
}
