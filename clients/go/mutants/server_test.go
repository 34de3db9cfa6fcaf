package mutants

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authconform/authconform/clients/go/adapter"
)

// authServer is a small auth server for the tests, in either credential
// style: access tokens stay valid until expire; hooks replace the refresh
// and logout answers.
type authServer struct {
	*httptest.Server
	style string

	mu    sync.Mutex
	valid map[string]bool // access tokens accepted
	n     int             // tokens issued

	// onRefresh and onLogout, when set, answer instead of the server and
	// report true; they run in the handler's goroutine.
	onRefresh, onLogout hook

	refreshes, logouts, api atomic.Int32
}

// hook answers a request instead of the server when it reports true.
type hook func(w http.ResponseWriter, r *http.Request) bool

// on sets a hook.
func (s *authServer) on(h *hook, f hook) {
	s.mu.Lock()
	*h = f
	s.mu.Unlock()
}

// run runs a hook, if set.
func (s *authServer) run(h *hook, w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	f := *h
	s.mu.Unlock()
	return f != nil && f(w, r)
}

func newAuthServer(t *testing.T, style string) *authServer {
	t.Helper()
	s := &authServer{style: style, valid: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/login", func(w http.ResponseWriter, r *http.Request) { s.issue(w) })
	mux.HandleFunc("POST /auth/refresh", func(w http.ResponseWriter, r *http.Request) {
		s.refreshes.Add(1)
		if s.run(&s.onRefresh, w, r) {
			return
		}
		s.issue(w)
	})
	mux.HandleFunc("POST /auth/logout", func(w http.ResponseWriter, r *http.Request) {
		s.logouts.Add(1)
		if s.run(&s.onLogout, w, r) {
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.api.Add(1)
		tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if ck, err := r.Cookie("access_token"); err == nil && tok == "" {
			tok = ck.Value
		}
		s.mu.Lock()
		ok := s.valid[tok]
		s.mu.Unlock()
		if !ok {
			answer(w, http.StatusUnauthorized, "invalid_token")
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// issue answers a login or refresh with fresh tokens.
func (s *authServer) issue(w http.ResponseWriter) {
	s.mu.Lock()
	s.n++
	access, refresh := fmt.Sprintf("a%d", s.n), fmt.Sprintf("r%d", s.n)
	s.valid[access] = true
	s.mu.Unlock()
	if s.style == "cookie" {
		http.SetCookie(w, &http.Cookie{Name: "access_token", Value: access, Path: "/", HttpOnly: true})
		http.SetCookie(w, &http.Cookie{Name: "refresh_token", Value: refresh, Path: "/auth", HttpOnly: true})
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": access, "refresh_token": refresh, "token_type": "Bearer", "expires_in": 60})
}

// expire makes every access token issued so far invalid.
func (s *authServer) expire() {
	s.mu.Lock()
	clear(s.valid)
	s.mu.Unlock()
}

func answer(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code})
}

// refuse is an onRefresh or onLogout hook answering status.
func refuse(status int) hook {
	return func(w http.ResponseWriter, _ *http.Request) bool {
		answer(w, status, "invalid_grant")
		return true
	}
}

func (s *authServer) config() adapter.Config {
	return adapter.Config{
		BaseURL: s.URL, Style: s.style,
		LoginPath: "/auth/login", RefreshPath: "/auth/refresh", LogoutPath: "/auth/logout",
		UsernameField: "username", PasswordField: "password", AccessField: "access_token", RefreshField: "refresh_token",
		RefreshTimeout: time.Second, LogoutTimeout: time.Second,
	}
}

// start makes a client with factory f and logs it in; Close runs at
// cleanup.
func start(t *testing.T, s *authServer, f adapter.Factory) *textbook {
	t.Helper()
	cl, err := f(s.config())
	if err != nil {
		t.Fatalf("factory: %v", err)
	}
	t.Cleanup(cl.Close)
	if err := cl.Login(t.Context(), "alice", "pw"); err != nil {
		t.Fatalf("login: %v", err)
	}
	return cl.(*textbook)
}

// eventually polls cond until it holds or a second has passed.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// queued reports how many waiters the client's queue holds.
func (c *textbook) queued() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.st.queue)
}

// noClientGoroutines fails unless every goroutine of the package's
// clients has ended (within a second).
func noClientGoroutines(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		if !bytes.Contains(buf, []byte("mutants.(*textbook)")) {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("client goroutines remain:\n%s", buf)
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// burst makes n concurrent requests and returns their statuses and errors.
func burst(t *testing.T, c adapter.Client, n int) ([]int, []error) {
	t.Helper()
	status, errs := make([]int, n), make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			status[i], errs[i] = c.Request(t.Context(), http.MethodGet, fmt.Sprintf("/api/items?n=%d", i))
		})
	}
	wg.Wait()
	return status, errs
}
