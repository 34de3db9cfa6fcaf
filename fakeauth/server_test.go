package fakeauth_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authconform/authconform/fakeauth"
)

func TestNewServerURL(t *testing.T) {
	srv := newServer(t, fakeauth.Config{})
	if !regexp.MustCompile(`^http://127\.0\.0\.1:[1-9][0-9]*$`).MatchString(srv.URL) {
		t.Errorf("URL: got %q; want http://127.0.0.1:PORT", srv.URL)
	}
	if r := do(t, srv, http.MethodGet, fakeauth.ControlPrefix+"health", ""); r.status != http.StatusOK {
		t.Errorf("health: got %d; want 200", r.status)
	}
}

func TestCloseIdempotent(t *testing.T) {
	srv, err := fakeauth.NewServer(fakeauth.Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	srv.Close()
	if _, err := http.Get(srv.URL + "/api/items"); err == nil {
		t.Errorf("request after Close: got no error; want one")
	}

	unstarted, err := fakeauth.NewUnstartedServer(fakeauth.Config{})
	if err != nil {
		t.Fatal(err)
	}
	unstarted.Close()
	unstarted.Close()
}

func TestCloseEndsHungRequests(t *testing.T) {
	const n = 3
	srv, err := fakeauth.NewServer(fakeauth.Config{Script: steps(fakeauth.EndpointAPI, fakeauth.Step{Action: &fakeauth.Hang{}})})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			resp, err := http.Get(srv.URL + "/api/items")
			if err == nil {
				resp.Body.Close()
			}
			errs <- err
		})
	}
	eventually(t, "requests in flight", func() bool { return srv.Journal().Snapshot().InFlight == n })

	// Close must return although the script hangs every request, and only
	// once every handler has recorded its entry.
	srv.Close()
	snap := srv.Journal().Snapshot()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err == nil {
			t.Errorf("client: got an answer; want a network error")
		}
	}
	if snap.InFlight != 0 || len(snap.Entries) != n {
		t.Fatalf("journal: got %d entries, %d in flight; want %d, 0", len(snap.Entries), snap.InFlight, n)
	}
	for _, e := range snap.Entries {
		if e.Outcome != fakeauth.OutcomeHung || e.Action != "hang" || e.Step != 0 || e.Status != 0 {
			t.Errorf("entry: got %v; want step0:hang → hung", e)
		}
	}
}

func TestLoopbackOnly(t *testing.T) {
	tests := []struct {
		name    string
		addr    string
		allow   bool
		wantErr bool
	}{
		{name: "default", addr: ""},
		{name: "loopback ip", addr: "127.0.0.1:0"},
		{name: "localhost", addr: "localhost:0"},
		{name: "any address", addr: "0.0.0.0:0", wantErr: true},
		{name: "empty host", addr: ":0", wantErr: true},
		{name: "any address allowed", addr: "0.0.0.0:0", allow: true},
		{name: "malformed", addr: "127.0.0.1", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := fakeauth.NewServer(fakeauth.Config{Addr: tt.addr, AllowNonLoopback: tt.allow})
			if err == nil {
				defer srv.Close()
			}
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Fatalf("NewServer(%q): got error %v; want error %v", tt.addr, err, tt.wantErr)
			}
			if err != nil && tt.addr == "0.0.0.0:0" && !strings.Contains(err.Error(), "loopback") {
				t.Errorf("error: got %q; want it to say loopback", err)
			}
		})
	}
}

func TestUnstartedServerHandler(t *testing.T) {
	srv, err := fakeauth.NewUnstartedServer(fakeauth.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if srv.URL != "" {
		t.Errorf("URL before Start: got %q; want empty", srv.URL)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/auth/login", strings.NewReader(`{"username":"alice","password":"wonderland"}`))
	srv.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("login: got %d; want 200 (body %s)", rec.Code, rec.Body)
	}
	var access *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == "access_token" {
			access = c
		}
	}
	if access == nil {
		t.Fatalf("login: got cookies %v; want access_token", rec.Result().Cookies())
	}
	rec = httptest.NewRecorder()
	req = httptest.NewRequest(http.MethodGet, "/api/items", nil)
	req.AddCookie(access)
	srv.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("api: got %d; want 200", rec.Code)
	}
	if n := srv.Journal().Snapshot().Count(fakeauth.KindLogin, fakeauth.KindAPI); n != 2 {
		t.Errorf("journal: got %d entries; want 2", n)
	}

	if err := srv.Start(); err != nil {
		t.Fatalf("Start: %v", err)
	}
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Errorf("URL after Start: got %q; want http://127.0.0.1:PORT", srv.URL)
	}
	if err := srv.Start(); err == nil {
		t.Errorf("second Start: got no error; want one")
	}
}

func TestBadContract(t *testing.T) {
	tests := []struct {
		name     string
		contract fakeauth.Contract
		want     string
	}{
		{name: "relative path", contract: fakeauth.Contract{LoginPath: "auth/login"}, want: "must start with /"},
		{name: "under control prefix", contract: fakeauth.Contract{RefreshPath: fakeauth.ControlPrefix + "refresh"}, want: "reserved control prefix"},
		{name: "duplicate paths", contract: fakeauth.Contract{LogoutPath: "/auth/login"}, want: `both "/auth/login"`},
		{name: "unknown method", contract: fakeauth.Contract{RefreshMethod: "FETCH"}, want: `refresh_method "FETCH"`},
		{name: "bad access header", contract: fakeauth.Contract{AccessHeader: "X Token"}, want: "not a header name"},
		{name: "api prefix root", contract: fakeauth.Contract{APIPrefix: "/"}, want: "must not be /"},
		{name: "unknown style", contract: fakeauth.Contract{Style: "soap"}, want: "unknown credential style"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := fakeauth.NewServer(fakeauth.Config{Contract: tt.contract})
			if err == nil {
				srv.Close()
				t.Fatalf("NewServer: got no error; want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "fakeauth: ") {
				t.Errorf("error: got %q; want fakeauth: ...%s...", err, tt.want)
			}
		})
	}
}

func TestStyles(t *testing.T) {
	for _, style := range fakeauth.Styles {
		t.Run(string(style), func(t *testing.T) {
			srv := newServer(t, fakeauth.Config{Contract: fakeauth.Contract{Style: style}})
			c := newClient(t, srv)
			r := c.login("alice", "wonderland")
			if r.status != http.StatusOK {
				t.Fatalf("login: got %d; want 200", r.status)
			}
			checkIssued(t, style, r, fakeauth.DefaultContract)
			if got := c.generation(); got != 1 {
				t.Errorf("generation after login: got %d; want 1", got)
			}

			if r := c.api(); r.status != http.StatusOK {
				t.Errorf("api: got %d; want 200", r.status)
			}
			srv.ExpireAccess(0)
			r = c.api()
			wantError(t, r, http.StatusUnauthorized, "invalid_token")
			if got := r.header.Get("WWW-Authenticate"); !strings.Contains(got, `error="invalid_token"`) {
				t.Errorf("WWW-Authenticate: got %q; want Bearer error=\"invalid_token\"", got)
			}
			if e := last(t, srv, fakeauth.KindAPI); e.Cred != fakeauth.CredExpired {
				t.Errorf("journal: got %v; want cred=expired", e)
			}

			r = c.refreshTokens()
			if r.status != http.StatusOK {
				t.Fatalf("refresh: got %d; want 200 (body %s)", r.status, r.raw)
			}
			checkIssued(t, style, r, fakeauth.DefaultContract)
			if got := c.generation(); got != 2 {
				t.Errorf("generation after refresh: got %d; want 2", got)
			}
			if r := c.api(); r.status != http.StatusOK {
				t.Errorf("api after refresh: got %d; want 200", r.status)
			}

			spent := c.refresh
			r = c.logout()
			if r.status != http.StatusOK {
				t.Fatalf("logout: got %d; want 200", r.status)
			}
			for _, name := range []string{"access_token", "refresh_token"} {
				if ck := r.cookie(name); ck == nil || ck.MaxAge >= 0 || ck.Value != "" {
					t.Errorf("logout cookie %s: got %v; want it cleared", name, ck)
				}
			}
			if s := srv.Sessions(); len(s) != 1 || !s[0].Revoked || s[0].Refreshes != 1 {
				t.Errorf("sessions: got %+v; want one revoked, refreshed once", s)
			}
			c.refresh = spent
			wantError(t, c.refreshTokens(), http.StatusUnauthorized, "invalid_grant")
		})
	}
}

// checkIssued checks how a login or refresh reply hands out the tokens.
func checkIssued(tb testing.TB, style fakeauth.Style, r reply, k fakeauth.Contract) {
	tb.Helper()
	access, refresh := r.cookie(k.AccessCookie), r.cookie(k.RefreshCookie)
	switch style {
	case fakeauth.StyleCookie:
		if access == nil || !access.HttpOnly || access.Path != "/" || access.Value == "" {
			tb.Errorf("access cookie %s: got %v; want httpOnly, path /", k.AccessCookie, access)
		}
		if refresh == nil || !refresh.HttpOnly || refresh.Path != k.RefreshCookiePath || refresh.Value == "" {
			tb.Errorf("refresh cookie %s: got %v; want httpOnly, path %s", k.RefreshCookie, refresh, k.RefreshCookiePath)
		}
		for _, f := range []string{k.AccessField, k.RefreshField} {
			if _, ok := r.body[f]; ok {
				tb.Errorf("body: got field %q; want no tokens in a cookie-style body", f)
			}
		}
	case fakeauth.StyleBearer:
		if access != nil || refresh != nil {
			tb.Errorf("cookies: got %v, %v; want none in bearer style", access, refresh)
		}
		if r.str(k.AccessField) == "" || r.str(k.RefreshField) == "" {
			tb.Errorf("body: got %s; want %s and %s", r.raw, k.AccessField, k.RefreshField)
		}
		if got := r.str("token_type"); got != "Bearer" {
			tb.Errorf("token_type: got %q; want Bearer", got)
		}
	}
}

func TestCustomContract(t *testing.T) {
	for _, style := range fakeauth.Styles {
		t.Run(string(style), func(t *testing.T) {
			k := fakeauth.Contract{
				Style: style, LoginPath: "/v1/session", RefreshPath: "/v1/token", LogoutPath: "/v1/bye",
				MePath: "/v1/whoami", APIPrefix: "/data/", AccessCookie: "sid_a", RefreshCookie: "sid_r",
				RefreshCookiePath: "/v1", AccessField: "jwt", RefreshField: "rt", UsernameField: "user", PasswordField: "pass",
				LoginMethod: "POST", RefreshMethod: "POST", LogoutMethod: "POST", AccessHeader: "Authorization", AccessScheme: "Bearer",
			}
			srv := newServer(t, fakeauth.Config{Contract: k, Users: []fakeauth.User{{Name: "bob", Password: "builder"}}})
			if got := srv.Contract(); got != k {
				t.Errorf("Contract: got %+v; want %+v", got, k)
			}
			c := newClient(t, srv)
			r := c.login("bob", "builder")
			if r.status != http.StatusOK {
				t.Fatalf("login: got %d; want 200 (body %s)", r.status, r.raw)
			}
			checkIssued(t, style, r, k)
			if r := c.get("/data/things"); r.status != http.StatusOK {
				t.Errorf("api: got %d; want 200", r.status)
			}
			if r := c.get("/v1/whoami"); r.status != http.StatusOK || r.str("user") != "bob" {
				t.Errorf("me: got %d %s; want 200 with user bob", r.status, r.raw)
			}
			srv.ExpireAccess(0)
			if r := c.refreshTokens(); r.status != http.StatusOK {
				t.Fatalf("refresh: got %d; want 200 (body %s)", r.status, r.raw)
			}
			if r := c.get("/data/things"); r.status != http.StatusOK {
				t.Errorf("api after refresh: got %d; want 200", r.status)
			}
			for _, p := range []string{"/auth/login", "/api/items"} {
				if r := do(t, srv, http.MethodPost, p, "{}"); r.status != http.StatusNotFound {
					t.Errorf("default path %s: got %d; want 404", p, r.status)
				}
			}
		})
	}
}

func TestRotation(t *testing.T) {
	tests := []struct {
		name     fakeauth.Rotation
		reuse    int           // status when the first refresh token is used again
		thenNew  int           // status when the token from the first refresh is used then
		newCred  fakeauth.Cred // what the journal makes of that token
		sameNext bool          // the first refresh hands back the same token
		apiAfter int           // status of the API with the newest access token
	}{
		{name: fakeauth.RotationOff, reuse: 200, thenNew: 200, newCred: fakeauth.CredValid, sameNext: true, apiAfter: 200},
		{name: fakeauth.RotationRotate, reuse: 401, thenNew: 200, newCred: fakeauth.CredValid, apiAfter: 200},
		{name: fakeauth.RotationReuseDetect, reuse: 401, thenNew: 401, newCred: fakeauth.CredRevoked, apiAfter: 401},
	}
	for _, tt := range tests {
		t.Run(string(tt.name), func(t *testing.T) {
			srv := newServer(t, fakeauth.Config{
				Contract: fakeauth.Contract{Style: fakeauth.StyleBearer},
				Script:   fakeauth.Script{Rotation: tt.name},
			})
			c := login(t, srv)
			first := c.refresh
			if r := c.refreshTokens(); r.status != http.StatusOK {
				t.Fatalf("refresh: got %d; want 200", r.status)
			}
			second := c.refresh
			if got := first == second; got != tt.sameNext {
				t.Errorf("same refresh token after refresh: got %v; want %v", got, tt.sameNext)
			}

			c.refresh = first
			r := c.refreshTokens()
			if r.status != tt.reuse {
				t.Errorf("reuse of the first token: got %d; want %d", r.status, tt.reuse)
			}
			if tt.reuse != http.StatusOK {
				wantError(t, r, http.StatusUnauthorized, "invalid_grant")
				if e := last(t, srv, fakeauth.KindRefresh); e.Cred != fakeauth.CredSpent {
					t.Errorf("journal: got %v; want cred=spent", e)
				}
			}

			c.refresh = second
			r = c.refreshTokens()
			if r.status != tt.thenNew {
				t.Errorf("the second token: got %d; want %d", r.status, tt.thenNew)
			}
			if e := last(t, srv, fakeauth.KindRefresh); e.Cred != tt.newCred {
				t.Errorf("journal: got %v; want cred=%s", e, tt.newCred)
			}
			if r := c.api(); r.status != tt.apiAfter {
				t.Errorf("api: got %d; want %d", r.status, tt.apiAfter)
			}
		})
	}
}

func TestClockExpiry(t *testing.T) {
	// The clock starts 900ms into a second: expiry must not be rounded to
	// whole seconds.
	start := time.Date(2030, 1, 1, 0, 0, 0, 900e6, time.UTC)
	tests := []struct {
		name    string
		access  time.Duration
		refresh time.Duration
	}{
		{name: "minutes", access: time.Minute, refresh: time.Hour},
		{name: "sub-second", access: 300 * time.Millisecond, refresh: 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock(start)
			srv := newServer(t, fakeauth.Config{
				Clock:  clock,
				Script: fakeauth.Script{AccessTTL: fakeauth.Duration(tt.access), RefreshTTL: fakeauth.Duration(tt.refresh), Rotation: fakeauth.RotationOff},
			})
			c := login(t, srv)
			_, _, exp, err := fakeauth.ParseAccessToken(testSecret, c.access)
			if want := start.Add(tt.access); err != nil || !exp.Equal(want) {
				t.Errorf("ParseAccessToken: got %v, %v; want %v", exp, err, want)
			}
			checks := []struct {
				at     time.Duration // since login
				call   func() reply
				status int
			}{
				{0, c.api, 200},
				{tt.access - time.Millisecond, c.api, 200},
				{tt.access, c.api, 401},
				{tt.refresh - time.Millisecond, c.refreshTokens, 200},
				{tt.refresh, c.refreshTokens, 401},
			}
			for _, ck := range checks {
				clock.Advance(start.Add(ck.at).Sub(clock.Now()))
				if r := ck.call(); r.status != ck.status {
					t.Errorf("at login+%v: got %d; want %d (body %s)", ck.at, r.status, ck.status, r.raw)
				}
			}
			if e := last(t, srv, fakeauth.KindRefresh); e.Cred != fakeauth.CredExpired {
				t.Errorf("journal: got %v; want cred=expired", e)
			}
		})
	}
}

func TestSessionOperations(t *testing.T) {
	expired := func(tb testing.TB, c *client) bool {
		return c.api().status == http.StatusUnauthorized
	}
	refreshRefused := func(tb testing.TB, c *client) bool {
		keep := *c
		return keep.refreshTokens().status == http.StatusUnauthorized
	}
	revoked := func(tb testing.TB, c *client) bool {
		e, r := expired(tb, c), refreshRefused(tb, c)
		if e != r {
			tb.Errorf("revoked: got api refused %v, refresh refused %v; want both the same", e, r)
		}
		return e
	}
	ops := []struct {
		name     string
		op       func(*fakeauth.Server, uint32) bool
		affected func(testing.TB, *client) bool
	}{
		{"ExpireAccess", (*fakeauth.Server).ExpireAccess, expired},
		{"ExpireRefresh", (*fakeauth.Server).ExpireRefresh, refreshRefused},
		{"Revoke", (*fakeauth.Server).Revoke, revoked},
	}
	for _, op := range ops {
		for _, all := range []bool{false, true} {
			name := op.name + "/one"
			if all {
				name = op.name + "/all"
			}
			t.Run(name, func(t *testing.T) {
				srv := newServer(t, fakeauth.Config{})
				a, b := login(t, srv), login(t, srv)
				id := uint32(0)
				if !all {
					id = srv.Sessions()[0].ID
				}
				if !op.op(srv, id) {
					t.Fatalf("%s(%d): got false; want true", op.name, id)
				}
				if !op.affected(t, a) {
					t.Errorf("first session: not affected; want affected")
				}
				if got := op.affected(t, b); got != all {
					t.Errorf("second session affected: got %v; want %v", got, all)
				}
				if op.op(srv, 99) {
					t.Errorf("%s(99): got true; want false for an unknown session", op.name)
				}
			})
		}
	}
}

func TestDisableEnable(t *testing.T) {
	srv := newServer(t, fakeauth.Config{Contract: fakeauth.Contract{Style: fakeauth.StyleBearer}, Script: fakeauth.Script{Rotation: fakeauth.RotationOff}})
	c := login(t, srv)
	if err := srv.Disable("alice"); err != nil {
		t.Fatal(err)
	}
	wantError(t, c.refreshTokens(), http.StatusForbidden, "account_disabled")
	if e := last(t, srv, fakeauth.KindRefresh); e.Cred != fakeauth.CredDisabled {
		t.Errorf("journal: got %v; want cred=disabled", e)
	}
	wantError(t, newClient(t, srv).login("alice", "wonderland"), http.StatusForbidden, "account_disabled")
	if r := c.api(); r.status != http.StatusUnauthorized {
		t.Errorf("api while disabled: got %d; want 401", r.status)
	}

	if err := srv.Enable("alice"); err != nil {
		t.Fatal(err)
	}
	if r := c.refreshTokens(); r.status != http.StatusOK {
		t.Errorf("refresh after Enable: got %d; want 200", r.status)
	}
	login(t, srv)

	for _, err := range []error{srv.Disable("nobody"), srv.Enable("nobody")} {
		if err == nil || !strings.Contains(err.Error(), `unknown user "nobody"`) {
			t.Errorf("unknown user: got %v; want an error naming it", err)
		}
	}
}

func TestReset(t *testing.T) {
	srv := newServer(t, fakeauth.Config{Script: steps(fakeauth.EndpointAPI,
		fakeauth.Step{Times: 1, Action: &fakeauth.Respond{Status: http.StatusServiceUnavailable}})})
	old := login(t, srv)
	for i, want := range []int{503, 200} {
		if r := old.api(); r.status != want {
			t.Errorf("api %d before Reset: got %d; want %d", i, r.status, want)
		}
	}
	if err := srv.Disable("alice"); err != nil {
		t.Fatal(err)
	}

	srv.Reset()
	if s := srv.Sessions(); len(s) != 0 {
		t.Errorf("sessions after Reset: got %+v; want none", s)
	}
	if snap := srv.Journal().Snapshot(); len(snap.Entries) != 0 {
		t.Errorf("journal after Reset: got %d entries; want none", len(snap.Entries))
	}
	c := login(t, srv) // Reset enables alice again
	for i, want := range []int{503, 200} {
		if r := c.api(); r.status != want {
			t.Errorf("api %d after Reset: got %d; want %d (the steps start over)", i, r.status, want)
		}
	}
	if r := old.api(); r.status != http.StatusUnauthorized {
		t.Errorf("access token from before Reset: got %d; want 401", r.status)
	}
	if r := old.refreshTokens(); r.status != http.StatusUnauthorized {
		t.Errorf("refresh token from before Reset: got %d; want 401", r.status)
	}
	snap := settled(t, srv, 5)
	if got := snap.Entries[0].Seq; got != 1 {
		t.Errorf("first Seq after Reset: got %d; want 1", got)
	}
}

func TestConcurrentRequests(t *testing.T) {
	const workers, perWorker = 64, 63 // 4032 requests
	srv := newServer(t, fakeauth.Config{
		Contract:     fakeauth.Contract{Style: fakeauth.StyleBearer},
		Script:       fakeauth.Script{Rotation: fakeauth.RotationOff},
		JournalLimit: 8192,
	})
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	defer hc.CloseIdleConnections()
	c := login(t, srv)
	bearer := http.Header{"Authorization": {"Bearer " + c.access}}
	refreshBody := `{"refresh_token":"` + c.refresh + `"}`
	var wg sync.WaitGroup
	var mu sync.Mutex
	bad := map[int]int{}
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				var status int
				if (w+i)%4 == 0 {
					status = statusOf(t, hc, http.MethodPost, srv.URL+"/auth/refresh", refreshBody, nil)
				} else {
					status = statusOf(t, hc, http.MethodGet, srv.URL+"/api/items", "", bearer)
				}
				if status != http.StatusOK {
					mu.Lock()
					bad[status]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if len(bad) > 0 {
		t.Errorf("statuses other than 200: got %v; want none", bad)
	}
	snap := settled(t, srv, 1+workers*perWorker)
	if got, want := len(snap.Entries), 1+workers*perWorker; got != want || snap.Dropped != 0 {
		t.Errorf("journal: got %d entries, %d dropped; want %d, 0", got, snap.Dropped, want)
	}
	if got, want := snap.Count(fakeauth.KindAPI, fakeauth.KindRefresh), workers*perWorker; got != want {
		t.Errorf("api and refresh entries: got %d; want %d", got, want)
	}
	refreshes := 0
	for w := range workers {
		for i := range perWorker {
			if (w+i)%4 == 0 {
				refreshes++
			}
		}
	}
	if got := snap.Count(fakeauth.KindRefresh); got != refreshes {
		t.Errorf("refresh entries: got %d; want %d", got, refreshes)
	}
	if got := srv.Sessions()[0].Refreshes; got != refreshes {
		t.Errorf("session refreshes: got %d; want %d", got, refreshes)
	}
	seen := map[uint64]bool{}
	for _, e := range snap.Entries {
		if seen[e.Seq] {
			t.Errorf("Seq %d: got it twice; want unique", e.Seq)
		}
		seen[e.Seq] = true
	}
	if snap.InFlight != 0 {
		t.Errorf("InFlight: got %d; want 0", snap.InFlight)
	}
}

func TestDisableJournalRecordsNothing(t *testing.T) {
	srv := newServer(t, fakeauth.Config{DisableJournal: true})
	c := login(t, srv)
	_ = c
	if snap := srv.Journal().Snapshot(); len(snap.Entries) != 0 || snap.InFlight != 0 {
		t.Errorf("got %d entries, %d in flight; want none", len(snap.Entries), snap.InFlight)
	}
}

func TestRefreshTokensListsEveryIssuedToken(t *testing.T) {
	srv := newServer(t, fakeauth.Config{})
	c := login(t, srv)
	first := c.refresh
	if r := c.refreshTokens(); r.status != http.StatusOK {
		t.Fatalf("refresh: got %d; want 200", r.status)
	}
	got := srv.RefreshTokens()
	if len(got) != 2 || !slices.Contains(got, first) || !slices.Contains(got, c.refresh) {
		t.Errorf("got %d tokens %v; want the login's and the rotated one", len(got), got)
	}
	srv.Reset()
	if got := srv.RefreshTokens(); len(got) != 0 {
		t.Errorf("after Reset: got %d tokens; want none", len(got))
	}
}
