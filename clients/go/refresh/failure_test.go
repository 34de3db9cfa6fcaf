package refresh

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestTerminalFailure(t *testing.T) {
	tests := []struct {
		name   string
		status int
		code   string
	}{
		{"401 invalid_grant", http.StatusUnauthorized, "invalid_grant"},
		{"403 account_disabled", http.StatusForbidden, "account_disabled"},
		{"400 invalid_grant", http.StatusBadRequest, "invalid_grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			styles(t, func(t *testing.T, style Style) {
				noLeaks(t)
				const n = 10
				a := newAuthServer(t, style)
				var reasons []error
				var mu sync.Mutex
				tr := newTransport(t, a, func(c *Config) {
					c.OnLogout = func(reason error) {
						mu.Lock()
						defer mu.Unlock()
						reasons = append(reasons, reason)
					}
				})
				held := hold(a, n)
				a.onRefresh = func(w http.ResponseWriter, r *http.Request, k int) bool {
					held(w, r, k)
					return answer(tt.status, tt.code)(w, r, k)
				}
				a.expire()

				for i, r := range burst(t, tr, a.URL, n) {
					var rerr *RefreshError
					if !errors.Is(r.err, ErrLoggedOut) || !errors.As(r.err, &rerr) {
						t.Errorf("request %d: got %d, %v; want a *RefreshError matching ErrLoggedOut", i, r.status, r.err)
					} else if rerr.Status != tt.status || rerr.Code != tt.code || rerr.Transient {
						t.Errorf("request %d: got %+v; want status %d, code %s, terminal", i, rerr, tt.status, tt.code)
					}
					if got := a.sent("/api/items?id=" + strconv.Itoa(i)); got != 1 {
						t.Errorf("request %d sent %d times; want 1", i, got)
					}
				}
				if got, want := tr.State(), (State{LoggedOut: true, Logouts: 1}); got != want {
					t.Errorf("state: got %+v; want %+v", got, want)
				}
				mu.Lock()
				if len(reasons) != 1 || !errors.Is(reasons[0], ErrLoggedOut) {
					t.Errorf("OnLogout calls: got %v; want one with the refresh error", reasons)
				}
				mu.Unlock()

				// Later requests fail fast, without reaching the server.
				if r := get(t, tr, a.URL+"/api/items?id=later"); !errors.Is(r.err, ErrLoggedOut) {
					t.Errorf("later request: got %d, %v; want ErrLoggedOut", r.status, r.err)
				}
				if got := a.sent("/api/items?id=later"); got != 0 {
					t.Errorf("later request sent %d times; want 0", got)
				}
				eventually(t, "logout called", func() bool { _, l := a.counts(); return l == 1 })
				tr.Close()
				refresh, logout := a.counts()
				if refresh != 1 || logout != 1 {
					t.Errorf("refresh and logout calls: got %d, %d; want 1, 1", refresh, logout)
				}
				a.mu.Lock()
				if want := "r1"; len(a.logoutBy) != 1 || !containsString(a.logoutBy[0], want) {
					t.Errorf("logout call carried %q; want the refresh token %s", a.logoutBy, want)
				}
				a.mu.Unlock()
			})
		})
	}
}

func containsString(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestTransientFailure(t *testing.T) {
	unavailable := answer(http.StatusServiceUnavailable, "temporarily_unavailable")
	tests := []struct {
		name      string
		onRefresh func(http.ResponseWriter, *http.Request, int) bool
		wantOK    bool
		wantCalls int
	}{
		{"503 twice then ok", func(w http.ResponseWriter, r *http.Request, n int) bool {
			return n <= 2 && unavailable(w, r, n)
		}, true, 3},
		{"503 always", unavailable, false, 3},
		{"dropped connection", drop, false, 3},
		{"429 always", answer(http.StatusTooManyRequests, "slow_down"), false, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			styles(t, func(t *testing.T, style Style) {
				noLeaks(t)
				const n = 5
				a := newAuthServer(t, style)
				tr := newTransport(t, a, nil)
				held := hold(a, n)
				a.onRefresh = func(w http.ResponseWriter, r *http.Request, k int) bool {
					if k == 1 {
						held(w, r, k)
					}
					return tt.onRefresh(w, r, k)
				}
				a.expire()

				for i, r := range burst(t, tr, a.URL, n) {
					var rerr *RefreshError
					switch {
					case tt.wantOK && (r.err != nil || r.status != http.StatusOK):
						t.Errorf("request %d: got %d, %v; want 200", i, r.status, r.err)
					case !tt.wantOK && (!errors.As(r.err, &rerr) || !rerr.Transient || errors.Is(r.err, ErrLoggedOut)):
						t.Errorf("request %d: got %d, %v; want a transient *RefreshError", i, r.status, r.err)
					case !tt.wantOK && rerr.Attempts != 3:
						t.Errorf("request %d: got %d attempts; want 3", i, rerr.Attempts)
					}
				}
				if refresh, _ := a.counts(); refresh != tt.wantCalls {
					t.Errorf("refresh calls: got %d; want %d", refresh, tt.wantCalls)
				}
				if got, want := tr.State(), (State{HoldsAccess: true, HoldsRefresh: true}); got != want {
					t.Errorf("state: got %+v; want %+v", got, want)
				}
			})
		})
	}
}

func TestTransientFailureCooldown(t *testing.T) {
	styles(t, func(t *testing.T, style Style) {
		a := newAuthServer(t, style)
		var now atomic.Int64
		tr := newTransport(t, a, func(c *Config) { c.Cooldown = time.Minute })
		tr.now = func() time.Time { return time.Unix(now.Load(), 0) }
		a.onRefresh = answer(http.StatusServiceUnavailable, "temporarily_unavailable")
		a.expire()

		if r := get(t, tr, a.URL+"/api/items?id=1"); r.err == nil {
			t.Fatalf("first request: got %d; want an error", r.status)
		}
		// Within the cooldown a 401 on the same credential gets the failure
		// again, without a new refresh.
		if r := get(t, tr, a.URL+"/api/items?id=2"); r.err == nil {
			t.Errorf("request in the cooldown: got %d; want an error", r.status)
		}
		if refresh, _ := a.counts(); refresh != 3 {
			t.Errorf("refresh calls: got %d; want 3", refresh)
		}
		// After it, the next 401 refreshes again.
		a.onRefresh = nil
		now.Add(61)
		if r := get(t, tr, a.URL+"/api/items?id=3"); r.err != nil || r.status != http.StatusOK {
			t.Errorf("request after the cooldown: got %d, %v; want 200", r.status, r.err)
		}
		if refresh, _ := a.counts(); refresh != 4 {
			t.Errorf("refresh calls: got %d; want 4", refresh)
		}
	})
}

func TestRefreshTimeout(t *testing.T) {
	styles(t, func(t *testing.T, style Style) {
		noLeaks(t)
		const n = 3
		a := newAuthServer(t, style)
		tr := newTransport(t, a, func(c *Config) { c.RefreshTimeout = 20 * time.Millisecond })
		a.onRefresh = hang
		a.expire()

		for i, r := range burst(t, tr, a.URL, n) {
			var rerr *RefreshError
			if !errors.As(r.err, &rerr) || !rerr.Transient || !errors.Is(r.err, context.DeadlineExceeded) {
				t.Errorf("request %d: got %d, %v; want a transient *RefreshError for the timeout", i, r.status, r.err)
			}
		}
		if st := tr.State(); st.LoggedOut {
			t.Errorf("state: got %+v; want logged in", st)
		}
	})
}

func TestLogoutFailure(t *testing.T) {
	tests := []struct {
		name     string
		onLogout func(http.ResponseWriter, *http.Request, int) bool
	}{
		{"500", answer(http.StatusInternalServerError, "server_error")},
		{"401", answer(http.StatusUnauthorized, "invalid_token")},
		{"hang", hang},
		{"drop", drop},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			styles(t, func(t *testing.T, style Style) {
				noLeaks(t)
				a := newAuthServer(t, style)
				tr := newTransport(t, a, func(c *Config) { c.LogoutTimeout = 20 * time.Millisecond })
				a.onRefresh = answer(http.StatusUnauthorized, "invalid_grant")
				a.onLogout = tt.onLogout
				a.expire()

				for i, r := range burst(t, tr, a.URL, 3) {
					if !errors.Is(r.err, ErrLoggedOut) {
						t.Errorf("request %d: got %d, %v; want ErrLoggedOut", i, r.status, r.err)
					}
				}
				if got, want := tr.State(), (State{LoggedOut: true, Logouts: 1}); got != want {
					t.Errorf("state: got %+v; want %+v", got, want)
				}
				eventually(t, "logout called", func() bool { _, l := a.counts(); return l == 1 })
				tr.Close()
				if refresh, logout := a.counts(); refresh != 1 || logout != 1 {
					t.Errorf("refresh and logout calls: got %d, %d; want 1, 1", refresh, logout)
				}
			})
		})
	}
}

func TestLoginAfterLogout(t *testing.T) {
	styles(t, func(t *testing.T, style Style) {
		noLeaks(t)
		a := newAuthServer(t, style)
		tr := newTransport(t, a, nil)
		a.onRefresh = func(w http.ResponseWriter, r *http.Request, n int) bool {
			return n == 1 && answer(http.StatusUnauthorized, "invalid_grant")(w, r, n)
		}
		a.expire()
		if r := get(t, tr, a.URL+"/api/items?id=1"); !errors.Is(r.err, ErrLoggedOut) {
			t.Fatalf("first session: got %d, %v; want ErrLoggedOut", r.status, r.err)
		}
		eventually(t, "logout called", func() bool { _, l := a.counts(); return l == 1 })

		if err := tr.Login(t.Context(), "alice", "pw"); err != nil {
			t.Fatalf("Login: %v", err)
		}
		if got, want := tr.State(), (State{HoldsAccess: true, HoldsRefresh: true, Logouts: 1}); got != want {
			t.Errorf("state after login: got %+v; want %+v", got, want)
		}
		a.expire()
		for i, r := range burst(t, tr, a.URL, 5) {
			if r.err != nil || r.status != http.StatusOK {
				t.Errorf("second session, request %d: got %d, %v; want 200", i, r.status, r.err)
			}
		}
		if refresh, logout := a.counts(); refresh != 2 || logout != 1 {
			t.Errorf("refresh and logout calls: got %d, %d; want 2, 1", refresh, logout)
		}
	})
}

func TestLoginRefused(t *testing.T) {
	a := newAuthServer(t, StyleBearer)
	tr := newTransport(t, a, nil)
	err := tr.Login(t.Context(), "alice", "wrong")
	var lerr *LoginError
	if !errors.As(err, &lerr) || lerr.Status != http.StatusUnauthorized || lerr.Code != "invalid_grant" {
		t.Fatalf("Login: got %v; want a *LoginError 401 invalid_grant", err)
	}
	if got, want := tr.State(), (State{HoldsAccess: true, HoldsRefresh: true}); got != want {
		t.Errorf("state: got %+v; want the old session %+v", got, want)
	}
}

func TestLogout(t *testing.T) {
	styles(t, func(t *testing.T, style Style) {
		a := newAuthServer(t, style)
		called := false
		tr := newTransport(t, a, func(c *Config) { c.OnLogout = func(error) { called = true } })
		if err := tr.Logout(t.Context()); err != nil {
			t.Fatalf("Logout: %v", err)
		}
		if got, want := tr.State(), (State{LoggedOut: true, Logouts: 1}); got != want {
			t.Errorf("state: got %+v; want %+v", got, want)
		}
		if r := get(t, tr, a.URL+"/api/items"); !errors.Is(r.err, ErrLoggedOut) {
			t.Errorf("request after Logout: got %d, %v; want ErrLoggedOut", r.status, r.err)
		}
		if err := tr.Logout(t.Context()); err != nil {
			t.Errorf("second Logout: %v", err)
		}
		if _, logout := a.counts(); logout != 1 || called {
			t.Errorf("logout calls, OnLogout called: got %d, %v; want 1, false", logout, called)
		}
	})
}

func TestWaiterContextCanceled(t *testing.T) {
	styles(t, func(t *testing.T, style Style) {
		noLeaks(t)
		a := newAuthServer(t, style)
		tr := newTransport(t, a, nil)
		arrived, release := make(chan struct{}), make(chan struct{})
		a.onRefresh = func(w http.ResponseWriter, r *http.Request, _ int) bool {
			close(arrived)
			<-release
			return false
		}
		a.expire()

		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error)
		go func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, a.URL+"/api/items?id=1", nil)
			resp, err := tr.RoundTrip(req)
			if err == nil {
				resp.Body.Close()
			}
			done <- err
		}()
		<-arrived
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("canceled waiter: got %v; want context.Canceled", err)
		}
		close(release)
		// The refresh went on for the others.
		if r := get(t, tr, a.URL+"/api/items?id=2"); r.err != nil || r.status != http.StatusOK {
			t.Errorf("next request: got %d, %v; want 200", r.status, r.err)
		}
		if refresh, _ := a.counts(); refresh != 1 {
			t.Errorf("refresh calls: got %d; want 1", refresh)
		}
	})
}

// TestLoginDuringRefresh: a refresh of the old session that fails after a
// new Login does not end the new session.
func TestLoginDuringRefresh(t *testing.T) {
	styles(t, func(t *testing.T, style Style) {
		noLeaks(t)
		a := newAuthServer(t, style)
		var logouts atomic.Int32
		tr := newTransport(t, a, func(c *Config) { c.OnLogout = func(error) { logouts.Add(1) } })
		arrived, release := make(chan struct{}), make(chan struct{})
		a.onRefresh = func(w http.ResponseWriter, r *http.Request, n int) bool {
			if n > 1 {
				return false
			}
			close(arrived)
			<-release
			return answer(http.StatusUnauthorized, "invalid_grant")(w, r, n)
		}
		a.expire()

		old := make(chan result)
		go func() { old <- get(t, tr, a.URL+"/api/items?id=old") }()
		<-arrived
		if err := tr.Login(t.Context(), "alice", "pw"); err != nil {
			t.Fatalf("Login: %v", err)
		}
		close(release)
		if r := <-old; !errors.Is(r.err, ErrLoggedOut) {
			t.Errorf("request of the old session: got %d, %v; want its refresh error", r.status, r.err)
		}
		if got, want := tr.State(), (State{HoldsAccess: true, HoldsRefresh: true}); got != want {
			t.Errorf("state: got %+v; want %+v", got, want)
		}
		if r := get(t, tr, a.URL+"/api/items?id=new"); r.err != nil || r.status != http.StatusOK {
			t.Errorf("request of the new session: got %d, %v; want 200", r.status, r.err)
		}
		tr.Close()
		if _, logout := a.counts(); logout != 0 || logouts.Load() != 0 {
			t.Errorf("logout calls, OnLogout calls: got %d, %d; want 0, 0", logout, logouts.Load())
		}
	})
}

func TestAuthPathsNotIntercepted(t *testing.T) {
	styles(t, func(t *testing.T, style Style) {
		a := newAuthServer(t, style)
		tr := newTransport(t, a, nil)
		a.onLogout = answer(http.StatusUnauthorized, "invalid_token")
		a.expire()
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, a.URL+DefaultLogoutPath, nil)
		resp, err := tr.RoundTrip(req)
		if err != nil || resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("got %v, %v; want a 401 answer", resp, err)
		}
		discard(resp)
		if refresh, _ := a.counts(); refresh != 0 {
			t.Errorf("refresh calls: got %d; want 0", refresh)
		}
	})
}
