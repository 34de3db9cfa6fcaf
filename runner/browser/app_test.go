package browser

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/authconform/authconform/conformance"
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
				for _, p := range ev.Problems {
					if !strings.Contains(p, "a later action") {
						t.Errorf("%s: problem: %s", id, p)
					}
				}
				sc := lookup(t, id)
				for _, v := range conformance.Judge(ev, sc.Judges) {
					if v.Status == conformance.Fail {
						t.Errorf("%s: %s\n%s", id, v.Message(), conformance.Timeline(ev))
					}
					if v.Status == conformance.NotJudged {
						t.Logf("%s: %s not judged: %s", id, v.Rule, v.Reason)
					}
				}
				if n := len(ev.Rounds[0].Calls); n != 3 {
					t.Errorf("%s: got %d calls; want the app's 3\n%s", id, n, conformance.Timeline(ev))
				}
				if !strings.Contains(ev.Observed, "pending count") {
					t.Errorf("observed: got %q", ev.Observed)
				}
			}
		})
	}
}
