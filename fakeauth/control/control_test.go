package control_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/fakeauth/control"
)

// newServer starts a fake auth server, closed at the end of the test, and
// returns it with a control client.
func newServer(tb testing.TB, cfg fakeauth.Config) (*fakeauth.Server, *control.Client) {
	tb.Helper()
	srv, err := fakeauth.NewServer(cfg)
	if err != nil {
		tb.Fatalf("NewServer: %v", err)
	}
	tb.Cleanup(srv.Close)
	return srv, control.New(srv.URL)
}

// browser is an HTTP client with its own cookie jar: one user of the app.
func browser(tb testing.TB) *http.Client {
	tb.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		tb.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

// answer is what a plain request got.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// send makes a plain request and reads the whole answer.
func send(tb testing.TB, hc *http.Client, method, url, body string, header ...string) answer {
	tb.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := hc.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("%s %s: reading the body: %v", method, url, err)
	}
	return answer{resp.StatusCode, resp.Header, b}
}

// errorCode is the "error" field of an answer's body.
func (a answer) errorCode() string {
	var body struct {
		Error string `json:"error"`
	}
	json.Unmarshal(a.body, &body)
	return body.Error
}

// login logs the default user in and returns the status.
func login(tb testing.TB, hc *http.Client, base string) int {
	tb.Helper()
	u := fakeauth.DefaultUser
	return send(tb, hc, http.MethodPost, base+"/auth/login", fmt.Sprintf(`{"username":%q,"password":%q}`, u.Name, u.Password)).status
}

// loggedIn returns a browser that has logged in.
func loggedIn(tb testing.TB, base string) *http.Client {
	tb.Helper()
	hc := browser(tb)
	if got := login(tb, hc, base); got != http.StatusOK {
		tb.Fatalf("login: got %v; want %v", got, http.StatusOK)
	}
	return hc
}

// asError returns err as a *control.Error, failing the test if it is not one.
func asError(tb testing.TB, err error) *control.Error {
	tb.Helper()
	var ce *control.Error
	if !errors.As(err, &ce) {
		tb.Fatalf("got error %v (%T); want a *control.Error", err, err)
	}
	return ce
}

func refreshStep(times, status int) fakeauth.Script {
	return fakeauth.Script{Behaviours: map[fakeauth.Endpoint][]fakeauth.Step{
		fakeauth.EndpointRefresh: {{Times: times, Action: &fakeauth.Respond{Status: status}}},
	}}
}

func TestNewToleratesTrailingSlash(t *testing.T) {
	srv, _ := newServer(t, fakeauth.Config{})
	for _, base := range []string{srv.URL, srv.URL + "/", srv.URL + "//"} {
		t.Run(base, func(t *testing.T) {
			if err := control.New(base).Health(context.Background()); err != nil {
				t.Errorf("Health: got %v; want nil", err)
			}
			c := &control.Client{BaseURL: base}
			if err := c.Health(context.Background()); err != nil {
				t.Errorf("Health of a Client literal: got %v; want nil", err)
			}
		})
	}
}

func TestLoadScript(t *testing.T) {
	srv, c := newServer(t, fakeauth.Config{})
	ctx := context.Background()
	if err := c.LoadScript(ctx, refreshStep(1, http.StatusServiceUnavailable)); err != nil {
		t.Fatalf("LoadScript: %v", err)
	}
	hc := browser(t)
	if got := send(t, hc, http.MethodPost, srv.URL+"/auth/refresh", "").status; got != http.StatusServiceUnavailable {
		t.Errorf("first refresh: got %v; want %v", got, http.StatusServiceUnavailable)
	}
	// The step took its one request: the server answers as itself again.
	if got := send(t, hc, http.MethodPost, srv.URL+"/auth/refresh", "").status; got != http.StatusUnauthorized {
		t.Errorf("second refresh: got %v; want %v", got, http.StatusUnauthorized)
	}

	sc, err := c.Script(ctx)
	if err != nil {
		t.Fatalf("Script: %v", err)
	}
	steps := sc.Behaviours[fakeauth.EndpointRefresh]
	if len(steps) != 1 || steps[0].String() != "times 1: respond 503" {
		t.Errorf("Script refresh steps: got %v; want [times 1: respond 503]", steps)
	}
	if sc.Rotation != fakeauth.DefaultRotation || sc.AccessTTL != fakeauth.DefaultAccessTTL {
		t.Errorf("Script defaults: got rotation %v, access TTL %v; want %v, %v", sc.Rotation, sc.AccessTTL, fakeauth.DefaultRotation, fakeauth.DefaultAccessTTL)
	}
}

func TestLoadScriptInvalid(t *testing.T) {
	_, c := newServer(t, fakeauth.Config{})
	err := c.LoadScript(context.Background(), refreshStep(0, 0))
	ce := asError(t, err)
	if ce.Status != http.StatusBadRequest || ce.Code != "invalid_request" {
		t.Errorf("got %d %s; want 400 invalid_request", ce.Status, ce.Code)
	}
	if want := "behaviours.refresh[0].respond: status 0"; !strings.Contains(ce.Description, want) {
		t.Errorf("description: got %q; want it to contain %q", ce.Description, want)
	}
}

func TestLoadScenario(t *testing.T) {
	catalogue := func(id string) (fakeauth.Script, error) {
		if id != "refresh-5xx" {
			return fakeauth.Script{}, fmt.Errorf("no scenario %q", id)
		}
		return refreshStep(0, http.StatusServiceUnavailable), nil
	}
	tests := []struct {
		name       string
		scenarios  func(string) (fakeauth.Script, error)
		id         string
		wantStatus int    // 0: no error
		wantCode   string // of the *control.Error
		refresh    int    // status of a refresh afterwards
	}{
		{name: "found", scenarios: catalogue, id: "refresh-5xx", refresh: http.StatusServiceUnavailable},
		{name: "unknown", scenarios: catalogue, id: "nope", wantStatus: http.StatusNotFound, wantCode: "unknown_scenario", refresh: http.StatusUnauthorized},
		{name: "no catalogue", id: "refresh-5xx", wantStatus: http.StatusNotImplemented, wantCode: "not_implemented", refresh: http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := newServer(t, fakeauth.Config{Scenarios: tt.scenarios})
			err := c.LoadScenario(context.Background(), tt.id)
			if tt.wantStatus == 0 {
				if err != nil {
					t.Fatalf("LoadScenario: got %v; want nil", err)
				}
			} else if ce := asError(t, err); ce.Status != tt.wantStatus || ce.Code != tt.wantCode {
				t.Errorf("LoadScenario: got %d %s; want %d %s", ce.Status, ce.Code, tt.wantStatus, tt.wantCode)
			}
			if got := send(t, browser(t), http.MethodPost, srv.URL+"/auth/refresh", "").status; got != tt.refresh {
				t.Errorf("refresh afterwards: got %v; want %v", got, tt.refresh)
			}
		})
	}
}

func TestReset(t *testing.T) {
	srv, c := newServer(t, fakeauth.Config{Script: refreshStep(1, http.StatusServiceUnavailable)})
	ctx := context.Background()
	loggedIn(t, srv.URL)
	if err := c.Disable(ctx, fakeauth.DefaultUser.Name); err != nil {
		t.Fatal(err)
	}
	hc := browser(t)
	if got := send(t, hc, http.MethodPost, srv.URL+"/auth/refresh", "").status; got != http.StatusServiceUnavailable {
		t.Fatalf("refresh before reset: got %v; want %v", got, http.StatusServiceUnavailable)
	}

	if err := c.Reset(ctx); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	snap, err := c.Journal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Entries) != 0 {
		t.Errorf("journal after reset: got %v; want no entries", snap.Entries)
	}
	sessions, err := c.Sessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sessions) != 0 {
		t.Errorf("sessions after reset: got %v; want none", sessions)
	}
	// The script stays, its progress restarts.
	if got := send(t, hc, http.MethodPost, srv.URL+"/auth/refresh", "").status; got != http.StatusServiceUnavailable {
		t.Errorf("refresh after reset: got %v; want %v", got, http.StatusServiceUnavailable)
	}
	// Accounts are enabled again.
	if got := login(t, hc, srv.URL); got != http.StatusOK {
		t.Errorf("login after reset: got %v; want %v", got, http.StatusOK)
	}
}

func TestSessionOps(t *testing.T) {
	api := func(tb testing.TB, hc *http.Client, base string) int {
		return send(tb, hc, http.MethodGet, base+"/api/data", "").status
	}
	refresh := func(tb testing.TB, hc *http.Client, base string) int {
		return send(tb, hc, http.MethodPost, base+"/auth/refresh", "").status
	}
	type probe struct {
		name string
		do   func(testing.TB, *http.Client, string) int
		want int // for a session the op touched; untouched ones get 200
	}
	tests := []struct {
		name   string
		op     func(*control.Client, context.Context, uint32) error
		probes []probe
	}{
		{"expire access", (*control.Client).ExpireAccess, []probe{{"api", api, http.StatusUnauthorized}, {"refresh", refresh, http.StatusOK}}},
		{"expire refresh", (*control.Client).ExpireRefresh, []probe{{"refresh", refresh, http.StatusUnauthorized}, {"api", api, http.StatusOK}}},
		{"revoke", (*control.Client).Revoke, []probe{{"api", api, http.StatusUnauthorized}, {"refresh", refresh, http.StatusUnauthorized}}},
	}
	for _, tt := range tests {
		for _, target := range []uint32{1, 0} {
			t.Run(fmt.Sprintf("%s session %d", tt.name, target), func(t *testing.T) {
				srv, c := newServer(t, fakeauth.Config{})
				users := []*http.Client{loggedIn(t, srv.URL), loggedIn(t, srv.URL)} // sessions 1 and 2
				if err := tt.op(c, context.Background(), target); err != nil {
					t.Fatalf("got %v; want nil", err)
				}
				for i, hc := range users {
					session := uint32(i + 1)
					for _, p := range tt.probes {
						want := http.StatusOK
						if target == 0 || target == session {
							want = p.want
						}
						if got := p.do(t, hc, srv.URL); got != want {
							t.Errorf("session %d %s: got %v; want %v", session, p.name, got, want)
						}
					}
				}
			})
		}
		t.Run(tt.name+" unknown session", func(t *testing.T) {
			srv, c := newServer(t, fakeauth.Config{})
			loggedIn(t, srv.URL)
			ce := asError(t, tt.op(c, context.Background(), 7))
			if ce.Status != http.StatusNotFound || ce.Code != "unknown_session" {
				t.Errorf("got %d %s; want 404 unknown_session", ce.Status, ce.Code)
			}
			if got, want := ce.Error(), "fakeauth control: 404 unknown_session: no session 7"; got != want {
				t.Errorf("Error(): got %q; want %q", got, want)
			}
		})
	}
}

func TestDisableEnable(t *testing.T) {
	srv, c := newServer(t, fakeauth.Config{})
	ctx := context.Background()
	user := fakeauth.DefaultUser.Name
	hc := browser(t)
	steps := []struct {
		name  string
		op    func(context.Context, string) error
		login int
	}{
		{"disable", c.Disable, http.StatusForbidden},
		{"enable", c.Enable, http.StatusOK},
	}
	for _, st := range steps {
		if err := st.op(ctx, user); err != nil {
			t.Fatalf("%s: got %v; want nil", st.name, err)
		}
		if got := login(t, hc, srv.URL); got != st.login {
			t.Errorf("login after %s: got %v; want %v", st.name, got, st.login)
		}
	}
}

func TestUserOpErrors(t *testing.T) {
	_, c := newServer(t, fakeauth.Config{})
	tests := []struct {
		name       string
		op         func(context.Context, string) error
		user       string
		wantStatus int
		wantCode   string
	}{
		{"disable unknown", c.Disable, "bob", http.StatusNotFound, "unknown_user"},
		{"enable unknown", c.Enable, "bob", http.StatusNotFound, "unknown_user"},
		{"disable nobody", c.Disable, "", http.StatusBadRequest, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := asError(t, tt.op(context.Background(), tt.user))
			if ce.Status != tt.wantStatus || ce.Code != tt.wantCode {
				t.Errorf("got %d %s; want %d %s", ce.Status, ce.Code, tt.wantStatus, tt.wantCode)
			}
		})
	}
}

func TestJournal(t *testing.T) {
	srv, c := newServer(t, fakeauth.Config{})
	ctx := context.Background()
	hc := loggedIn(t, srv.URL)
	send(t, hc, http.MethodGet, srv.URL+"/api/data", "")
	if err := c.Health(ctx); err != nil {
		t.Fatal(err)
	}
	snap, err := c.Journal(ctx)
	if err != nil {
		t.Fatalf("Journal: %v", err)
	}
	want := []struct {
		kind   fakeauth.Kind
		path   string
		status uint16
	}{
		{fakeauth.KindLogin, "/auth/login", 200},
		{fakeauth.KindAPI, "/api/data", 200},
		{fakeauth.KindControl, fakeauth.ControlPrefix + "health", 200},
	}
	if len(snap.Entries) != len(want) {
		t.Fatalf("entries: got %v; want %d", snap.Entries, len(want))
	}
	for i, w := range want {
		e := snap.Entries[i]
		if e.Kind != w.kind || e.Path != w.path || e.Status != w.status {
			t.Errorf("entry %d: got %v %s %d; want %v %s %d", i, e.Kind, e.Path, e.Status, w.kind, w.path, w.status)
		}
		if e.Seq != uint64(i+1) {
			t.Errorf("entry %d seq: got %v; want %v", i, e.Seq, i+1)
		}
	}
	if snap.Entries[1].Session != 1 || snap.Entries[1].Cred != fakeauth.CredValid {
		t.Errorf("api entry: got session %d cred %v; want session 1 cred valid", snap.Entries[1].Session, snap.Entries[1].Cred)
	}
	if snap.InFlight != 1 {
		t.Errorf("in flight (the journal call itself): got %v; want 1", snap.InFlight)
	}
}

func TestSessions(t *testing.T) {
	srv, c := newServer(t, fakeauth.Config{})
	loggedIn(t, srv.URL)
	got, err := c.Sessions(context.Background())
	if err != nil {
		t.Fatalf("Sessions: %v", err)
	}
	want := []fakeauth.SessionInfo{{ID: 1, User: fakeauth.DefaultUser.Name, Generation: 1}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v; want %v", got, want)
	}
}

// TestControlAPI checks the server side of the control API with plain requests.
func TestControlAPI(t *testing.T) {
	const origin = "http://app.example"
	srv, _ := newServer(t, fakeauth.Config{AllowOrigins: []string{origin}})
	base := srv.URL + fakeauth.ControlPrefix
	tests := []struct {
		name      string
		method    string
		call      string
		body      string
		status    int
		code      string
		allow     string // the Allow header of a 405
		describes string // part of the error description
	}{
		{name: "malformed body", method: "POST", call: "revoke", body: `{"session":`, status: 400, code: "invalid_request", describes: "malformed body"},
		{name: "wrong field type", method: "POST", call: "expire-access", body: `{"session":"one"}`, status: 400, code: "invalid_request"},
		{name: "unknown field", method: "POST", call: "disable", body: `{"name":"alice"}`, status: 400, code: "invalid_request"},
		{name: "trailing data", method: "POST", call: "revoke", body: `{"session":1} x`, status: 400, code: "invalid_request", describes: "unexpected data after"},
		{name: "scenario without id", method: "POST", call: "scenario", body: `{}`, status: 400, code: "invalid_request", describes: "SCENARIO"},
		{name: "malformed script", method: "PUT", call: "script", body: `{"behaviours":`, status: 400, code: "invalid_request", describes: "malformed script"},
		{name: "invalid script", method: "PUT", call: "script", body: `{"behaviours":{"refresh":[{"respond":{"status":0}}]}}`, status: 400, code: "invalid_request", describes: "behaviours.refresh[0].respond: status 0"},
		{name: "unknown call", method: "GET", call: "nope", status: 404, code: "unknown_call"},
		{name: "GET a POST call", method: "GET", call: "reset", status: 405, code: "invalid_request", allow: "POST"},
		{name: "POST a GET call", method: "POST", call: "journal", status: 405, code: "invalid_request", allow: "GET"},
		{name: "DELETE script", method: "DELETE", call: "script", status: 405, code: "invalid_request", allow: "GET, PUT"},
		{name: "health", method: "GET", call: "health", status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := send(t, http.DefaultClient, tt.method, base+tt.call, tt.body)
			if a.status != tt.status {
				t.Errorf("status: got %v; want %v (body %s)", a.status, tt.status, a.body)
			}
			if got := a.errorCode(); got != tt.code {
				t.Errorf("error: got %q; want %q", got, tt.code)
			}
			if got := a.header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow: got %q; want %q", got, tt.allow)
			}
			if !strings.Contains(string(a.body), tt.describes) {
				t.Errorf("body: got %s; want it to contain %q", a.body, tt.describes)
			}
		})
	}
}

// TestControlAPINoCORS checks that an allowed app origin gets CORS headers
// from the app's endpoints but never from the control API.
func TestControlAPINoCORS(t *testing.T) {
	const origin = "http://app.example"
	srv, _ := newServer(t, fakeauth.Config{AllowOrigins: []string{origin}})
	preflight := []string{"Origin", origin, "Access-Control-Request-Method", "POST"}
	tests := []struct {
		name   string
		method string
		path   string
		header []string
		want   string // Access-Control-Allow-Origin
	}{
		{"app endpoint", "GET", "/api/data", []string{"Origin", origin}, origin},
		{"control GET", "GET", fakeauth.ControlPrefix + "journal", []string{"Origin", origin}, ""},
		{"control POST", "POST", fakeauth.ControlPrefix + "reset", []string{"Origin", origin}, ""},
		{"control preflight", "OPTIONS", fakeauth.ControlPrefix + "reset", preflight, ""},
		{"control error", "GET", fakeauth.ControlPrefix + "nope", []string{"Origin", origin}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := send(t, http.DefaultClient, tt.method, srv.URL+tt.path, "", tt.header...)
			if got := a.header.Get("Access-Control-Allow-Origin"); got != tt.want {
				t.Errorf("Access-Control-Allow-Origin: got %q; want %q", got, tt.want)
			}
			if tt.want == "" && a.header.Get("Access-Control-Allow-Credentials") != "" {
				t.Errorf("Access-Control-Allow-Credentials: got %q; want none", a.header.Get("Access-Control-Allow-Credentials"))
			}
		})
	}
}

// TestNotAControlAPI points a client at routes that are not the control API
// (the fake server's API prefix, scripted) and checks what the calls make of
// their answers.
func TestNotAControlAPI(t *testing.T) {
	tests := []struct {
		name    string
		action  fakeauth.Action
		wantErr string
		status  int // of the *control.Error; 0: not one
	}{
		{"error without a body", &fakeauth.Respond{Status: http.StatusBadGateway}, "fakeauth control: 502: Bad Gateway", http.StatusBadGateway},
		{"error with a plain body", &fakeauth.Respond{Status: http.StatusTeapot, Body: "short and stout"}, `fakeauth control: 418: "short and stout"`, http.StatusTeapot},
		{"ok without a body", &fakeauth.Respond{Status: http.StatusOK}, "control: reset: reading the answer: unexpected EOF", 0},
		{"ok without ok", &fakeauth.Respond{Status: http.StatusOK, Body: map[string]int{"n": 1}}, "control: reset: the server answered without", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := newServer(t, fakeauth.Config{Script: fakeauth.Script{Behaviours: map[fakeauth.Endpoint][]fakeauth.Step{
				fakeauth.EndpointAPI: {{Action: tt.action}},
			}}})
			err := control.New(srv.URL + "/api").Reset(context.Background())
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Fatalf("got %v; want an error starting %q", err, tt.wantErr)
			}
			var ce *control.Error
			if got := errors.As(err, &ce); got != (tt.status != 0) {
				t.Fatalf("errors.As *control.Error: got %v; want %v", got, tt.status != 0)
			}
			if ce != nil && ce.Status != tt.status {
				t.Errorf("status: got %v; want %v", ce.Status, tt.status)
			}
		})
	}
}

func TestTransportError(t *testing.T) {
	srv, c := newServer(t, fakeauth.Config{})
	srv.Close()
	_, err := c.Journal(context.Background())
	if err == nil || !strings.HasPrefix(err.Error(), "control: journal: ") {
		t.Fatalf("got %v; want an error starting %q", err, "control: journal: ")
	}
	var ce *control.Error
	if errors.As(err, &ce) {
		t.Errorf("got *control.Error %v; want a transport error", ce)
	}
	if err := (&control.Client{}).Health(context.Background()); err == nil || err.Error() != "control: health: no BaseURL" {
		t.Errorf("no BaseURL: got %v; want control: health: no BaseURL", err)
	}
}

// TestCanceledContext checks that a call ends promptly, with an error
// wrapping context.Canceled, when its context is canceled before or while the
// server holds the request.
func TestCanceledContext(t *testing.T) {
	tests := []struct {
		name   string
		before bool // cancel before the call, else once the server holds it
	}{
		{"before the call", true},
		{"while the server holds it", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Under the API prefix the script hangs every request, so the
			// call can only end by its context.
			srv, _ := newServer(t, fakeauth.Config{Script: fakeauth.Script{Behaviours: map[fakeauth.Endpoint][]fakeauth.Step{
				fakeauth.EndpointAPI: {{Action: &fakeauth.Hang{}}},
			}}})
			c := &control.Client{BaseURL: srv.URL + "/api", HTTP: &http.Client{}} // no timeout of its own
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.before {
				cancel()
			}
			done := make(chan error, 1)
			go func() {
				_, err := c.Journal(ctx)
				done <- err
			}()
			if !tt.before {
				waitInFlight(t, srv, done)
				cancel()
			}
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("got %v; want an error wrapping context.Canceled", err)
				}
				if err != nil && !strings.HasPrefix(err.Error(), "control: journal: ") {
					t.Errorf("got %q; want it to start with %q", err, "control: journal: ")
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the call was still running 5s after its context was canceled")
			}
		})
	}
}

// waitInFlight polls, with a deadline, until the server holds a request.
func waitInFlight(tb testing.TB, srv *fakeauth.Server, done <-chan error) {
	tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for srv.Journal().Snapshot().InFlight == 0 {
		select {
		case err := <-done:
			tb.Fatalf("the call ended before the server held it: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			tb.Fatal("the server never received the call")
		}
		runtime.Gosched()
	}
}
