package refresh

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// verdict is what to do with a request rejected with 401.
type verdict int

const (
	replay verdict = iota // the credentials changed since it was sent: send it again
	wait                  // wait for the refresh in flight, then decide again
	keep                  // nothing to refresh with: return the 401 as it is
	giveUp                // fail with err
)

type decision struct {
	verdict verdict
	flight  *flight
	err     error
}

// decide says what to do with a 401 on a request sent with tg, starting a
// refresh when none is in flight for the current credentials.
func (t *Transport) decide(tg tag) decision {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.sess
	switch {
	case s.ended != nil:
		return decision{verdict: giveUp, err: s.ended} // the reason matches ErrLoggedOut
	case tg.s != s || tg.gen < s.gen:
		return decision{verdict: replay} // a late 401, or a new login
	case s.flight != nil:
		return decision{verdict: wait, flight: s.flight}
	case t.closed || !s.canRefresh(t.cfg):
		return decision{verdict: keep}
	case s.failure != nil && s.failure.gen == s.gen && t.now().Before(s.failure.until):
		return decision{verdict: giveUp, err: s.failure.err}
	}
	f := &flight{done: make(chan struct{})}
	s.flight = f
	t.wg.Add(1)
	go t.run(s, f, s.forRefresh(t.cfg))
	return decision{verdict: wait, flight: f}
}

// run performs the refresh of flight f for session s and settles it.
func (t *Transport) run(s *session, f *flight, creds credentials) {
	defer t.wg.Done()
	defer close(f.done)
	got, err := t.refresh(creds)

	t.mu.Lock()
	s.flight = nil
	var rerr *RefreshError
	switch {
	case s.ended != nil:
		f.err = s.ended // logged out meanwhile: keep nothing
	case err == nil:
		if t.cfg.Style == StyleBearer {
			s.access = got.access
			if got.refresh != "" {
				s.refresh = got.refresh
			}
		} else {
			s.setCookies(t.cfg.refreshURL, got.cookies)
		}
		s.gen++
		s.failure = nil
	case errors.As(err, &rerr) && rerr.Transient:
		f.err = err
		s.failure = &failure{gen: s.gen, until: t.now().Add(t.cfg.Cooldown), err: err}
	default:
		f.err = err
		current := s == t.sess
		held := s.end(t.cfg, err)
		if !current {
			break // a new login replaced the session: its end is nobody's news
		}
		t.logouts++
		t.wg.Add(1)
		go t.logoutCall(held)
		t.mu.Unlock()
		if t.cfg.OnLogout != nil {
			t.cfg.OnLogout(err)
		}
		return
	}
	t.mu.Unlock()
}

// refresh calls the refresh endpoint, retrying transient failures; each
// attempt has the refresh timeout.
func (t *Transport) refresh(creds credentials) (credentials, error) {
	backoff := t.cfg.Backoff
	for attempt := 1; ; attempt++ {
		ctx, cancel := context.WithTimeout(t.root, t.cfg.RefreshTimeout)
		got, err := t.refreshOnce(ctx, creds)
		cancel()
		if err == nil {
			return got, nil
		}
		err.Attempts = attempt
		if !err.retry || attempt >= t.cfg.MaxAttempts || t.root.Err() != nil {
			return credentials{}, err
		}
		timer := time.NewTimer(backoff)
		select {
		case <-timer.C:
		case <-t.root.Done():
			timer.Stop()
			return credentials{}, err
		}
		if backoff < t.cfg.RefreshTimeout {
			backoff *= 2
		}
	}
}

// refreshOnce makes one refresh call.
func (t *Transport) refreshOnce(ctx context.Context, creds credentials) (got credentials, _ *RefreshError) {
	var body io.Reader = http.NoBody
	if t.cfg.Style == StyleBearer {
		b, _ := json.Marshal(map[string]string{t.cfg.RefreshField: creds.refresh})
		body = bytes.NewReader(b)
	}
	resp, err := t.post(ctx, t.cfg.refresh, body, credentials{cookies: creds.cookies})
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("no answer within the refresh timeout (%v): %w", t.cfg.RefreshTimeout, ctx.Err())
		}
		// A timed-out attempt may be retried; a Transport being closed may not.
		return got, &RefreshError{Transient: true, Err: err, retry: t.root.Err() == nil}
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if t.cfg.Style == StyleCookie {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
			return credentials{cookies: resp.Cookies()}, nil
		}
		got, err = t.readTokens(resp.Body)
		if err != nil {
			// The server may have spent the refresh token: a retry could
			// present a spent token, so give up for now without logging out.
			return got, &RefreshError{Status: resp.StatusCode, Transient: true, Err: err}
		}
		return got, nil
	}
	oe := readOAuthError(resp.Body)
	e := &RefreshError{Status: resp.StatusCode, Code: oe.Code, Description: oe.Description, URI: oe.URI}
	// 5xx, 408 and 429 may pass; every other refusal (401, 403, 400
	// invalid_grant, ...) would be repeated as it is, so it is terminal.
	e.Transient = resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout ||
		resp.StatusCode == http.StatusTooManyRequests
	e.retry = e.Transient
	return got, e
}

// readTokens reads a bearer login or refresh answer.
func (t *Transport) readTokens(body io.Reader) (credentials, error) {
	var m map[string]any
	if err := json.NewDecoder(io.LimitReader(body, maxErrorBody)).Decode(&m); err != nil {
		return credentials{}, fmt.Errorf("the answer is not a JSON object: %w", err)
	}
	access, _ := m[t.cfg.AccessField].(string)
	if access == "" {
		return credentials{}, fmt.Errorf("the answer has no %q", t.cfg.AccessField)
	}
	refresh, _ := m[t.cfg.RefreshField].(string)
	return credentials{access: access, refresh: refresh}, nil
}
