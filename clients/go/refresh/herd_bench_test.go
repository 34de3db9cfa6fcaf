package refresh

import (
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// herdSize is the thundering herd: concurrent requests on one expired token.
const herdSize = 10_000

// BenchmarkHerd releases 10,000 concurrent requests at once and reports the
// p99 of the time each takes to settle, from the release, over every herd
// of the run:
//
//	bare     a bare http.Transport with a valid token: the baseline
//	expired  the Transport on an expired token: every request gets a 401,
//	         waits for the one refresh and is replayed
//
// Both share one server and one connection limit, so p99 divided by bare's
// is what a refresh under a herd costs. expired also reports the refresh
// calls per herd, which must be exactly 1, and fails otherwise.
func BenchmarkHerd(b *testing.B) {
	a := newAuthServer(b, StyleBearer)
	base := &http.Transport{MaxConnsPerHost: 256, MaxIdleConnsPerHost: 256}
	defer base.CloseIdleConnections()

	b.Run("bare", func(b *testing.B) {
		var lat []time.Duration
		for b.Loop() {
			a.mu.Lock()
			token := "Bearer a" + strconv.Itoa(a.gen)
			a.mu.Unlock()
			lat = append(lat, herd(b, func(i int) bool {
				req, _ := http.NewRequest(http.MethodGet, a.URL+"/api/items?id="+strconv.Itoa(i), nil)
				req.Header.Set("Authorization", token)
				resp, err := base.RoundTrip(req)
				if err != nil {
					return false
				}
				discard(resp)
				return resp.StatusCode == http.StatusOK
			})...)
		}
		reportP99(b, lat)
	})
	b.Run("expired", func(b *testing.B) {
		tr := newTransport(b, a, func(c *Config) { c.Base = base })
		var lat []time.Duration
		herds := 0
		for b.Loop() {
			a.expire()
			before, _ := a.counts()
			lat = append(lat, herd(b, func(i int) bool {
				r := get(b, tr, a.URL+"/api/items?id="+strconv.Itoa(i))
				return r.err == nil && r.status == http.StatusOK
			})...)
			if after, _ := a.counts(); after-before != 1 {
				b.Fatalf("herd %d: %d refresh calls; want exactly 1", herds+1, after-before)
			}
			herds++
		}
		reportP99(b, lat)
		b.ReportMetric(1, "refreshes/herd") // any other count failed above
	})
}

// herd runs send for herdSize requests released at once and returns how
// long each took to settle from the release. A request that fails fails b.
func herd(b *testing.B, send func(i int) bool) []time.Duration {
	b.StopTimer()
	lat := make([]time.Duration, herdSize)
	var ready, wg sync.WaitGroup
	release := make(chan struct{})
	var start time.Time
	failed := 0
	var mu sync.Mutex
	for i := range herdSize {
		ready.Add(1)
		wg.Go(func() {
			ready.Done()
			<-release
			ok := send(i)
			lat[i] = time.Since(start)
			if !ok {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		})
	}
	ready.Wait()
	b.StartTimer()
	start = time.Now()
	close(release)
	wg.Wait()
	if failed > 0 {
		b.Fatalf("%d of %d requests failed", failed, herdSize)
	}
	return lat
}

// reportP99 reports the 99th percentile of lat in milliseconds.
func reportP99(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(len(lat)), "requests")
}
