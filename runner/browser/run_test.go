package browser

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/scenarios"
)

func lookup(t *testing.T, id string) scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func refreshes(ev *conformance.Evidence) int {
	n := 0
	for _, q := range ev.Server {
		if q.Kind == "refresh" {
			n++
		}
	}
	return n
}

// checkRun checks the evidence of one run of a correct client.
func checkRun(t *testing.T, sc scenarios.Scenario, ev *conformance.Evidence, wantOK, wantLoggedOut bool) {
	t.Helper()
	if len(ev.Problems) > 0 {
		t.Errorf("problems: %v", ev.Problems)
	}
	if len(ev.Rounds) != 1 {
		t.Fatalf("got %d rounds; want 1", len(ev.Rounds))
	}
	rd := ev.Rounds[0]
	if rd.LoginError != "" {
		t.Fatalf("login failed: %s", rd.LoginError)
	}
	if got := refreshes(ev); got != 1 {
		t.Errorf("got %d refreshes; want 1\n%s", got, conformance.Timeline(ev))
	}
	for _, c := range rd.Calls {
		switch {
		case c.Outcome == conformance.OutcomePending:
			t.Errorf("call %s still pending at the deadline", c.ID)
		case wantOK && c.Phase == conformance.PhaseBurst && !c.Succeeded():
			t.Errorf("call %s: got %s %d %q; want a 2xx", c.ID, c.Outcome, c.Status, c.Error)
		case !wantOK && c.Succeeded():
			t.Errorf("call %s succeeded; want a failure", c.ID)
		}
	}
	st := rd.State
	if st == nil {
		t.Fatal("no state")
	}
	if st.LoggedOut != wantLoggedOut || st.LoggedOutMarker != wantLoggedOut {
		t.Errorf("got logged out %v, marker %v; want %v", st.LoggedOut, st.LoggedOutMarker, wantLoggedOut)
	}
	if wantLoggedOut && len(st.Credentials) > 0 {
		t.Errorf("logged out with credentials %v", st.Credentials)
	}
	if st.RefreshReadable == nil || *st.RefreshReadable {
		t.Errorf("got refresh readable %v; want false", st.RefreshReadable)
	}
	if !strings.Contains(st.URL, "api=") {
		t.Errorf("got URL %q; want the app's", st.URL)
	}
}

func TestRunReference(t *testing.T) {
	d := appDriver(t, browser(t), "")
	for _, style := range fakeauth.Styles {
		for _, tc := range []struct {
			scenario              string
			wantOK, wantLoggedOut bool
		}{
			{"expired-access", true, false},
			{"revoked", false, true},
		} {
			t.Run(tc.scenario+"/"+string(style), func(t *testing.T) {
				t.Parallel()
				sc := lookup(t, tc.scenario)
				ev, err := runner.Run(context.Background(), sc, d, runner.Options{Target: "web", Style: style})
				if err != nil {
					t.Fatal(err)
				}
				checkRun(t, sc, ev, tc.wantOK, tc.wantLoggedOut)
			})
		}
	}
}

// TestRunDeadlock runs a client that never settles its calls: the calls
// are pending at the deadline, and the run still ends in time.
func TestRunDeadlock(t *testing.T) {
	d := appDriver(t, browser(t), "M1")
	sc := lookup(t, "revoked")
	const deadline, quiet = time.Second, 200 * time.Millisecond
	start := time.Now()
	ev, err := runner.Run(context.Background(), sc, d, runner.Options{Target: "web:M1", Deadline: deadline, Quiet: quiet})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	rd := ev.Rounds[0]
	pending := 0
	for _, c := range rd.Calls {
		if c.Outcome == conformance.OutcomePending {
			pending++
		}
	}
	if pending != len(rd.Calls) || rd.Settled != rd.DeadlineAt {
		t.Errorf("got %d of %d calls pending, settled %v, deadline %v; want all pending at the deadline\n%s",
			pending, len(rd.Calls), rd.Settled, rd.DeadlineAt, conformance.Timeline(ev))
	}
	// The burst waits a deadline, the quiet window, and the first later
	// action another deadline.
	if limit := 2*deadline + quiet + 3*time.Second; took > limit {
		t.Errorf("the run took %v; want at most %v", took, limit)
	}
	t.Logf("deadlocked run: %v (deadline %v, quiet %v)", took.Round(time.Millisecond), deadline, quiet)
}

// TestStateSeesPageReadableToken runs the variant that keeps its tokens in
// localStorage: page scripts can read the refresh token.
func TestStateSeesPageReadableToken(t *testing.T) {
	d := appDriver(t, browser(t), "STORAGE")
	ev, err := runner.Run(context.Background(), lookup(t, "expired-access"), d, runner.Options{Target: "web:STORAGE", Style: fakeauth.StyleBearer})
	if err != nil {
		t.Fatal(err)
	}
	st := ev.Rounds[0].State
	if st == nil || st.RefreshReadable == nil || !*st.RefreshReadable {
		t.Fatalf("got state %+v; want the refresh token readable", st)
	}
	if creds := strings.Join(st.Credentials, ", "); !strings.Contains(creds, "refresh (localStorage") {
		t.Errorf("got credentials %q; want the refresh token in localStorage among them", creds)
	}
}

// TestConsole checks that console errors and uncaught exceptions reach the
// evidence, and failed resource loads do not.
func TestConsole(t *testing.T) {
	b := browser(t)
	for _, tc := range []struct {
		name string
		d    *Driver
		want []string
	}{
		{"web:LOG", appDriver(t, b, "LOG"), []string{"error: Token refresh failed:"}},
		// The stand-in's leaky variant also leaves a rejection unhandled.
		{"standin:leaky", NewApp(b, standin(), "leaky"), []string{"error: refresh failed", "exception:", "unhandled in leaky"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer tc.d.Close()
			ev, err := runner.Run(context.Background(), lookup(t, "revoked"), tc.d, runner.Options{Target: tc.name, Style: fakeauth.StyleBearer})
			if err != nil {
				t.Fatal(err)
			}
			console := strings.Join(ev.Console, "\n")
			for _, want := range tc.want {
				if !strings.Contains(console, want) {
					t.Errorf("got console %q; want %q in it", console, want)
				}
			}
			if strings.Contains(console, "Failed to load resource") {
				t.Errorf("got console %q; want no failed-resource lines", console)
			}
		})
	}
}

func TestLoginError(t *testing.T) {
	d := appDriver(t, browser(t), "")
	srv, err := fakeauth.NewServer(fakeauth.Config{AllowOrigins: d.Origins()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	env := runner.Env{ServerURL: srv.URL, Contract: srv.Contract(), User: fakeauth.User{Name: fakeauth.DefaultUser.Name, Password: "wrong"}}
	s, err := d.Start(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.Login(ctx)
	if err == nil || !strings.Contains(err.Error(), "Wrong username or password") {
		t.Errorf("got %v; want the app's login error", err)
	}
}

// TestStartNotAnApp opens a page that never gets ready: Start gives up in
// time with a clear error.
func TestStartNotAnApp(t *testing.T) {
	b := browser(t)
	d := NewApp(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<!doctype html><p>hello</p><script>console.error("boom")</script>`))
	}), "")
	defer d.Close()
	const limit = 3 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	start := time.Now()
	_, err := d.Start(ctx, runner.Env{ServerURL: "http://127.0.0.1:1"})
	took := time.Since(start)
	// On a loaded machine the tab itself may take the whole second.
	if err == nil || !strings.Contains(err.Error(), "window.__authconform.ready") && !strings.Contains(err.Error(), "opening a tab") {
		t.Errorf("got %v; want an error about the app never getting ready", err)
	}
	if took > limit+2*time.Second {
		t.Errorf("Start took %v with a %v context", took, limit)
	}
}
