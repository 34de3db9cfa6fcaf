package refresh_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/authconform/authconform/clients/go/refresh"
)

// api is a toy auth server: login and refresh hand out the token
// "t<n>"; only the newest one is accepted, and revoke makes refresh fail.
type api struct {
	mu        sync.Mutex
	n         int
	revoked   bool
	refreshes int
}

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/auth/login", "/auth/refresh":
		if r.URL.Path == "/auth/refresh" {
			a.refreshes++
			if a.revoked {
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprint(w, `{"error":"invalid_grant","error_description":"refresh token revoked"}`)
				return
			}
		}
		a.n++
		fmt.Fprintf(w, `{"access_token":"t%d","refresh_token":"r%d"}`, a.n, a.n)
	case "/auth/logout":
		fmt.Fprint(w, `{}`)
	default:
		if r.Header.Get("Authorization") != fmt.Sprintf("Bearer t%d", a.n) {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"invalid_token"}`)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]string{"items": "ok"})
	}
}

// expire makes the current access token stale, as time would.
func (a *api) expire() { a.mu.Lock(); a.n++; a.mu.Unlock() }

func (a *api) revoke() { a.mu.Lock(); a.revoked = true; a.mu.Unlock() }

func Example() {
	a := &api{}
	srv := httptest.NewServer(a)
	defer srv.Close()

	t, err := refresh.New(refresh.Config{
		BaseURL:  srv.URL,
		Style:    refresh.StyleBearer,
		OnLogout: func(reason error) { fmt.Println("logged out:", reason) },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer t.Close()
	if err := t.Login(context.Background(), "alice", "secret"); err != nil {
		fmt.Println(err)
		return
	}
	client := t.Client()
	get := func() {
		resp, err := client.Get(srv.URL + "/api/items")
		if err != nil {
			fmt.Println("error; logged out:", errors.Is(err, refresh.ErrLoggedOut))
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		fmt.Println(resp.StatusCode, strings.TrimSpace(string(body)))
	}

	get()
	a.expire() // the Transport refreshes and replays
	get()
	a.expire()
	a.revoke() // the refresh fails: the session ends
	get()
	get() // fails at once, without a request
	a.mu.Lock()
	fmt.Println("refresh calls:", a.refreshes)
	a.mu.Unlock()
	// Output:
	// 200 {"items":"ok"}
	// 200 {"items":"ok"}
	// logged out: refresh: terminal failure after 1 attempt(s): server answered 401 invalid_grant: refresh token revoked
	// error; logged out: true
	// error; logged out: true
	// refresh calls: 2
}
