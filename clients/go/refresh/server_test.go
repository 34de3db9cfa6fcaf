package refresh

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// authServer is a small auth server for the tests: the valid credentials of
// generation g are the access token "a<g>" and the refresh token "r<g>";
// login and refresh move to the next generation (refresh tokens rotate).
// Hooks replace an endpoint's answer to script failures.
type authServer struct {
	*httptest.Server
	t     testing.TB
	style Style

	mu       sync.Mutex
	gen      int
	expired  bool           // the current access token is expired
	sends    map[string]int // API requests by path and query
	unauth   int            // API requests answered 401
	refresh  int            // refresh calls
	logout   int            // logout calls
	logoutBy []string       // the credential each logout call carried
	waiters  []waiter       // channels closed when unauth reaches n

	// onRefresh, onLogout and onAPI, when set, answer instead of the server
	// when they return true. n counts the endpoint's calls from 1.
	onRefresh func(w http.ResponseWriter, r *http.Request, n int) bool
	onLogout  func(w http.ResponseWriter, r *http.Request, n int) bool
	onAPI     func(w http.ResponseWriter, r *http.Request) bool
}

type waiter struct {
	n  int
	ch chan struct{}
}

func newAuthServer(t testing.TB, style Style) *authServer {
	t.Helper()
	a := &authServer{t: t, style: style, sends: map[string]int{}}
	a.Server = httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.Close)
	return a
}

func (a *authServer) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == DefaultLoginPath:
		a.login(w, r)
	case r.URL.Path == DefaultRefreshPath:
		a.mu.Lock()
		a.refresh++
		n, hook := a.refresh, a.onRefresh
		a.mu.Unlock()
		if hook != nil && hook(w, r, n) {
			return
		}
		a.rotate(w, r)
	case r.URL.Path == DefaultLogoutPath:
		a.mu.Lock()
		a.logout++
		a.logoutBy = append(a.logoutBy, a.refreshToken(r)+a.accessToken(r))
		n, hook := a.logout, a.onLogout
		a.mu.Unlock()
		if hook != nil && hook(w, r, n) {
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "access_token", Path: "/", MaxAge: -1})
		http.SetCookie(w, &http.Cookie{Name: "refresh_token", Path: "/auth", MaxAge: -1})
		writeJSON(w, http.StatusOK, map[string]any{"ok": true})
	case strings.HasPrefix(r.URL.Path, "/api/"):
		a.api(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (a *authServer) login(w http.ResponseWriter, r *http.Request) {
	var body map[string]string
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body["password"] != "pw" {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_grant", "error_description": "wrong password"})
		return
	}
	a.mu.Lock()
	a.gen++
	a.expired = false
	gen := a.gen
	a.mu.Unlock()
	a.issue(w, gen)
}

func (a *authServer) rotate(w http.ResponseWriter, r *http.Request) {
	tok := a.refreshToken(r)
	a.mu.Lock()
	ok := tok != "" && tok == "r"+strconv.Itoa(a.gen)
	if ok {
		a.gen++
		a.expired = false
	}
	gen := a.gen
	a.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_grant", "error_description": "unknown refresh token " + tok})
		return
	}
	a.issue(w, gen)
}

func (a *authServer) issue(w http.ResponseWriter, gen int) {
	access, refresh := "a"+strconv.Itoa(gen), "r"+strconv.Itoa(gen)
	if a.style == StyleBearer {
		writeJSON(w, http.StatusOK, map[string]any{"access_token": access, "refresh_token": refresh, "token_type": "Bearer", "expires_in": 900})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "access_token", Value: access, Path: "/", HttpOnly: true})
	http.SetCookie(w, &http.Cookie{Name: "refresh_token", Value: refresh, Path: "/auth", HttpOnly: true})
	writeJSON(w, http.StatusOK, map[string]any{"user": "alice"})
}

func (a *authServer) api(w http.ResponseWriter, r *http.Request) {
	tok := a.accessToken(r)
	a.mu.Lock()
	a.sends[r.URL.RequestURI()]++
	valid := tok == "a"+strconv.Itoa(a.gen) && !a.expired
	hook := a.onAPI
	a.mu.Unlock()
	if hook != nil && hook(w, r) {
		return
	}
	if !valid {
		a.unauthorized(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "token": tok})
}

// unauthorized answers 401 and counts it.
func (a *authServer) unauthorized(w http.ResponseWriter) {
	a.mu.Lock()
	a.unauth++
	kept := a.waiters[:0]
	for _, wt := range a.waiters {
		if a.unauth >= wt.n {
			close(wt.ch)
		} else {
			kept = append(kept, wt)
		}
	}
	a.waiters = kept
	a.mu.Unlock()
	writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "invalid_token", "error_description": "access token rejected"})
}

// after returns a channel closed once n API requests were answered 401.
func (a *authServer) after(n int) <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	ch := make(chan struct{})
	if a.unauth >= n {
		close(ch)
	} else {
		a.waiters = append(a.waiters, waiter{n, ch})
	}
	return ch
}

func (a *authServer) accessToken(r *http.Request) string {
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return tok
	}
	if c, err := r.Cookie("access_token"); err == nil {
		return c.Value
	}
	return ""
}

func (a *authServer) refreshToken(r *http.Request) string {
	var body map[string]string
	if json.NewDecoder(r.Body).Decode(&body) == nil && body["refresh_token"] != "" {
		return body["refresh_token"]
	}
	if c, err := r.Cookie("refresh_token"); err == nil {
		return c.Value
	}
	return ""
}

// expire expires the current access token.
func (a *authServer) expire() {
	a.mu.Lock()
	a.expired = true
	a.mu.Unlock()
}

// counts returns the refresh and logout calls so far.
func (a *authServer) counts() (refresh, logout int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.refresh, a.logout
}

// sent returns how often the API saw a path and query.
func (a *authServer) sent(uri string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.sends[uri]
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// answer returns a hook that answers with status and an RFC 6749 error.
func answer(status int, code string) func(http.ResponseWriter, *http.Request, int) bool {
	return func(w http.ResponseWriter, _ *http.Request, _ int) bool {
		writeJSON(w, status, map[string]any{"error": code, "error_description": "scripted"})
		return true
	}
}

// drop is a hook that closes the connection without an answer.
func drop(w http.ResponseWriter, _ *http.Request, _ int) bool {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
	return true
}

// hang is a hook that never answers: it returns when the client gives up or
// the server closes.
func hang(w http.ResponseWriter, r *http.Request, _ int) bool {
	// The server notices a closed connection only once the body is read.
	_, _ = io.Copy(io.Discard, r.Body)
	<-r.Context().Done()
	panic(http.ErrAbortHandler)
}

// newTransport returns a Transport on a's server, logged in, with fast
// retries; change adjusts its config. It is closed when the test ends.
func newTransport(t testing.TB, a *authServer, change func(*Config)) *Transport {
	t.Helper()
	cfg := Config{BaseURL: a.URL, Style: a.style, Backoff: time.Millisecond}
	if change != nil {
		change(&cfg)
	}
	tr, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(tr.Close)
	if err := tr.Login(t.Context(), "alice", "pw"); err != nil {
		t.Fatalf("Login: %v", err)
	}
	return tr
}

// result is how one request settled.
type result struct {
	status int
	err    error
}

// burst sends n GET requests to /api/items?id=i at once and returns how
// each settled.
func burst(t testing.TB, tr *Transport, base string, n int) []result {
	t.Helper()
	results := make([]result, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			results[i] = get(t, tr, base+"/api/items?id="+strconv.Itoa(i))
		})
	}
	wg.Wait()
	return results
}

func get(t testing.TB, tr *Transport, url string) result {
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Errorf("NewRequest: %v", err)
		return result{err: err}
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		return result{err: err}
	}
	discard(resp)
	return result{status: resp.StatusCode}
}

// noLeaks fails the test if it ends with more goroutines than it started
// with, after everything registered later was cleaned up.
func noLeaks(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				t.Errorf("goroutines: got %d; want at most %d\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
}

// eventually polls cond until it holds or a generous deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not so after 5s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// styles runs f for both credential styles.
func styles(t *testing.T, f func(t *testing.T, style Style)) {
	for _, style := range []Style{StyleBearer, StyleCookie} {
		t.Run(string(style), func(t *testing.T) { f(t, style) })
	}
}
