package refresh

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestReplayBody(t *testing.T) {
	tests := []struct {
		name string
		body func() io.Reader
		// replayed: the request is sent again after the refresh.
		replayed bool
	}{
		{"bytes reader", func() io.Reader { return bytes.NewReader([]byte(`{"n":1}`)) }, true},
		{"strings reader", func() io.Reader { return strings.NewReader(`{"n":1}`) }, true},
		{"no GetBody", func() io.Reader { return io.MultiReader(strings.NewReader(`{"n":1}`)) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			styles(t, func(t *testing.T, style Style) {
				a := newAuthServer(t, style)
				tr := newTransport(t, a, nil)
				var mu sync.Mutex
				var bodies []string
				a.onAPI = func(w http.ResponseWriter, r *http.Request) bool {
					b, _ := io.ReadAll(r.Body)
					mu.Lock()
					defer mu.Unlock()
					bodies = append(bodies, string(b))
					return false
				}
				a.expire()

				req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, a.URL+"/api/items", tt.body())
				if err != nil {
					t.Fatal(err)
				}
				resp, err := tr.RoundTrip(req)
				if err != nil {
					t.Fatalf("RoundTrip: %v", err)
				}
				discard(resp)
				want, wantStatus := []string{`{"n":1}`, `{"n":1}`}, http.StatusOK
				if !tt.replayed {
					want, wantStatus = want[:1], http.StatusUnauthorized
				}
				if resp.StatusCode != wantStatus {
					t.Errorf("status: got %d; want %d", resp.StatusCode, wantStatus)
				}
				mu.Lock()
				if strings.Join(bodies, " ") != strings.Join(want, " ") {
					t.Errorf("bodies received: got %q; want %q", bodies, want)
				}
				mu.Unlock()
				// Either way the credentials were refreshed, once.
				if r := get(t, tr, a.URL+"/api/items?id=next"); r.status != http.StatusOK {
					t.Errorf("next request: got %d, %v; want 200", r.status, r.err)
				}
				if refresh, _ := a.counts(); refresh != 1 {
					t.Errorf("refresh calls: got %d; want 1", refresh)
				}
			})
		})
	}
}
