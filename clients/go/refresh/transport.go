package refresh

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"time"
)

// Transport is an http.RoundTripper that adds the session's credentials to
// every request for the API, refreshes them once when they are rejected with
// 401, and replays the rejected requests with the new credentials. Make one
// with New; it is safe for concurrent use.
type Transport struct {
	cfg *settings

	root   context.Context // ends background work; canceled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup // refresh flights and logout calls

	mu      sync.RWMutex
	sess    *session
	logouts int
	closed  bool

	now func() time.Time // time.Now; swapped by tests
}

// New returns a Transport for the API described by cfg. It holds no
// credentials until Login.
func New(cfg Config) (*Transport, error) {
	s, err := cfg.settings()
	if err != nil {
		return nil, err
	}
	root, cancel := context.WithCancel(context.Background())
	return &Transport{cfg: s, root: root, cancel: cancel, sess: &session{}, now: time.Now}, nil
}

// Client returns an *http.Client that sends its requests through t. It has
// no cookie jar of its own: in cookie style t keeps the cookies.
func (t *Transport) Client() *http.Client { return &http.Client{Transport: t} }

// tag is the credential a request was sent with: the session and its
// generation at the time.
type tag struct {
	s   *session
	gen uint64
}

// RoundTrip sends req with the current credentials. When the API answers
// 401, it refreshes the credentials (or waits for the refresh in flight, or
// notices that one already happened since req was sent) and sends req once
// more; the second answer is returned whatever it is. Requests to other
// origins pass through without credentials, and 401s on the auth endpoints
// are returned as they are.
//
// A request whose body cannot be obtained again (a body and no GetBody) is
// not replayed: once the refresh succeeded it gets its 401 back, so that a
// retry by the caller carries the new credentials. A 401 answer is read into
// memory (up to 64 KiB) before waiting, so that the waiting requests do not
// hold connections the refresh needs.
//
// Errors: ErrLoggedOut after the session ended; the *RefreshError of a
// failed refresh for the requests that waited on it; the request context's
// error when it ends while waiting.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.cfg.ours(req.URL) {
		return t.cfg.Base.RoundTrip(req)
	}
	out, tg, err := t.authorize(req, req.Body)
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	resp, err := t.send(out, tg)
	if err != nil || resp.StatusCode != http.StatusUnauthorized || t.cfg.authPath(req.URL) {
		return resp, err
	}
	return t.unauthorized(req, tg, resp)
}

// authorize returns a copy of req carrying body and the current
// credentials, and the tag of those credentials.
func (t *Transport) authorize(req *http.Request, body io.ReadCloser) (*http.Request, tag, error) {
	out := req.WithContext(req.Context()) // a shallow copy
	out.Header = make(http.Header, len(req.Header)+1)
	for k, v := range req.Header {
		out.Header[k] = v
	}
	out.Body = body
	t.mu.RLock()
	defer t.mu.RUnlock()
	s := t.sess
	if s.ended != nil {
		return nil, tag{}, ErrLoggedOut
	}
	if t.cfg.Style == StyleBearer {
		if s.access != "" {
			out.Header.Set("Authorization", "Bearer "+s.access)
		}
	} else if s.jar != nil {
		for _, c := range s.jar.Cookies(req.URL) {
			out.AddCookie(c)
		}
	}
	return out, tag{s, s.gen}, nil
}

// send sends an authorized request and keeps the cookies of its answer.
func (t *Transport) send(out *http.Request, tg tag) (*http.Response, error) {
	resp, err := t.cfg.Base.RoundTrip(out)
	if err == nil && t.cfg.Style == StyleCookie && len(resp.Header["Set-Cookie"]) > 0 {
		t.keepCookies(tg, out, resp)
	}
	return resp, err
}

// keepCookies stores the cookies an answer set, unless the session it was
// sent in is over or replaced: a late answer must not bring credentials
// back.
func (t *Transport) keepCookies(tg tag, out *http.Request, resp *http.Response) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s := tg.s; s == t.sess && s.ended == nil {
		s.setCookies(out.URL, resp.Cookies())
	}
}

// unauthorized handles a 401 for req, sent with tg: it waits for the
// credentials to change and replays req once, or settles it.
func (t *Transport) unauthorized(req *http.Request, tg tag, resp *http.Response) (*http.Response, error) {
	// Free the connection before waiting: the refresh may need it.
	buffer(resp)
	for {
		d := t.decide(tg)
		switch d.verdict {
		case giveUp:
			return nil, d.err
		case keep:
			return resp, nil
		case wait:
			select {
			case <-d.flight.done:
				if d.flight.err != nil {
					return nil, d.flight.err
				}
				continue // the credentials changed: decide again
			case <-req.Context().Done():
				return nil, req.Context().Err()
			}
		}
		break // replay
	}
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	if !replayable {
		return resp, nil
	}
	body := req.Body
	if req.GetBody != nil && body != nil && body != http.NoBody {
		var err error
		if body, err = req.GetBody(); err != nil {
			return nil, &replayError{err}
		}
	}
	out, tg, err := t.authorize(req, body)
	if err != nil {
		if body != nil {
			body.Close()
		}
		return nil, err
	}
	return t.send(out, tg)
}

type replayError struct{ err error }

func (e *replayError) Error() string {
	return "refresh: cannot replay the request: GetBody: " + e.err.Error()
}
func (e *replayError) Unwrap() error { return e.err }

// buffer reads a 401 answer (up to maxErrorBody) into memory and closes
// it, so its connection is free while the request waits for a refresh.
func buffer(resp *http.Response) {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
}

// discard drains a little of an answer not returned, so its connection can
// be reused, and closes it.
func discard(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	resp.Body.Close()
}

// Close ends the Transport's background work (a refresh or logout call in
// flight is abandoned), waits for it, and closes the idle connections of
// its base transport. After Close, 401s are returned without a refresh.
func (t *Transport) Close() {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	t.cancel()
	t.wg.Wait()
	if ci, ok := t.cfg.Base.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// State is a diagnostic snapshot of a Transport's session.
type State struct {
	// LoggedOut reports that the session ended (a terminal refresh failure
	// or Logout) and no Login followed.
	LoggedOut bool
	// HoldsAccess and HoldsRefresh report whether an access and a refresh
	// credential are kept, in memory (bearer) or in the jar (cookie, by the
	// names in Config.AccessCookie and Config.RefreshCookie).
	HoldsAccess, HoldsRefresh bool
	// Logouts counts the sessions the Transport ended, over its lifetime.
	Logouts int
}

// State reports the Transport's session state. It is meant for diagnostics
// and tests; it may change as soon as it returns.
func (t *Transport) State() State {
	t.mu.RLock()
	defer t.mu.RUnlock()
	s := t.sess
	st := State{LoggedOut: s.ended != nil, Logouts: t.logouts}
	if t.cfg.Style == StyleBearer {
		st.HoldsAccess, st.HoldsRefresh = s.access != "", s.refresh != ""
	} else {
		st.HoldsAccess = s.hasCookie(t.cfg.root, t.cfg.AccessCookie)
		st.HoldsRefresh = s.hasCookie(t.cfg.refreshURL, t.cfg.RefreshCookie)
	}
	return st
}
