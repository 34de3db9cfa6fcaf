package reference

import (
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/authconform/authconform/clients/go/adapter"
	"github.com/authconform/authconform/clients/go/refresh"
	"github.com/authconform/authconform/fakeauth"
)

// start returns a fake auth server of style and an adapter client for it,
// logged in.
func start(t *testing.T, style fakeauth.Style) (*fakeauth.Server, adapter.Client) {
	t.Helper()
	srv, err := fakeauth.NewServer(fakeauth.Config{Contract: fakeauth.Contract{Style: style}})
	if err != nil {
		t.Fatalf("fakeauth.NewServer: %v", err)
	}
	t.Cleanup(srv.Close)
	ct := srv.Contract()
	c, err := New(adapter.Config{
		BaseURL: srv.URL, Style: string(style),
		LoginPath: ct.LoginPath, RefreshPath: ct.RefreshPath, LogoutPath: ct.LogoutPath,
		UsernameField: ct.UsernameField, PasswordField: ct.PasswordField,
		AccessField: ct.AccessField, RefreshField: ct.RefreshField,
		RefreshTimeout: time.Second, LogoutTimeout: time.Second,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.Close)
	u := fakeauth.DefaultUser
	if err := c.Login(t.Context(), u.Name, u.Password); err != nil {
		t.Fatalf("Login: %v", err)
	}
	return srv, c
}

// count returns how many journal entries are of kind.
func count(srv *fakeauth.Server, kind fakeauth.Kind) int {
	n := 0
	for _, e := range srv.Journal().Snapshot().Entries {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

func TestClient(t *testing.T) {
	for _, style := range fakeauth.Styles {
		t.Run(string(style), func(t *testing.T) {
			srv, c := start(t, style)
			if got, want := c.State(), (adapter.State{HoldsAccess: true, HoldsRefresh: true}); got != want {
				t.Errorf("state after login: got %+v; want %+v", got, want)
			}

			// An expired token: one refresh, every request replayed.
			srv.ExpireAccess(0)
			var wg sync.WaitGroup
			for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodGet, http.MethodPost} {
				wg.Go(func() {
					if status, err := c.Request(t.Context(), m, "/api/items?x=1"); err != nil || status != http.StatusOK {
						t.Errorf("%s: got %d, %v; want 200", m, status, err)
					}
				})
			}
			wg.Wait()
			if got := count(srv, fakeauth.KindRefresh); got != 1 {
				t.Errorf("refresh calls: got %d; want 1", got)
			}

			// A revoked session: logged out, later requests fail fast.
			srv.Revoke(0)
			srv.ExpireAccess(0)
			if _, err := c.Request(t.Context(), http.MethodGet, "/api/items"); !errors.Is(err, refresh.ErrLoggedOut) {
				t.Errorf("after revoke: got %v; want ErrLoggedOut", err)
			}
			if got, want := c.State(), (adapter.State{LoggedOut: true, Logouts: 1}); got != want {
				t.Errorf("state after revoke: got %+v; want %+v", got, want)
			}
			if _, err := c.Request(t.Context(), http.MethodGet, "/api/items"); !errors.Is(err, refresh.ErrLoggedOut) {
				t.Errorf("later request: got %v; want ErrLoggedOut", err)
			}
			for deadline := time.Now().Add(5 * time.Second); count(srv, fakeauth.KindLogout) == 0; time.Sleep(time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("no logout call after 5s")
				}
			}
			c.Close()
			if refreshes, logouts := count(srv, fakeauth.KindRefresh), count(srv, fakeauth.KindLogout); refreshes != 2 || logouts != 1 {
				t.Errorf("refresh and logout calls: got %d, %d; want 2, 1", refreshes, logouts)
			}
		})
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  adapter.Config
	}{
		{"no base URL", adapter.Config{Style: "cookie"}},
		{"unknown style", adapter.Config{BaseURL: "http://127.0.0.1:1", Style: "basic"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.cfg); err == nil {
				t.Errorf("New: got no error; want one")
			}
		})
	}
}
