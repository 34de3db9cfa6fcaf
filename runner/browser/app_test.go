package browser

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/runner/profile"
)

// thirdParty serves testdata/thirdparty on 127.0.0.1 with its meta tags
// filled in: api ("" for same-origin calls), style and flaw ("" for the
// correct app). It returns the app's URL.
func thirdParty(t *testing.T, api, style, flaw string) string {
	t.Helper()
	page, err := os.ReadFile("testdata/thirdparty/index.html")
	if err != nil {
		t.Fatal(err)
	}
	html := strings.NewReplacer("{{API}}", api, "{{STYLE}}", style, "{{FLAW}}", flaw).Replace(string(page))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, html)
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return "http://" + l.Addr().String() + "/"
}

// thirdPartyProfile is the fixture's profile, read by the real loader.
func thirdPartyProfile(t *testing.T, url, mode, api, style, extra string) profile.Profile {
	t.Helper()
	y := fmt.Sprintf(`version: 1
app:
  url: %s
  mode: %s
%s
auth:
  style: %s
  login: {path: /api/v2/session}
  refresh: {path: /api/v2/session/renew, method: PUT}
  logout: {path: /api/v2/session/current, method: DELETE}
  api_prefix: /api/v2/
  fields: {username: email, password: pw, access: token, refresh: renewal}
  access_header: X-Ledger-Token
user: {name: ada@example.com, password: analytical}
api:
  /api/v2/balance: {amount: 12}
login:
  fill: {"#email": "{{username}}", "#pw": "{{password}}"}
  submit: "#go"
  done: "#home"
  error: "#bad"
burst:
  click: "#reload"
logged_out:
  selector: "#expired"
%s`, url, mode, api, style, extra)
	p, err := profile.Parse("thirdparty.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func runApp(t *testing.T, d *AppDriver, scenario string) *conformance.Evidence {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ev, err := runner.Run(ctx, lookup(t, scenario), d, runner.Options{Target: "app"})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return ev
}

// verdicts judges the scenario's rules and returns status by rule.
func verdicts(ev *conformance.Evidence, ids ...string) map[string]conformance.Verdict {
	out := map[string]conformance.Verdict{}
	for _, v := range conformance.Judge(ev, ids) {
		out[v.Rule] = v
	}
	return out
}

// A correct app, fronted and intercepted, in both styles where the mode
// allows: its calls are read from the network, tied to call IDs, and every
// rule of the scenarios passes.
func TestAppCorrect(t *testing.T) {
	b := browser(t)
	cases := []struct{ mode, style, api string }{
		{profile.ModeFronting, "cookie", ""},
		{profile.ModeFronting, "bearer", ""},
		{profile.ModeInterception, "bearer", "http://localhost:8787"},
	}
	for _, tc := range cases {
		t.Run(tc.mode+"/"+tc.style, func(t *testing.T) {
			url := thirdParty(t, tc.api, tc.style, "")
			apiLine := ""
			if tc.api != "" {
				apiLine = "  api_origin: " + tc.api
			}
			d, err := NewAppDriver(b, thirdPartyProfile(t, url, tc.mode, apiLine, tc.style, "evidence: {pending: window.pendingRequests}"))
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"expired-access", "revoked"} {
				ev := runApp(t, d, id)
				if len(ev.Problems) > 0 {
					t.Errorf("%s: problems: %v", id, ev.Problems)
				}
				sc := lookup(t, id)
				for _, v := range conformance.Judge(ev, sc.Judges) {
					if v.Status == conformance.Fail {
						t.Errorf("%s: %s\n%s", id, v.Message(), conformance.Timeline(ev))
					}
					// The app offers its pending count: only a rule whose
					// case the scenario does not raise may go unjudged.
					if v.Status == conformance.NotJudged && !(id == "revoked" && v.Rule == "NL-2") {
						t.Errorf("%s: %s not judged: %s", id, v.Rule, v.Reason)
					}
				}
				if n := len(ev.Rounds[0].Calls); n != 3 {
					t.Errorf("%s: got %d calls; want the app's 3\n%s", id, n, conformance.Timeline(ev))
				}
				if !strings.Contains(ev.Observed, "pending count") {
					t.Errorf("observed: got %q", ev.Observed)
				}
				// The page's stylesheet on another origin never left.
				if !slices.ContainsFunc(ev.Console, func(l string) bool {
					return strings.Contains(l, "authconform: blocked GET https://fonts.example.com/ledger.css")
				}) {
					t.Errorf("%s: the request to another origin was not blocked: console %q", id, ev.Console)
				}
			}
		})
	}
}

// Known-bad variants of the app fail the rules their flaw breaks, judged
// from the network and the app's pending count; without any evidence of
// the app's own, a pass that would rest on it is not judged.
func TestAppFlaws(t *testing.T) {
	b := browser(t)
	pending := "evidence: {pending: window.pendingRequests}"
	cases := []struct {
		name, flaw, scenario, evidence string
		want                           map[string]conformance.Status
		reason                         map[string]string
	}{
		{name: "a 401 waits forever", flaw: "hang", scenario: "expired-access", evidence: pending,
			want:   map[string]conformance.Status{"SF-1": conformance.Fail, "SF-2": conformance.Fail},
			reason: map[string]string{"SF-2": "decided from the network"}},
		{name: "a 401 is dropped", flaw: "drop", scenario: "expired-access", evidence: pending,
			want: map[string]conformance.Status{"SF-1": conformance.Fail}},
		{name: "no evidence of the app's own", scenario: "revoked",
			want:   map[string]conformance.Status{"RJ-1": conformance.NotJudged, "RR-1": conformance.Pass, "LO-1": conformance.Pass},
			reason: map[string]string{"RJ-1": "give the profile evidence.pending"}},
		{name: "a busy marker", scenario: "revoked", evidence: `evidence: {busy: "#rows:empty"}`,
			want: map[string]conformance.Status{"RJ-1": conformance.Pass}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url := thirdParty(t, "", "bearer", tc.flaw)
			d, err := NewAppDriver(b, thirdPartyProfile(t, url, profile.ModeFronting, "", "bearer", tc.evidence))
			if err != nil {
				t.Fatal(err)
			}
			ev := runApp(t, d, tc.scenario)
			var ids []string
			for id := range tc.want {
				ids = append(ids, id)
			}
			got := verdicts(ev, ids...)
			for id, want := range tc.want {
				if v := got[id]; v.Status != want {
					t.Errorf("%s: got %s; want %s\n%s\n%s", id, v.Status, want, v.Message(), conformance.Timeline(ev))
				} else if r := tc.reason[id]; r != "" && !strings.Contains(v.Reason, r) {
					t.Errorf("%s: reason %q; want it to say %q", id, v.Reason, r)
				}
			}
		})
	}
}

// What a user gets wrong fails fast, with a message that says what to fix.
func TestAppMistakes(t *testing.T) {
	b := browser(t)
	url := thirdParty(t, "", "bearer", "")
	t.Run("nothing answers at the URL", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		dead := "http://" + l.Addr().String() + "/"
		l.Close()
		d, err := NewAppDriver(b, thirdPartyProfile(t, dead, profile.ModeFronting, "", "bearer", ""))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err = runner.Run(context.Background(), lookup(t, "expired-access"), d, runner.Options{Target: "app"})
		if err == nil || !strings.Contains(err.Error(), "the app does not answer at "+dead) || !strings.Contains(err.Error(), "start it first") {
			t.Errorf("got %v; want the app does not answer at %s ... start it first", err, dead)
		}
		if el := time.Since(start); el > 2*ReachTimeout {
			t.Errorf("took %v", el)
		}
	})
	t.Run("the logged-in state never shows", func(t *testing.T) {
		p := thirdPartyProfile(t, url, profile.ModeFronting, "", "bearer", "")
		p.Login.Done = "#dashboard"
		d, err := NewAppDriver(b, p)
		if err != nil {
			t.Fatal(err)
		}
		le := loginError(t, d)
		for _, want := range []string{"neither login.done #dashboard nor login.error #bad showed within 2s", "check those selectors", `the page is at http://127.0.0.1:`, `shows "Reload`} {
			if !strings.Contains(le, want) {
				t.Errorf("login error %q; want it to say %q", le, want)
			}
		}
	})
	t.Run("the login form is not where the profile says", func(t *testing.T) {
		p := thirdPartyProfile(t, url, profile.ModeFronting, "", "bearer", "")
		p.Login.Fill = map[string]string{"#user": "{{username}}", "#pw": "{{password}}"}
		d, err := NewAppDriver(b, p)
		if err != nil {
			t.Fatal(err)
		}
		if le := loginError(t, d); !strings.Contains(le, "login.fill: #user not visible") {
			t.Errorf("login error %q; want it to name #user", le)
		}
	})
	t.Run("the burst trigger finds nothing", func(t *testing.T) {
		p := thirdPartyProfile(t, url, profile.ModeFronting, "", "bearer", "")
		p.Burst.Click = "#refresh-all"
		d, err := NewAppDriver(b, p)
		if err != nil {
			t.Fatal(err)
		}
		_, err = runner.Run(context.Background(), lookup(t, "expired-access"), d, runner.Options{Target: "app"})
		if err == nil || !strings.Contains(err.Error(), "burst.click #refresh-all: no visible element matches it") {
			t.Errorf("got %v; want burst.click #refresh-all: no visible element matches it", err)
		}
	})
}

// loginError starts d against a fake server shaped by it and returns the
// error of a login given 2 seconds.
func loginError(t *testing.T, d *AppDriver) string {
	t.Helper()
	var cfg fakeauth.Config
	d.ShapeServer(&cfg)
	srv, err := fakeauth.NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	sess, err := d.Start(ctx, runner.Env{ServerURL: srv.URL, Contract: srv.Contract(), Now: srv.Journal().Now})
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	lctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	err = sess.Login(lctx)
	if err == nil {
		t.Fatal("login: got no error")
	}
	return err.Error()
}
