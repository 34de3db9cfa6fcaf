package mutants

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/authconform/authconform/clients/go/adapter"
)

var styles = []string{"cookie", "bearer"}

func TestTextbookOneRefreshForConcurrent401s(t *testing.T) {
	for _, style := range styles {
		t.Run(style, func(t *testing.T) {
			s := newAuthServer(t, style)
			c := start(t, s, Textbook)
			s.expire()
			status, errs := burst(t, c, 10)
			for i := range status {
				if errs[i] != nil || status[i] != http.StatusOK {
					t.Errorf("request %d: got %d, %v; want 200, nil", i, status[i], errs[i])
				}
			}
			if got := s.refreshes.Load(); got != 1 {
				t.Errorf("refreshes: got %d; want 1", got)
			}
			if st := c.State(); st.LoggedOut || !st.HoldsAccess || !st.HoldsRefresh || st.Logouts != 0 {
				t.Errorf("state: got %+v; want logged in with both credentials", st)
			}
		})
	}
}

func TestNoSingleFlightRefreshesPerRequest(t *testing.T) {
	s := newAuthServer(t, "bearer")
	// Hold every refresh until a second one arrives: M7 sends one per 401.
	two := make(chan struct{})
	var once sync.Once
	s.on(&s.onRefresh, func(w http.ResponseWriter, r *http.Request) bool {
		if s.refreshes.Load() >= 2 {
			once.Do(func() { close(two) })
		}
		select {
		case <-two:
			return false
		case <-r.Context().Done():
			return true
		}
	})
	c := start(t, s, m7.New)
	s.expire()
	status, errs := burst(t, c, 10)
	for i := range status {
		if errs[i] != nil || status[i] != http.StatusOK {
			t.Errorf("request %d: got %d, %v; want 200, nil", i, status[i], errs[i])
		}
	}
	if got := s.refreshes.Load(); got < 2 {
		t.Errorf("refreshes: got %d; want more than 1", got)
	}
}

func TestTextbookTerminalFailure(t *testing.T) {
	for _, style := range styles {
		t.Run(style, func(t *testing.T) {
			s := newAuthServer(t, style)
			s.on(&s.onRefresh, refuse(http.StatusUnauthorized))
			c := start(t, s, Textbook)
			s.expire()
			_, errs := burst(t, c, 5)
			for i, err := range errs {
				if err == nil || errors.Is(err, context.Canceled) {
					t.Errorf("request %d: got error %v; want the refresh's failure", i, err)
				}
			}
			sent := s.api.Load()
			if _, err := c.Request(t.Context(), http.MethodGet, "/api/later"); !errors.Is(err, errLoggedOut) {
				t.Errorf("later request: got %v; want %v", err, errLoggedOut)
			}
			c.Close() // waits for the logout call
			if got := s.api.Load(); got != sent {
				t.Errorf("later request reached the server")
			}
			if st := c.State(); !st.LoggedOut || st.HoldsAccess || st.HoldsRefresh || st.Logouts != 1 {
				t.Errorf("state: got %+v; want logged out, no credentials, 1 logout", st)
			}
			if got, want := [2]int32{s.refreshes.Load(), s.logouts.Load()}, [2]int32{1, 1}; got != want {
				t.Errorf("refresh and logout calls: got %v; want %v", got, want)
			}
		})
	}
}

func TestRefreshThroughInterceptorDeadlocks(t *testing.T) {
	s := newAuthServer(t, "bearer")
	s.on(&s.onRefresh, refuse(http.StatusUnauthorized))
	c := start(t, s, m1.New)
	s.expire()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := c.Request(ctx, http.MethodGet, "/api/items")
		done <- err
	}()
	// The only waiter is the refresh call itself, queued behind itself.
	eventually(t, "the refresh waits in the queue", func() bool { return c.queued() == 1 })
	select {
	case err := <-done:
		t.Fatalf("request settled with %v while the refresh waits for itself", err)
	default:
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("got %v; want %v", err, context.Canceled)
	}
	if st := c.State(); st.LoggedOut || st.Logouts != 0 {
		t.Errorf("state: got %+v; want no logout", st)
	}
	c.Close()
	noClientGoroutines(t)
}

func TestUnguardedErrorResponseLogsOutOn503(t *testing.T) {
	tests := []struct {
		name      string
		new       adapter.Factory
		refreshes int32
		logouts   int
	}{
		{"textbook", Textbook, maxAttempts, 0},
		{"M13", m13.New, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newAuthServer(t, "bearer")
			s.on(&s.onRefresh, refuse(http.StatusServiceUnavailable))
			c := start(t, s, tt.new)
			s.expire()
			if _, err := c.Request(t.Context(), http.MethodGet, "/api/items"); err == nil {
				t.Errorf("request: got no error; want the refresh's failure")
			}
			c.Close()
			if got := s.refreshes.Load(); got != tt.refreshes {
				t.Errorf("refreshes: got %d; want %d", got, tt.refreshes)
			}
			st := c.State()
			if st.Logouts != tt.logouts || st.LoggedOut != (tt.logouts > 0) || s.logouts.Load() != int32(tt.logouts) {
				t.Errorf("state %+v, logout calls %d; want %d logouts", st, s.logouts.Load(), tt.logouts)
			}
		})
	}
}

func TestLeakSendsCredentialsToAnotherOrigin(t *testing.T) {
	tests := []struct {
		name  string
		new   adapter.Factory
		style string
		want  string // the credential the foreign server sees
	}{
		{"textbook bearer", Textbook, "bearer", ""},
		{"textbook cookie", Textbook, "cookie", ""},
		{"LEAK bearer", mLeak.New, "bearer", "Bearer a1"},
		{"LEAK cookie", mLeak.New, "cookie", "access_token=a1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var seen []string
			foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				seen = append(seen, r.Header.Get("Authorization")+r.Header.Get("Cookie"))
				mu.Unlock()
			}))
			defer foreign.Close()
			s := newAuthServer(t, tt.style)
			c := start(t, s, tt.new)
			status, err := c.Request(t.Context(), http.MethodGet, foreign.URL+"/pixel")
			if err != nil || status != http.StatusOK {
				t.Fatalf("got %d, %v; want 200, nil", status, err)
			}
			mu.Lock()
			defer mu.Unlock()
			if want := []string{tt.want}; !slices.Equal(seen, want) {
				t.Errorf("foreign server saw credentials %q; want %q", seen, want)
			}
		})
	}
}

func TestReleaseOnSuccessOnlyStrandsNextSession(t *testing.T) {
	tests := []struct {
		name  string
		new   adapter.Factory
		stuck bool
	}{
		{"textbook", Textbook, false},
		{"M3", m3.New, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newAuthServer(t, "cookie")
			var first sync.Once
			s.on(&s.onRefresh, func(w http.ResponseWriter, r *http.Request) bool {
				refused := false
				first.Do(func() { refused = refuse(http.StatusUnauthorized)(w, r) })
				return refused
			})
			c := start(t, s, tt.new)
			s.expire()
			if _, err := c.Request(t.Context(), http.MethodGet, "/api/items"); err == nil {
				t.Fatalf("first session: got no error; want the refresh's failure")
			}
			if err := c.Login(t.Context(), "alice", "pw"); err != nil {
				t.Fatalf("second login: %v", err)
			}
			s.expire()
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := c.Request(ctx, http.MethodGet, "/api/items")
				done <- err
			}()
			if !tt.stuck {
				if err := <-done; err != nil {
					t.Errorf("second session: got %v; want 200", err)
				}
				return
			}
			eventually(t, "the request waits in the queue", func() bool { return c.queued() > 0 })
			select {
			case err := <-done:
				t.Fatalf("second session: settled with %v; want stuck", err)
			default:
			}
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Errorf("got %v; want %v", err, context.Canceled)
			}
		})
	}
}

func TestLogoutPingPongIsBounded(t *testing.T) {
	s := newAuthServer(t, "bearer")
	s.on(&s.onRefresh, refuse(http.StatusUnauthorized))
	s.on(&s.onLogout, refuse(http.StatusUnauthorized))
	c := start(t, s, m4.New)
	s.expire()
	if _, err := c.Request(t.Context(), http.MethodGet, "/api/items"); err == nil {
		t.Fatalf("got no error; want the refresh's failure")
	}
	// refresh, then m4MaxCycles times: logout (401), refresh (401).
	eventually(t, "the ping-pong ends", func() bool { return s.refreshes.Load() == m4MaxCycles+1 })
	c.Close()
	if got := s.logouts.Load(); got != m4MaxCycles {
		t.Errorf("logout calls: got %d; want %d", got, m4MaxCycles)
	}
	if got := s.refreshes.Load(); got != m4MaxCycles+1 {
		t.Errorf("refreshes: got %d; want %d", got, m4MaxCycles+1)
	}
}

func TestRegistry(t *testing.T) {
	var ids []string
	for _, m := range All() {
		ids = append(ids, m.ID)
		if m.Name == "" || m.Pattern == "" || len(m.Breaks) == 0 || m.New == nil {
			t.Errorf("%s: incomplete entry %+v", m.ID, m)
		}
	}
	want := []string{"M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9", "M10", "M13", "M14", "M15", "LOG", "RETRY", "SILENT", "LEAK"}
	if !slices.Equal(ids, want) {
		t.Errorf("IDs: got %v; want %v", ids, want)
	}
	if m, ok := Lookup("m10"); !ok || m.ID != "M10" {
		t.Errorf("Lookup(m10): got %q, %v; want M10", m.ID, ok)
	}
	if _, ok := Lookup("M11"); ok {
		t.Errorf("Lookup(M11): found; want none")
	}
	All()[0].Breaks[0] = "changed"
	if All()[0].Breaks[0] == "changed" {
		t.Errorf("All shares its Breaks slices with the registry")
	}
}

func TestEveryMutantLogsInAndCloses(t *testing.T) {
	for _, m := range append(All(), Mutant{ID: "textbook", New: Textbook}) {
		for _, style := range styles {
			t.Run(m.ID+"/"+style, func(t *testing.T) {
				s := newAuthServer(t, style)
				c := start(t, s, m.New)
				if status, err := c.Request(t.Context(), http.MethodGet, "/api/items"); err != nil || status != http.StatusOK {
					t.Errorf("got %d, %v; want 200, nil", status, err)
				}
				c.Close()
			})
		}
	}
	noClientGoroutines(t)
}

func TestBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  adapter.Config
		want string
	}{
		{"style", adapter.Config{BaseURL: "http://127.0.0.1:1", Style: "basic"}, "credential style"},
		{"base URL", adapter.Config{BaseURL: "/relative"}, "base URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Textbook(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v; want an error about %s", err, tt.want)
			}
		})
	}
}

func TestLogOnlyKeepsSession(t *testing.T) {
	s := newAuthServer(t, "bearer")
	s.on(&s.onRefresh, refuse(http.StatusUnauthorized))
	c := start(t, s, mLog.New)
	s.expire()
	if _, err := c.Request(t.Context(), http.MethodGet, "/api/items"); err == nil {
		t.Fatalf("got no error; want the refresh's failure")
	}
	c.Close()
	if st := c.State(); st.LoggedOut || !st.HoldsAccess || !st.HoldsRefresh || st.Logouts != 0 || s.logouts.Load() != 0 {
		t.Errorf("state %+v, logout calls %d; want the session kept, no logout", st, s.logouts.Load())
	}
	if lines := c.Console(); len(lines) != 1 || !strings.Contains(lines[0], "refresh failed") {
		t.Errorf("console: got %q; want one refresh failure line", lines)
	}
}
