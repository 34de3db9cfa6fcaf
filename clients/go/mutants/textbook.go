package mutants

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/authconform/authconform/clients/go/adapter"
)

// The errors the textbook client's requests settle with.
var (
	errLoggedOut    = errors.New("mutants: logged out; log in again")
	errSessionReset = errors.New("mutants: the session changed while the request was in flight")
	errClosed       = errors.New("mutants: client closed")
	errDropped      = errors.New("mutants: request failed while a refresh was in flight")
)

// The textbook's bounds.
const (
	maxAttempts      = 3 // refresh attempts on transient failures
	firstBackoff     = 20 * time.Millisecond
	maxBackoff       = 40 * time.Millisecond
	defaultRefreshTO = 10 * time.Second // when the config leaves RefreshTimeout 0
	defaultLogoutTO  = 5 * time.Second  // when the config leaves LogoutTimeout 0
	maxLogLines      = 100              // lines LOG keeps
)

// flaws are the textbook's hooks. The zero value is the correct textbook;
// each mutant sets exactly one field, and each place a field changes
// behaviour says which mutant it makes.
type flaws struct {
	refreshViaInterceptor bool // M1: the refresh call goes through the interceptor
	gateEverything        bool // M2: every outgoing call, the refresh too, waits while refreshing
	releaseOnSuccessOnly  bool // M3: processQueue and isRefreshing = false only on success
	logoutViaInterceptor  bool // M4: the logout call goes through the interceptor
	dropWhileRefreshing   bool // M5: a 401 during a refresh is rejected, not queued
	noGenerationCheck     bool // M6: a late 401 is not recognised as stale
	noSingleFlight        bool // M7: every 401 starts its own refresh
	retryFlagLeaderOnly   bool // M8: queued requests are not marked as retried
	refreshOn401          bool // M9: a 401 on the refresh refreshes again
	noTerminalState       bool // M10: after a terminal failure later requests are sent again
	allFailuresTerminal   bool // M13: every refresh failure is terminal
	replayOnFailure       bool // M14: processQueue(err) resolves the waiters
	noRefreshTimeout      bool // M15: the refresh call has no timeout
	onlyLog               bool // LOG: a terminal failure is only logged
	unboundedRetry        bool // RETRY: transient failures are retried without bound
	silentLogout          bool // SILENT: the server is never told about the logout
	leak                  bool // LEAK: credentials go to every origin
}

// Safety bounds of the mutants that would otherwise loop for ever; the
// textbook never reaches them.
const (
	m4MaxCycles     = 20 // M4: refresh-logout cycles per session
	m8MaxRefreshes  = 50 // M8: refreshes per session
	m9MaxAttempts   = 20 // M9: refresh attempts on 401s
	retryMaxAttempt = 50 // RETRY: refresh attempts on transient failures
)

// textbook is the axios "textbook" refresh interceptor ported to Go, done
// right: it passes every rule. The mutants are this client with one flaw.
type textbook struct {
	cfg   adapter.Config
	base  *url.URL
	hc    *http.Client
	flaws flaws

	ctx    context.Context // ends at Close
	cancel context.CancelFunc
	wg     sync.WaitGroup // background logouts

	mu      sync.Mutex
	closed  bool
	cred    creds
	st      session
	logouts int
	logs    []string // LOG's log lines
}

// session is the interceptor's state, reset by Login: what the axios
// pattern keeps in module variables.
type session struct {
	epoch      uint64 // which login this is
	round      uint64 // refresh rounds completed in this session
	lastErr    error  // how the latest round ended (nil: success)
	refreshing bool   // isRefreshing
	queue      []chan error
	loggedIn   bool
	terminal   bool // a terminal refresh failure logged the user out
	refreshes  int  // refresh rounds started
	cycles     int  // M4: logouts started
}

// stamp is what a request was sent with: the session and the refresh round,
// i.e. the credential generation.
type stamp struct{ epoch, round uint64 }

func newTextbook(cfg adapter.Config, f flaws) (*textbook, error) {
	cfg = withDefaults(cfg)
	if cfg.Style != "cookie" && cfg.Style != "bearer" {
		return nil, fmt.Errorf("mutants: unknown credential style %q (want cookie or bearer)", cfg.Style)
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("mutants: base URL %q must be absolute, like http://127.0.0.1:8080", cfg.BaseURL)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tr := http.DefaultTransport.(*http.Transport).Clone()
	c := &textbook{
		cfg: cfg, base: base, flaws: f,
		hc:  &http.Client{Transport: tr},
		ctx: ctx, cancel: cancel,
		cred: creds{jar: newJar()},
	}
	return c, nil
}

// withDefaults fills what a config leaves empty with the reference contract.
func withDefaults(cfg adapter.Config) adapter.Config {
	fill := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	fill(&cfg.Style, "cookie")
	fill(&cfg.LoginPath, "/auth/login")
	fill(&cfg.RefreshPath, "/auth/refresh")
	fill(&cfg.LogoutPath, "/auth/logout")
	fill(&cfg.UsernameField, "username")
	fill(&cfg.PasswordField, "password")
	fill(&cfg.AccessField, "access_token")
	fill(&cfg.RefreshField, "refresh_token")
	if cfg.RefreshTimeout <= 0 {
		cfg.RefreshTimeout = defaultRefreshTO
	}
	if cfg.LogoutTimeout <= 0 {
		cfg.LogoutTimeout = defaultLogoutTO
	}
	return cfg
}

// Login logs in and starts a new session: queue, flags, credential
// generation and terminal state all start afresh.
func (c *textbook) Login(ctx context.Context, username, password string) error {
	fresh := creds{jar: newJar()}
	cl := &call{kind: kindLogin, method: http.MethodPost, url: c.path(c.cfg.LoginPath), creds: &fresh,
		body: jsonBody(map[string]string{c.cfg.UsernameField: username, c.cfg.PasswordField: password})}
	res, _, err := c.send(ctx, cl)
	if err != nil {
		return fmt.Errorf("mutants: login: %w", err)
	}
	if res.status != http.StatusOK {
		return fmt.Errorf("mutants: login: status %d", res.status)
	}
	g, err := c.parseGrant(cl.url, res)
	if err != nil {
		return fmt.Errorf("mutants: login: %w", err)
	}
	g.apply(&fresh)
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.st
	c.cred = fresh
	c.st = session{epoch: old.epoch + 1, loggedIn: true}
	if c.flaws.releaseOnSuccessOnly {
		// M3: the stale isRefreshing flag and the waiters of the old
		// session survive the login, like module variables in JS.
		c.st.refreshing, c.st.queue = old.refreshing, old.queue
	} else {
		for _, w := range old.queue {
			w <- errSessionReset
		}
	}
	return nil
}

// Request makes one application request through the interceptor.
func (c *textbook) Request(ctx context.Context, method, path string) (int, error) {
	u, err := c.base.Parse(path)
	if err != nil {
		return 0, fmt.Errorf("mutants: bad request path %q: %w", path, err)
	}
	cl := &call{kind: kindAPI, method: method, url: u}
	if !c.sameOrigin(u) {
		cl.kind = kindForeign
	} else if !c.flaws.noTerminalState { // M10: no fail-fast once logged out
		c.mu.Lock()
		terminal := c.st.terminal
		c.mu.Unlock()
		if terminal {
			return 0, errLoggedOut
		}
	}
	res, err := c.do(ctx, cl)
	return res.status, err
}

// State reports the auth state.
func (c *textbook) State() adapter.State {
	c.mu.Lock()
	cr, loggedIn, logouts := c.cred, c.st.loggedIn, c.logouts
	c.mu.Unlock()
	access, refresh := c.holds(cr)
	return adapter.State{LoggedOut: !loggedIn, HoldsAccess: access, HoldsRefresh: refresh, Logouts: logouts}
}

// Close ends every wait, waits for the background logout and closes idle
// connections.
func (c *textbook) Close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.cancel()
	c.wg.Wait()
	c.hc.CloseIdleConnections()
}

// Console returns what the client logged (only LOG logs).
func (c *textbook) Console() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.logs...)
}

// logf keeps a log line in memory, never on stdout. Call with c.mu held.
func (c *textbook) logf(format string, args ...any) {
	if len(c.logs) < maxLogLines {
		c.logs = append(c.logs, fmt.Sprintf(format, args...))
	}
}

// wait waits for a waiter's verdict, the caller's context or Close.
func (c *textbook) wait(ctx context.Context, w <-chan error) (error, bool) {
	select {
	case err := <-w:
		return err, true
	case <-ctx.Done():
		return ctx.Err(), false
	case <-c.ctx.Done():
		return errClosed, false
	}
}

// sleep waits d unless the caller's context ends or the client closes.
func (c *textbook) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-c.ctx.Done():
	}
	return false
}
