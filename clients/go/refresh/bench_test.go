package refresh

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
)

// BenchmarkTransport measures the Transport's per-request cost on the happy
// path (a valid token, no refresh) against a bare http.Transport sending the
// same request to the same server: compare the ns/op of its sub-benchmarks.
func BenchmarkTransport(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == DefaultLoginPath {
			http.SetCookie(w, &http.Cookie{Name: "access_token", Value: "a1", Path: "/", HttpOnly: true})
			http.SetCookie(w, &http.Cookie{Name: "refresh_token", Value: "r1", Path: "/auth", HttpOnly: true})
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"access_token":"a1","refresh_token":"r1"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	url := srv.URL + "/api/items"

	run := func(b *testing.B, rt http.RoundTripper) {
		b.ReportAllocs()
		req, err := http.NewRequest(http.MethodGet, url, nil)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			resp, err := rt.RoundTrip(req)
			if err != nil {
				b.Fatal(err)
			}
			discard(resp)
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("status: got %d; want 200", resp.StatusCode)
			}
		}
	}
	b.Run("bare", func(b *testing.B) {
		base := http.DefaultTransport.(*http.Transport).Clone()
		defer base.CloseIdleConnections()
		run(b, base)
	})
	for _, style := range []Style{StyleBearer, StyleCookie} {
		b.Run("refresh-"+string(style), func(b *testing.B) {
			tr, err := New(Config{BaseURL: srv.URL, Style: style})
			if err != nil {
				b.Fatal(err)
			}
			defer tr.Close()
			if err := tr.Login(b.Context(), "alice", "pw"); err != nil {
				b.Fatal(err)
			}
			run(b, tr)
		})
	}
}

// TestThunderingHerd sends 10,000 concurrent requests on one expired token:
// exactly one refresh, and every request succeeds.
func TestThunderingHerd(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 requests; skipped with -short")
	}
	const n = 10_000
	a := newAuthServer(t, StyleBearer)
	base := &http.Transport{MaxConnsPerHost: 256, MaxIdleConnsPerHost: 256}
	tr := newTransport(t, a, func(c *Config) { c.Base = base })
	t.Cleanup(base.CloseIdleConnections)
	a.expire()

	start := make(chan struct{})
	failed := make([]result, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			if r := get(t, tr, a.URL+"/api/items?id="+strconv.Itoa(i)); r.err != nil || r.status != http.StatusOK {
				failed[i] = r
			}
		})
	}
	close(start)
	wg.Wait()
	bad := 0
	for i, r := range failed {
		if r != (result{}) {
			if bad++; bad <= 5 {
				t.Errorf("request %d: got %d, %v; want 200", i, r.status, r.err)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d requests failed", bad, n)
	}
	if refresh, _ := a.counts(); refresh != 1 {
		t.Errorf("refresh calls: got %d; want 1", refresh)
	}
}
