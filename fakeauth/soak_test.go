package fakeauth_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/fakeauth/control"
	"github.com/authconform/authconform/internal/leakcheck"
)

var soakFor = flag.Duration("soak", 5*time.Second, "how long TestSoak loads the server (make soak runs it for a minute)")

// soakClients is how many clients load the server at once, each with its
// own connections and sessions.
const soakClients = 32

// soakScripts are the behaviours the server cycles through while it is
// loaded: delays, 5xx answers, dropped connections and plain service, on
// the API and the refresh endpoint, some on a part of the API only.
var soakScripts = []fakeauth.Script{
	{},
	{Behaviours: map[fakeauth.Endpoint][]fakeauth.Step{
		fakeauth.EndpointAPI: {{Delay: ms(3)}},
	}},
	{Behaviours: map[fakeauth.Endpoint][]fakeauth.Step{
		fakeauth.EndpointAPI:     {{Action: &fakeauth.Respond{Status: 503, Error: "temporarily_unavailable"}}},
		fakeauth.EndpointRefresh: {{Action: &fakeauth.Respond{Status: 500, Error: "server_error"}}},
	}},
	{Behaviours: map[fakeauth.Endpoint][]fakeauth.Step{
		fakeauth.EndpointAPI: {{When: &fakeauth.Match{Path: "/api/drop/*"}, Action: &fakeauth.Drop{}}},
	}},
	{Behaviours: map[fakeauth.Endpoint][]fakeauth.Step{
		fakeauth.EndpointAPI:     {{When: &fakeauth.Match{Path: "/api/slow/*"}, Delay: ms(10)}},
		fakeauth.EndpointRefresh: {{Delay: ms(5), Action: &fakeauth.Drop{}}},
	}},
	{Behaviours: map[fakeauth.Endpoint][]fakeauth.Step{
		fakeauth.EndpointAPI: {{Times: 40, Action: &fakeauth.Respond{Status: 429}}, {Delay: ms(1)}},
	}},
}

// soakCount is what a client did, by session: for each kind of request, how
// many ended with each status ("dropped" when the connection was reset).
type soakCount map[string]int // "session kind result" → n

// TestSoak loads a server with concurrent clients, each logging in, calling
// the API, refreshing and logging out again and again while the server's
// script changes under them every 100ms, and checks the journal against
// what the clients counted themselves: every request is there, each with
// the session and the result its client saw; nothing was dropped, nothing
// is still in flight, and nothing is left running.
func TestSoak(t *testing.T) {
	leakcheck.Cleanup(t)
	srv, err := fakeauth.NewServer(fakeauth.Config{
		Contract:     fakeauth.Contract{Style: fakeauth.StyleBearer},
		Secret:       testSecret,
		Script:       fakeauth.Script{AccessTTL: fakeauth.Duration(300 * time.Millisecond)},
		JournalLimit: 1 << 22,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	got, controls := soak(t, srv, *soakFor)
	srv.Close()
	snap := srv.Journal().Snapshot()
	total := controls
	for _, n := range got {
		total += n
	}
	t.Logf("%d requests in %v (%.0f/s), %d of them control calls", total, *soakFor, float64(total)/soakFor.Seconds(), controls)
	if snap.Dropped != 0 || snap.InFlight != 0 {
		t.Errorf("journal: %d dropped, %d in flight; want 0 and 0", snap.Dropped, snap.InFlight)
	}
	if len(snap.Entries) != total {
		t.Errorf("journal: %d entries; the clients sent %d requests", len(snap.Entries), total)
	}

	journal := soakCount{}
	control := 0
	for i, e := range snap.Entries {
		if e.Seq != uint64(i+1) {
			t.Fatalf("entry %d has Seq %d; want %d (entries lost or out of order)", i, e.Seq, i+1)
		}
		if e.End < e.Start {
			t.Errorf("entry %v ends before it starts", e)
		}
		if e.Kind == fakeauth.KindControl {
			control++
			continue
		}
		journal[soakKey(e.Session, e.Kind.String(), soakResult(e))]++
	}
	if control != controls {
		t.Errorf("journal: %d control calls; the chaos client made %d", control, controls)
	}
	if !maps.Equal(journal, got) {
		t.Errorf("the journal and the clients disagree:\n%s", soakDiff(got, journal))
	}
	// The load must have met every behaviour, or it proved little.
	seen := map[string]bool{}
	for k := range got {
		f := strings.Fields(k)
		seen[f[1]+" "+f[2]] = true
	}
	for _, want := range []string{"api 200", "api 401", "api 503", "api 429", "api dropped", "refresh 200", "refresh 500", "refresh dropped", "login 200", "logout 200"} {
		if !seen[want] {
			t.Errorf("no %s during the soak: the mix of behaviours did not happen", want)
		}
	}
}

// TestSoakBoundedJournal: under the same load a journal smaller than the
// traffic keeps its first entries and counts every other request as
// dropped: none is lost silently.
func TestSoakBoundedJournal(t *testing.T) {
	leakcheck.Cleanup(t)
	const limit = 1000
	srv, err := fakeauth.NewServer(fakeauth.Config{
		Contract:     fakeauth.Contract{Style: fakeauth.StyleBearer},
		Secret:       testSecret,
		JournalLimit: limit,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	got, controls := soak(t, srv, min(*soakFor/5, 2*time.Second))
	srv.Close()
	total := controls
	for _, n := range got {
		total += n
	}
	if total <= limit {
		t.Fatalf("the clients sent %d requests; need more than the limit %d", total, limit)
	}
	snap := srv.Journal().Snapshot()
	if len(snap.Entries) != limit || int(snap.Dropped) != total-limit || snap.InFlight != 0 {
		t.Errorf("journal: %d entries, %d dropped, %d in flight; want %d, %d, 0", len(snap.Entries), snap.Dropped, snap.InFlight, limit, total-limit)
	}
}

// soak loads srv for d and returns what the clients counted and how many
// control calls changed the script.
func soak(t *testing.T, srv *fakeauth.Server, d time.Duration) (soakCount, int) {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	defer cancel()
	var wg sync.WaitGroup
	counts := make([]soakCount, soakClients)
	for i := range soakClients {
		counts[i] = soakCount{}
		wg.Go(func() { soakClient(ctx, t, srv, i, counts[i]) })
	}
	controls := 0
	wg.Go(func() {
		hc := &http.Client{Transport: &http.Transport{}}
		defer hc.CloseIdleConnections()
		cc := &control.Client{BaseURL: srv.URL, HTTP: hc}
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for i := 1; ; i++ {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			// Not ctx: a call cut short might or might not have reached
			// the server, and the count must be exact.
			if err := cc.LoadScript(context.Background(), soakScripts[i%len(soakScripts)]); err != nil {
				t.Errorf("loading a script: %v", err)
				return
			}
			controls++
			// Expiries happen by themselves when clients are slow, but a
			// fast machine refreshes before any token expires: expire
			// every session's access token now and then, so the load
			// meets 401s whatever the speed.
			if i%3 == 0 {
				if err := cc.ExpireAccess(context.Background(), 0); err != nil {
					t.Errorf("expiring access tokens: %v", err)
					return
				}
				controls++
			}
			if i%5 == 0 { // the journal is read while it is written
				if snap := srv.Journal().Snapshot(); snap.Limit > 1000 && snap.Dropped != 0 {
					t.Errorf("journal dropped %d entries mid-soak", snap.Dropped)
				}
			}
		}
	})
	wg.Wait()
	all := soakCount{}
	for _, c := range counts {
		for k, n := range c {
			all[k] += n
		}
	}
	return all, controls
}

// soakClient logs in, calls the API (some paths slow or dropped by some
// scripts), refreshes on a 401 and now and then, and logs out and in again,
// until ctx ends. It counts every request it sent by session, kind and
// result.
func soakClient(ctx context.Context, t *testing.T, srv *fakeauth.Server, n int, count soakCount) {
	tr := &http.Transport{MaxIdleConnsPerHost: 2}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	var access, refresh string
	var session uint32
	// send makes one request; every request is POST, which net/http never
	// resends by itself, so each one the server saw is one the client sent.
	send := func(path, kind, body, token string) (int, map[string]any) {
		req, err := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Error(err)
			return 0, nil
		}
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := hc.Do(req)
		if err != nil {
			count[soakKey(session, kind, "dropped")]++
			return 0, nil
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Errorf("%s: reading the body: %v", path, err)
		}
		count[soakKey(session, kind, strconv.Itoa(resp.StatusCode))]++
		var m map[string]any
		json.Unmarshal(raw, &m)
		return resp.StatusCode, m
	}
	keep := func(m map[string]any) {
		a, _ := m["access_token"].(string)
		r, _ := m["refresh_token"].(string)
		if a != "" && r != "" {
			access, refresh = a, r
			sid, _, _, err := fakeauth.ParseAccessToken(testSecret, a)
			if err != nil {
				t.Errorf("a token the server issued does not parse: %v", err)
			}
			session = sid
		}
	}
	for i := 0; ctx.Err() == nil; i++ {
		if access == "" || i%200 == 199 {
			if access != "" {
				send("/auth/logout", "logout", `{"refresh_token":"`+refresh+`"}`, access)
			}
			session, access, refresh = 0, "", ""
			if _, m := send("/auth/login", "login", `{"username":"alice","password":"wonderland"}`, ""); m != nil {
				keep(m)
			}
			continue
		}
		path := []string{"/api/items", "/api/slow/items", "/api/drop/items"}[rng.IntN(3)]
		status, _ := send(path+"?c="+strconv.Itoa(n)+"&i="+strconv.Itoa(i), "api", "{}", access)
		if status == http.StatusUnauthorized || i%25 == 0 {
			if _, m := send("/auth/refresh", "refresh", `{"refresh_token":"`+refresh+`"}`, ""); m != nil {
				keep(m)
			}
		}
	}
}

// soakKey names a count. A login is counted under no session (0): the
// journal files it there, as the request carried no credential.
func soakKey(session uint32, kind, result string) string {
	if kind == "login" {
		session = 0
	}
	return fmt.Sprintf("%d %s %s", session, kind, result)
}

// soakResult is how a journal entry ended, as its client saw it.
func soakResult(e fakeauth.Entry) string {
	if e.Outcome == fakeauth.OutcomeDropped {
		return "dropped"
	}
	return strconv.Itoa(int(e.Status))
}

// soakDiff lists the counts that differ, at most 20.
func soakDiff(clients, journal soakCount) string {
	keys := slices.Sorted(maps.Keys(clients))
	for k := range journal {
		if _, ok := clients[k]; !ok {
			keys = append(keys, k)
		}
	}
	var b strings.Builder
	n := 0
	for _, k := range keys {
		if clients[k] != journal[k] && n < 20 {
			fmt.Fprintf(&b, "  %s: clients %d, journal %d\n", k, clients[k], journal[k])
			n++
		}
	}
	return b.String()
}
