package mutants

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// refreshError is a failed refresh attempt.
type refreshError struct {
	status   int   // the HTTP status; 0 for a network error or a timeout
	err      error // the cause when there was no status, or a bad answer
	terminal bool  // the session is over: log out
}

func (e *refreshError) Error() string {
	switch {
	case e.status != 0 && e.err != nil:
		return fmt.Sprintf("mutants: refresh failed: status %d: %v", e.status, e.err)
	case e.status != 0:
		return fmt.Sprintf("mutants: refresh failed: status %d", e.status)
	}
	return "mutants: refresh failed: " + e.err.Error()
}

func (e *refreshError) Unwrap() error { return e.err }

// refresh runs one refresh round of session epoch, led by the caller: the
// attempts, then the queue's release. It returns the round's error.
func (c *textbook) refresh(ctx context.Context, epoch uint64) error {
	g, err := c.attempts(ctx)
	return c.settle(epoch, g, err)
}

// attempts refreshes, retrying transient failures a bounded number of
// times with a short backoff.
func (c *textbook) attempts(ctx context.Context) (grant, error) {
	limit := maxAttempts
	if c.flaws.unboundedRetry {
		limit = retryMaxAttempt // RETRY: retried until it works (capped for sanity)
	}
	for n := 1; ; n++ {
		g, err := c.refreshOnce(ctx)
		if err == nil {
			return g, nil
		}
		if ctx.Err() != nil || c.ctx.Err() != nil {
			// The caller gave up: no verdict on the session.
			return grant{}, &refreshError{err: errors.Join(err, c.gaveUp(ctx))}
		}
		if c.flaws.refreshOn401 && err.status == http.StatusUnauthorized && n < m9MaxAttempts {
			continue // M9: the refresh's own 401 calls refresh again
		}
		if err.terminal || n >= limit {
			return grant{}, err
		}
		if !c.sleep(ctx, backoff(n)) {
			return grant{}, &refreshError{err: errors.Join(err, c.gaveUp(ctx))}
		}
	}
}

// gaveUp says why a wait ended early.
func (c *textbook) gaveUp(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return errClosed
}

// backoff is the wait after the n-th failed attempt.
func backoff(n int) time.Duration {
	if n <= 1 {
		return firstBackoff
	}
	return maxBackoff
}

// refreshOnce makes one refresh call with the raw client.
func (c *textbook) refreshOnce(ctx context.Context) (grant, *refreshError) {
	cl := &call{kind: kindRefresh, method: http.MethodPost, url: c.path(c.cfg.RefreshPath), timeout: c.cfg.RefreshTimeout}
	if c.flaws.noRefreshTimeout {
		cl.timeout = 0 // M15: a refresh that never answers is awaited for ever
	}
	var res response
	var err error
	if c.flaws.refreshViaInterceptor {
		// M1: sent with the intercepted client, so the refresh's 401 goes
		// to on401, which sees isRefreshing and queues the refresh behind
		// the refresh in flight: itself.
		res, err = c.do(ctx, cl)
	} else {
		res, _, err = c.send(ctx, cl)
	}
	if err != nil {
		return grant{}, c.failure(0, err)
	}
	if res.status < 200 || res.status > 299 {
		return grant{}, c.failure(res.status, nil)
	}
	g, err := c.parseGrant(cl.url, res)
	if err != nil {
		return grant{}, c.failure(res.status, err)
	}
	return g, nil
}

// failure classifies a failed attempt: a 4xx answer (400 invalid_grant,
// 401, 403 account_disabled) ends the session; 5xx, 408, 429, network
// errors, timeouts and unreadable answers are transient.
func (c *textbook) failure(status int, err error) *refreshError {
	e := &refreshError{status: status, err: err}
	switch {
	case c.flaws.allFailuresTerminal:
		// M13: error.response.status read unguarded; every failure, a 503
		// or a dropped connection too, ends the session.
		e.terminal = true
	case status == http.StatusRequestTimeout || status == http.StatusTooManyRequests:
	case status >= 400 && status < 500:
		e.terminal = true
	}
	return e
}

// settle ends a refresh round of session epoch: it stores the new
// credentials, releases the queue and, on a terminal failure, ends the
// session. It returns the error the leader settles with.
func (c *textbook) settle(epoch uint64, g grant, err error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.st.epoch != epoch {
		return errSessionReset // a login started a new session meanwhile
	}
	if err == nil {
		g.apply(&c.cred)
	}
	if err == nil || !c.flaws.releaseOnSuccessOnly { // M3: on failure the waiters hang, isRefreshing stays
		c.processQueue(err)
	}
	var re *refreshError
	if errors.As(err, &re) && re.terminal {
		c.endSession(re)
	}
	return err
}

// endSession logs out after a terminal refresh failure: credentials
// cleared (a fresh jar), terminal state, one logout event, and the server
// told in the background. Call with c.mu held.
func (c *textbook) endSession(err error) {
	if c.flaws.onlyLog {
		// LOG: the failure is only logged; credentials and session stay.
		c.logf("refresh failed: %v", err)
		return
	}
	old := c.cred
	c.cred = creds{jar: newJar()}
	c.st.loggedIn = false
	c.st.terminal = true
	c.logouts++
	if c.flaws.silentLogout {
		return // SILENT: the server is never told
	}
	c.startLogout(old)
}

// startLogout calls the logout endpoint in the background, best effort,
// with the credentials of the session that ended. Call with c.mu held.
func (c *textbook) startLogout(cr creds) {
	if c.closed {
		return
	}
	if c.flaws.logoutViaInterceptor {
		// M4's safety bound: the ping-pong stops after m4MaxCycles logouts.
		if c.st.cycles++; c.st.cycles > m4MaxCycles {
			return
		}
	}
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		// Close waits for the logout rather than aborting it; its timeout
		// bounds the wait.
		ctx, cancel := context.WithTimeout(context.Background(), c.cfg.LogoutTimeout)
		defer cancel()
		cl := &call{kind: kindLogout, method: http.MethodPost, url: c.path(c.cfg.LogoutPath), creds: &cr, detached: true}
		if c.flaws.logoutViaInterceptor {
			// M4: the logout goes through the interceptor: its 401 starts a
			// refresh, whose failure logs out again.
			_, _ = c.do(ctx, cl)
			return
		}
		_, _, _ = c.send(ctx, cl) // the outcome changes nothing
	}()
}
