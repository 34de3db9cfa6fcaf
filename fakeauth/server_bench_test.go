package fakeauth_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authconform/authconform/fakeauth"
)

// BenchmarkServer measures fakeauth against a bare net/http handler over
// real loopback HTTP, so the ratios can be read from one run:
//
//	bare     a plain handler writing a small JSON body
//	api      a protected API route with a valid bearer token, journal on
//	api-nojournal  the same route on a server with its journal off
//	refresh  the refresh endpoint (rotation off, so one token serves all)
//
// Each reports req/s and the p99 latency of one request, and fakeauth's
// report how many journal entries were dropped (the journal is reset at the
// start of each run and holds far more than a run sends).
func BenchmarkServer(b *testing.B) {
	body := []byte(`{"generation":1,"ok":true,"path":"/api/items"}`)
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		w.Write(body)
	}))
	defer bare.Close()
	srv := newServer(b, fakeauth.Config{
		Contract:     fakeauth.Contract{Style: fakeauth.StyleBearer},
		Script:       fakeauth.Script{Rotation: fakeauth.RotationOff},
		JournalLimit: 1 << 21,
	})
	c := login(b, srv)
	// The same server without its journal, to read the journal's cost.
	quiet := newServer(b, fakeauth.Config{
		Contract:       fakeauth.Contract{Style: fakeauth.StyleBearer},
		Secret:         srv.Config.Secret,
		DisableJournal: true,
	})
	qc := login(b, quiet)
	refreshBody := `{"refresh_token":"` + c.refresh + `"}`

	hc := &http.Client{Transport: &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024}}
	defer hc.CloseIdleConnections()
	cases := []struct {
		name    string
		journal bool
		request func() *http.Request
	}{
		{"bare", false, func() *http.Request {
			req, _ := http.NewRequest(http.MethodGet, bare.URL+"/api/items", nil)
			return req
		}},
		{"api", true, func() *http.Request {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/items", nil)
			req.Header.Set("Authorization", "Bearer "+c.access)
			return req
		}},
		{"api-nojournal", false, func() *http.Request {
			req, _ := http.NewRequest(http.MethodGet, quiet.URL+"/api/items", nil)
			req.Header.Set("Authorization", "Bearer "+qc.access)
			return req
		}},
		{"refresh", true, func() *http.Request {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/auth/refresh", strings.NewReader(refreshBody))
			req.Header.Set("Content-Type", "application/json")
			return req
		}},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			srv.Journal().Reset()
			var mu sync.Mutex
			var all []time.Duration
			b.SetParallelism(4) // 4 clients per CPU: the server is never idle
			start := time.Now()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				lat := make([]time.Duration, 0, 4096)
				for pb.Next() {
					t0 := time.Now()
					resp, err := hc.Do(bc.request())
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						b.Errorf("status: got %d; want 200", resp.StatusCode)
						return
					}
					lat = append(lat, time.Since(t0))
				}
				mu.Lock()
				all = append(all, lat...)
				mu.Unlock()
			})
			b.StopTimer()
			elapsed := time.Since(start)
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
			if len(all) > 0 {
				slices.Sort(all)
				b.ReportMetric(float64(all[len(all)*99/100].Microseconds()), "p99-µs")
			}
			if bc.journal {
				snap := srv.Journal().Snapshot()
				if snap.Dropped > 0 {
					b.ReportMetric(float64(snap.Dropped), "dropped")
				}
				if got := len(snap.Entries) + int(snap.Dropped); got != b.N {
					b.Errorf("journal: got %d entries and drops; want %d", got, b.N)
				}
			}
		})
	}
}
