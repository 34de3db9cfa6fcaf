package refresh

import (
	"net/http"
	"strconv"
	"sync"
	"testing"
)

// hold returns a refresh hook that answers only once n API requests were
// rejected, so that all of them were sent with the old credentials.
func hold(a *authServer, n int) func(http.ResponseWriter, *http.Request, int) bool {
	return func(w http.ResponseWriter, r *http.Request, _ int) bool {
		select {
		case <-a.after(n):
		case <-r.Context().Done():
			a.t.Errorf("the refresh call ended before %d requests were rejected", n)
		}
		return false
	}
}

func TestSingleFlight(t *testing.T) {
	styles(t, func(t *testing.T, style Style) {
		noLeaks(t)
		const n = 100
		a := newAuthServer(t, style)
		tr := newTransport(t, a, nil)
		a.onRefresh = hold(a, n)
		a.expire()

		for i, r := range burst(t, tr, a.URL, n) {
			if r.err != nil || r.status != http.StatusOK {
				t.Errorf("request %d: got %d, %v; want 200", i, r.status, r.err)
			}
			if got := a.sent("/api/items?id=" + strconv.Itoa(i)); got != 2 {
				t.Errorf("request %d sent %d times; want 2", i, got)
			}
		}
		if refresh, _ := a.counts(); refresh != 1 {
			t.Errorf("refresh calls: got %d; want 1", refresh)
		}
		if got, want := tr.State(), (State{HoldsAccess: true, HoldsRefresh: true}); got != want {
			t.Errorf("state: got %+v; want %+v", got, want)
		}
	})
}

func TestLate401ReplaysWithoutRefresh(t *testing.T) {
	styles(t, func(t *testing.T, style Style) {
		noLeaks(t)
		a := newAuthServer(t, style)
		tr := newTransport(t, a, nil)
		arrived, release := make(chan struct{}), make(chan struct{})
		var once sync.Once
		a.onAPI = func(w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Query().Get("id") != "late" || a.accessToken(r) != "a1" {
				return false
			}
			once.Do(func() { close(arrived) })
			<-release
			a.unauthorized(w) // answered with the old token, after the refresh
			return true
		}
		a.expire()

		late := make(chan result)
		go func() { late <- get(t, tr, a.URL+"/api/items?id=late") }()
		<-arrived
		if r := get(t, tr, a.URL+"/api/items?id=now"); r.err != nil || r.status != http.StatusOK {
			t.Fatalf("request now: got %d, %v; want 200", r.status, r.err)
		}
		close(release)
		if r := <-late; r.err != nil || r.status != http.StatusOK {
			t.Errorf("late request: got %d, %v; want 200", r.status, r.err)
		}
		if got := a.sent("/api/items?id=late"); got != 2 {
			t.Errorf("late request sent %d times; want 2", got)
		}
		if refresh, _ := a.counts(); refresh != 1 {
			t.Errorf("refresh calls: got %d; want 1", refresh)
		}
	})
}

func TestReplayAtMostOnce(t *testing.T) {
	styles(t, func(t *testing.T, style Style) {
		noLeaks(t)
		const n = 20
		a := newAuthServer(t, style)
		tr := newTransport(t, a, nil)
		a.onRefresh = hold(a, n)
		a.onAPI = func(w http.ResponseWriter, r *http.Request) bool {
			a.unauthorized(w) // even the refreshed token
			return true
		}

		for i, r := range burst(t, tr, a.URL, n) {
			if r.err != nil || r.status != http.StatusUnauthorized {
				t.Errorf("request %d: got %d, %v; want 401", i, r.status, r.err)
			}
			if got := a.sent("/api/items?id=" + strconv.Itoa(i)); got != 2 {
				t.Errorf("request %d sent %d times; want 2", i, got)
			}
		}
		if refresh, _ := a.counts(); refresh != 1 {
			t.Errorf("refresh calls: got %d; want 1", refresh)
		}
		if st := tr.State(); st.LoggedOut {
			t.Errorf("state: got %+v; want logged in", st)
		}
	})
}

func TestNoRefreshBeforeLogin(t *testing.T) {
	styles(t, func(t *testing.T, style Style) {
		a := newAuthServer(t, style)
		tr, err := New(Config{BaseURL: a.URL, Style: style})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(tr.Close)
		if r := get(t, tr, a.URL+"/api/items"); r.err != nil || r.status != http.StatusUnauthorized {
			t.Errorf("got %d, %v; want 401", r.status, r.err)
		}
		if refresh, _ := a.counts(); refresh != 0 {
			t.Errorf("refresh calls: got %d; want 0", refresh)
		}
	})
}

func TestCredentialsStayOnTheirOrigin(t *testing.T) {
	styles(t, func(t *testing.T, style Style) {
		a := newAuthServer(t, style)
		other := newAuthServer(t, style)
		tr := newTransport(t, a, nil)
		var leaked []string
		var mu sync.Mutex
		other.onAPI = func(w http.ResponseWriter, r *http.Request) bool {
			mu.Lock()
			defer mu.Unlock()
			if h := r.Header.Get("Authorization") + r.Header.Get("Cookie"); h != "" {
				leaked = append(leaked, h)
			}
			return false
		}
		if r := get(t, tr, a.URL+"/api/items"); r.status != http.StatusOK {
			t.Fatalf("own origin: got %d, %v; want 200", r.status, r.err)
		}
		if r := get(t, tr, other.URL+"/api/items"); r.status != http.StatusUnauthorized {
			t.Errorf("other origin: got %d, %v; want 401", r.status, r.err)
		}
		if refresh, _ := other.counts(); refresh != 0 {
			t.Errorf("refresh calls on the other origin: got %d; want 0", refresh)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(leaked) != 0 {
			t.Errorf("credentials sent to another origin: %q", leaked)
		}
	})
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no base URL", Config{}},
		{"not http", Config{BaseURL: "ftp://example.com"}},
		{"no host", Config{BaseURL: "http://"}},
		{"a path", Config{BaseURL: "http://example.com/v1"}},
		{"unknown style", Config{BaseURL: "http://example.com", Style: "basic"}},
		{"relative path", Config{BaseURL: "http://example.com", RefreshPath: "auth/refresh"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.cfg); err == nil {
				t.Errorf("New: got no error; want one")
			}
		})
	}
}

// TestWaitersFreeTheirConnections: requests waiting for the refresh must
// not hold the connections it needs.
func TestWaitersFreeTheirConnections(t *testing.T) {
	styles(t, func(t *testing.T, style Style) {
		a := newAuthServer(t, style)
		base := &http.Transport{MaxConnsPerHost: 1}
		tr := newTransport(t, a, func(c *Config) { c.Base = base })
		a.expire()
		for i, r := range burst(t, tr, a.URL, 10) {
			if r.err != nil || r.status != http.StatusOK {
				t.Errorf("request %d: got %d, %v; want 200", i, r.status, r.err)
			}
		}
		if refresh, _ := a.counts(); refresh != 1 {
			t.Errorf("refresh calls: got %d; want 1", refresh)
		}
	})
}
