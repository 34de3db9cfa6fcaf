package fakeauth_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/authconform/authconform/fakeauth"
)

func TestRespond(t *testing.T) {
	tests := []struct {
		name    string
		respond fakeauth.Respond
		check   func(testing.TB, reply)
	}{
		{
			name:    "status only",
			respond: fakeauth.Respond{Status: http.StatusBadGateway},
			check: func(tb testing.TB, r reply) {
				if len(r.raw) != 0 {
					tb.Errorf("body: got %q; want none", r.raw)
				}
			},
		},
		{
			name:    "rfc 6749 error",
			respond: fakeauth.Respond{Status: http.StatusUnauthorized, Error: "invalid_grant", ErrorDescription: "token revoked"},
			check: func(tb testing.TB, r reply) {
				wantError(tb, r, http.StatusUnauthorized, "invalid_grant")
				if got := r.str("error_description"); got != "token revoked" {
					tb.Errorf("error_description: got %q; want %q", got, "token revoked")
				}
				if got := r.header.Get("WWW-Authenticate"); got != `Bearer error="invalid_grant"` {
					tb.Errorf("WWW-Authenticate: got %q; want Bearer error=\"invalid_grant\"", got)
				}
			},
		},
		{
			name:    "error without description",
			respond: fakeauth.Respond{Status: http.StatusBadRequest, Error: "invalid_request"},
			check: func(tb testing.TB, r reply) {
				wantError(tb, r, http.StatusBadRequest, "invalid_request")
				if _, ok := r.body["error_description"]; ok {
					tb.Errorf("body: got %s; want no error_description", r.raw)
				}
				if got := r.header.Get("WWW-Authenticate"); got != "" {
					tb.Errorf("WWW-Authenticate: got %q; want none on a 400", got)
				}
			},
		},
		{
			name:    "custom body",
			respond: fakeauth.Respond{Status: http.StatusInternalServerError, Body: map[string]any{"message": "boom"}},
			check: func(tb testing.TB, r reply) {
				if got := r.str("message"); got != "boom" || r.body["error"] != nil {
					tb.Errorf("body: got %s; want {\"message\":\"boom\"}", r.raw)
				}
			},
		},
		{
			name:    "headers",
			respond: fakeauth.Respond{Status: http.StatusServiceUnavailable, Error: "temporarily_unavailable", Headers: map[string]string{"Retry-After": "2", "X-Fake": "yes"}},
			check: func(tb testing.TB, r reply) {
				for k, want := range map[string]string{"Retry-After": "2", "X-Fake": "yes"} {
					if got := r.header.Get(k); got != want {
						tb.Errorf("%s: got %q; want %q", k, got, want)
					}
				}
			},
		},
		{
			name:    "clear cookies",
			respond: fakeauth.Respond{Status: http.StatusUnauthorized, Error: "invalid_grant", ClearCookies: true},
			check: func(tb testing.TB, r reply) {
				for _, name := range []string{"access_token", "refresh_token"} {
					if ck := r.cookie(name); ck == nil || ck.MaxAge >= 0 {
						tb.Errorf("cookie %s: got %v; want it cleared", name, ck)
					}
				}
			},
		},
		{
			name:    "no cookies cleared unless asked",
			respond: fakeauth.Respond{Status: http.StatusUnauthorized, Error: "invalid_grant"},
			check: func(tb testing.TB, r reply) {
				if got := r.header.Values("Set-Cookie"); len(got) != 0 {
					tb.Errorf("Set-Cookie: got %q; want none", got)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			respond := tt.respond
			srv := newServer(t, fakeauth.Config{Script: steps(fakeauth.EndpointRefresh, fakeauth.Step{Action: &respond})})
			c := login(t, srv)
			r := c.refreshTokens()
			if r.status != tt.respond.Status {
				t.Errorf("status: got %d; want %d", r.status, tt.respond.Status)
			}
			tt.check(t, r)
			e := last(t, srv, fakeauth.KindRefresh)
			if e.Step != 0 || e.Action != "respond" || int(e.Status) != tt.respond.Status || e.Cred != fakeauth.CredValid {
				t.Errorf("journal: got %v; want cred=valid step0:respond → %d", e, tt.respond.Status)
			}
			if s := srv.Sessions(); s[0].Refreshes != 0 {
				t.Errorf("refreshes: got %d; want 0 (respond does not refresh)", s[0].Refreshes)
			}
		})
	}
}

func TestDelay(t *testing.T) {
	const delay = 50 * time.Millisecond
	tests := []struct {
		name   string
		action fakeauth.Action
		status int
		want   string // journaled action
	}{
		{name: "real answer, late", action: nil, status: http.StatusOK, want: "pass"},
		{name: "then respond", action: &fakeauth.Respond{Status: http.StatusServiceUnavailable}, status: http.StatusServiceUnavailable, want: "respond"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, fakeauth.Config{Script: steps(fakeauth.EndpointAPI, fakeauth.Step{Delay: fakeauth.Duration(delay), Action: tt.action})})
			c := login(t, srv)
			start := time.Now()
			r := c.api()
			if elapsed := time.Since(start); elapsed < delay {
				t.Errorf("elapsed: got %v; want at least %v", elapsed, delay)
			}
			if r.status != tt.status {
				t.Errorf("status: got %d; want %d", r.status, tt.status)
			}
			e := last(t, srv, fakeauth.KindAPI)
			if e.Step != 0 || e.Action != tt.want || e.Duration() < delay {
				t.Errorf("journal: got %v (took %v); want step0:%s taking at least %v", e, e.Duration(), tt.want, delay)
			}
		})
	}
}

func TestHangAbandoned(t *testing.T) {
	srv := newServer(t, fakeauth.Config{Script: steps(fakeauth.EndpointAPI, fakeauth.Step{Action: &fakeauth.Hang{}})})
	c := login(t, srv)
	const timeout = 50 * time.Millisecond
	hc := &http.Client{Timeout: timeout}
	start := time.Now()
	resp, err := hc.Do(c.withAccess(newRequest(t, srv, http.MethodGet, "/api/items", "")))
	if err == nil {
		resp.Body.Close()
		t.Fatalf("hang: got status %d; want no answer", resp.StatusCode)
	}
	if elapsed := time.Since(start); elapsed < timeout {
		t.Errorf("client gave up after %v; want at least %v", elapsed, timeout)
	}
	e := last(t, srv, fakeauth.KindAPI)
	if e.Outcome != fakeauth.OutcomeAbandoned || e.Step != 0 || e.Action != "hang" || e.Status != 0 {
		t.Errorf("journal: got %v; want step0:hang → abandoned", e)
	}
}

func TestDrop(t *testing.T) {
	srv := newServer(t, fakeauth.Config{Script: steps(fakeauth.EndpointRefresh, fakeauth.Step{Times: 1, Action: &fakeauth.Drop{}})})
	c := login(t, srv)
	resp, err := http.DefaultClient.Do(c.withRefresh("/auth/refresh"))
	if err == nil {
		resp.Body.Close()
		t.Fatalf("drop: got status %d; want a network error", resp.StatusCode)
	}
	e := last(t, srv, fakeauth.KindRefresh)
	if e.Outcome != fakeauth.OutcomeDropped || e.Step != 0 || e.Action != "drop" || e.Status != 0 {
		t.Errorf("journal: got %v; want step0:drop → dropped", e)
	}
	// The dropped refresh did not use the token up.
	if r := c.refreshTokens(); r.status != http.StatusOK {
		t.Errorf("refresh after the drop: got %d; want 200", r.status)
	}
}

func TestHoldUntilRefresh(t *testing.T) {
	srv := newServer(t, fakeauth.Config{Script: steps(fakeauth.EndpointAPI,
		fakeauth.Step{When: &fakeauth.Match{Cred: []fakeauth.Cred{fakeauth.CredExpired}}, Action: &fakeauth.Hold{Max: fakeauth.Duration(time.Hour)}})})
	c := login(t, srv)
	srv.ExpireAccess(0)
	oldToken := http.Header{"Cookie": {"access_token=" + c.access}}
	const n = 3
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			statuses <- statusOf(t, http.DefaultClient, http.MethodGet, srv.URL+"/api/items", "", oldToken)
		})
	}
	eventually(t, "requests held", func() bool { return srv.Journal().Snapshot().InFlight == n })
	if r := c.refreshTokens(); r.status != http.StatusOK {
		t.Fatalf("refresh: got %d; want 200", r.status)
	}
	// Released by the refresh, not by Max (an hour away).
	settled(t, srv, 2+n)
	wg.Wait()
	close(statuses)
	for st := range statuses {
		if st != http.StatusUnauthorized {
			t.Errorf("held request: got %d; want 401 (its token expired)", st)
		}
	}
	if r := c.api(); r.status != http.StatusOK {
		t.Errorf("api with the new token: got %d; want 200 (not held)", r.status)
	}
	snap := settled(t, srv, 2+n+1)
	refresh := snap.Of(fakeauth.KindRefresh)[0]
	held := snap.Of(fakeauth.KindAPI)[:n]
	for _, e := range held {
		if e.Action != "hold" || e.Step != 0 || e.Cred != fakeauth.CredExpired || e.Status != 401 {
			t.Errorf("journal: got %v; want cred=expired step0:hold → 401", e)
		}
		if e.End < refresh.Start {
			t.Errorf("held request ended at %v; want after the refresh began at %v", e.End, refresh.Start)
		}
	}
	if e := snap.Of(fakeauth.KindAPI)[n]; e.Step != -1 || e.Action != "" {
		t.Errorf("journal: got %v; want the request with a valid token unscripted", e)
	}
}

func TestHoldMax(t *testing.T) {
	const max = 50 * time.Millisecond
	srv := newServer(t, fakeauth.Config{Script: steps(fakeauth.EndpointAPI, fakeauth.Step{Action: &fakeauth.Hold{Max: fakeauth.Duration(max)}})})
	c := login(t, srv)
	start := time.Now()
	if r := c.api(); r.status != http.StatusOK {
		t.Errorf("api: got %d; want 200 after max", r.status)
	}
	if elapsed := time.Since(start); elapsed < max {
		t.Errorf("elapsed: got %v; want at least %v", elapsed, max)
	}
	if e := last(t, srv, fakeauth.KindAPI); e.Action != "hold" || e.Duration() < max {
		t.Errorf("journal: got %v (took %v); want step0:hold taking at least %v", e, e.Duration(), max)
	}
}

func TestPassAction(t *testing.T) {
	srv := newServer(t, fakeauth.Config{Script: steps(fakeauth.EndpointMe, fakeauth.Step{Action: &fakeauth.Pass{}})})
	c := login(t, srv)
	if r := c.get("/auth/me"); r.status != http.StatusOK || r.str("user") != "alice" {
		t.Errorf("me: got %d %s; want 200 with user alice", r.status, r.raw)
	}
	if e := last(t, srv, fakeauth.KindMe); e.Step != 0 || e.Action != "pass" || e.Status != 200 {
		t.Errorf("journal: got %v; want step0:pass → 200", e)
	}
}

func TestTimes(t *testing.T) {
	respond := func(status int) *fakeauth.Respond { return &fakeauth.Respond{Status: status} }
	tests := []struct {
		name  string
		steps []fakeauth.Step
		want  []int // statuses of successive API calls
		step  []int // journaled step of each
	}{
		{
			name:  "times then next, then as itself",
			steps: []fakeauth.Step{{Times: 2, Action: respond(503)}, {Times: 1, Action: respond(500)}},
			want:  []int{503, 503, 500, 200, 200},
			step:  []int{0, 0, 1, -1, -1},
		},
		{
			name:  "last step forever",
			steps: []fakeauth.Step{{Times: 1, Action: respond(503)}, {Action: respond(429)}},
			want:  []int{503, 429, 429, 429, 429},
			step:  []int{0, 1, 1, 1, 1},
		},
		{
			name:  "first step forever",
			steps: []fakeauth.Step{{Action: respond(418)}, {Action: respond(500)}},
			want:  []int{418, 418, 418},
			step:  []int{0, 0, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, fakeauth.Config{Script: steps(fakeauth.EndpointAPI, tt.steps...)})
			c := login(t, srv)
			for i, want := range tt.want {
				if r := c.api(); r.status != want {
					t.Errorf("call %d: got %d; want %d", i, r.status, want)
				}
			}
			es := settled(t, srv, 1+len(tt.want)).Of(fakeauth.KindAPI)
			for i, e := range es {
				wantAction := ""
				if tt.step[i] >= 0 {
					wantAction = "respond"
				}
				if int(e.Step) != tt.step[i] || e.Action != wantAction {
					t.Errorf("journal %d: got %v; want step %d", i, e, tt.step[i])
				}
			}
		})
	}
}

func TestWhen(t *testing.T) {
	tests := []struct {
		name string
		when fakeauth.Match
		miss func(*client) reply // a request the step must leave alone
		hit  func(*client) reply // a request it must take
	}{
		{
			name: "cred",
			when: fakeauth.Match{Cred: []fakeauth.Cred{fakeauth.CredExpired, fakeauth.CredRevoked}},
			miss: (*client).api,
			hit: func(c *client) reply {
				c.srv.ExpireAccess(0)
				return c.api()
			},
		},
		{
			name: "method",
			when: fakeauth.Match{Method: "delete"},
			miss: (*client).api,
			hit: func(c *client) reply {
				return send(c.tb, c.hc, c.withAccess(newRequest(c.tb, c.srv, http.MethodDelete, "/api/items", "")))
			},
		},
		{
			name: "exact path",
			when: fakeauth.Match{Path: "/api/slow"},
			miss: func(c *client) reply { return c.get("/api/slow/1") },
			hit:  func(c *client) reply { return c.get("/api/slow") },
		},
		{
			name: "path prefix",
			when: fakeauth.Match{Path: "/api/slow*"},
			miss: func(c *client) reply { return c.get("/api/fast") },
			hit:  func(c *client) reply { return c.get("/api/slow/1") },
		},
		{
			name: "all of them",
			when: fakeauth.Match{Cred: []fakeauth.Cred{fakeauth.CredValid}, Method: "GET", Path: "/api/items"},
			miss: func(c *client) reply { return c.get("/api/other") },
			hit:  (*client).api,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			when := tt.when
			srv := newServer(t, fakeauth.Config{Script: steps(fakeauth.EndpointAPI,
				fakeauth.Step{Times: 1, When: &when, Action: &fakeauth.Respond{Status: http.StatusTeapot}},
				fakeauth.Step{Action: &fakeauth.Respond{Status: http.StatusGone}})})
			c := login(t, srv)
			for i := range 2 {
				if r := tt.miss(c); r.status == http.StatusTeapot || r.status == http.StatusGone {
					t.Errorf("non-matching request %d: got %d; want the server's own answer", i, r.status)
				}
				if e := last(t, srv, fakeauth.KindAPI); e.Step != -1 || e.Action != "" {
					t.Errorf("journal: got %v; want no step", e)
				}
			}
			if got, want := srv.Progress()[fakeauth.EndpointAPI], "step 0 of 2, 0 taken"; got != want {
				t.Errorf("progress: got %q; want %q (non-matching requests do not count)", got, want)
			}
			if r := tt.hit(c); r.status != http.StatusTeapot {
				t.Errorf("matching request: got %d; want 418", r.status)
			}
			if e := last(t, srv, fakeauth.KindAPI); e.Step != 0 || e.Action != "respond" {
				t.Errorf("journal: got %v; want step0:respond", e)
			}
			// The step took its one request: the next step applies to all.
			if r := tt.miss(c); r.status != http.StatusGone {
				t.Errorf("after the step: got %d; want 410 from the next step", r.status)
			}
			if e := last(t, srv, fakeauth.KindAPI); e.Step != 1 {
				t.Errorf("journal: got %v; want step1", e)
			}
		})
	}
}

func TestStepString(t *testing.T) {
	tests := []struct {
		name string
		step fakeauth.Step
		want string
	}{
		{name: "pass", step: fakeauth.Step{}, want: "pass"},
		{name: "respond", step: fakeauth.Step{Times: 2, Action: &fakeauth.Respond{Status: 503, Error: "temporarily_unavailable"}}, want: "times 2: respond 503 temporarily_unavailable"},
		{name: "delay", step: fakeauth.Step{Delay: ms(300), Action: &fakeauth.Hang{}}, want: "delay 300ms, hang"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.step.String(); got != tt.want {
				t.Errorf("String: got %q; want %q", got, tt.want)
			}
		})
	}
}

func TestHoldLag(t *testing.T) {
	const lag = 40 * time.Millisecond
	srv := newServer(t, fakeauth.Config{Script: steps(fakeauth.EndpointAPI,
		fakeauth.Step{Times: 1, When: &fakeauth.Match{Cred: []fakeauth.Cred{fakeauth.CredExpired}}, Action: &fakeauth.Hold{Max: fakeauth.Duration(time.Hour), Lag: fakeauth.Duration(lag)}})})
	c := login(t, srv)
	srv.ExpireAccess(0)
	oldToken := http.Header{"Cookie": {"access_token=" + c.access}}
	done := make(chan int, 1)
	go func() { done <- statusOf(t, http.DefaultClient, http.MethodGet, srv.URL+"/api/items", "", oldToken) }()
	eventually(t, "request held", func() bool { return srv.Journal().Snapshot().InFlight == 1 })
	if r := c.refreshTokens(); r.status != http.StatusOK {
		t.Fatalf("refresh: got %d; want 200", r.status)
	}
	if st := <-done; st != http.StatusUnauthorized {
		t.Errorf("held request: got %d; want 401", st)
	}
	snap := settled(t, srv, 3)
	refresh, held := snap.Of(fakeauth.KindRefresh)[0], snap.Of(fakeauth.KindAPI)[0]
	// The refresh wakes the held request before it ends, so measure from its start.
	if held.End-refresh.Start < lag {
		t.Errorf("held request answered %v after the refresh began; want at least the lag %v", held.End-refresh.Start, lag)
	}
}

func TestDropScriptClosesEveryConnection(t *testing.T) {
	srv := newServer(t, fakeauth.Config{Script: steps(fakeauth.EndpointRefresh, fakeauth.Step{Action: &fakeauth.Drop{}})})
	res, err := http.Get(srv.URL + "/api/items")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if !res.Close {
		t.Errorf("an answer of a server whose script drops: got a keep-alive connection; want Connection: close")
	}
	plain := newServer(t, fakeauth.Config{})
	res, err = http.Get(plain.URL + "/api/items")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Close {
		t.Errorf("a server without drop steps closed its connection; want keep-alive")
	}
}
