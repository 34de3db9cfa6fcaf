package web_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/authconform/authconform/clients/web"
	"github.com/authconform/authconform/fakeauth"
)

// chromiumPaths are where the browser is looked for, in order.
var chromiumPaths = []string{"/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome"}

// startBrowser starts one headless Chromium for a test, with its temporary
// files in a folder removed when the test ends, and closes it then.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	var path string
	for _, p := range chromiumPaths {
		if found, err := exec.LookPath(p); err == nil {
			path = found
			break
		}
	}
	if path == "" {
		t.Fatal("no Chromium found: run: make deps (it runs apt-get install chromium)")
	}
	tmp, err := os.MkdirTemp("", "authconform-web-test-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Env("TMPDIR="+tmp),
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, _ := chromedp.NewContext(actx)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(bctx, 5*time.Second)
		defer cancel()
		_ = chromedp.Cancel(ctx) // a graceful close, then
		acancel()                // kill what is left and wait for it
		if err := os.RemoveAll(tmp); err != nil {
			t.Errorf("removing the browser's temporary folder: %v", err)
		}
	})
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting Chromium (%s): %v", path, err)
	}
	return bctx
}

// TestBrowser proves the contract of README.md with the reference app in
// headless Chromium, in both credential styles: log in through the page,
// load the dashboard, issue requests through the hook, then expire and
// revoke the session on the server and see the logged-out state.
func TestBrowser(t *testing.T) {
	h, err := web.Handler()
	if err != nil {
		t.Fatal(err)
	}
	app := httptest.NewServer(h)
	defer app.Close()
	foreign := newForeign(t)
	bctx := startBrowser(t)
	for _, style := range fakeauth.Styles {
		t.Run(string(style), func(t *testing.T) {
			smoke(t, bctx, app.URL, foreign, style)
		})
	}
}

func smoke(t *testing.T, bctx context.Context, appURL string, foreign *foreignServer, style fakeauth.Style) {
	srv, err := fakeauth.NewServer(fakeauth.Config{
		Contract:     fakeauth.Contract{Style: style},
		AllowOrigins: []string{appURL},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	tctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(tctx); err != nil { // opens the tab, without a deadline
		t.Fatal(err)
	}
	ctx, cancelT := context.WithTimeout(tctx, 20*time.Second)
	defer cancelT()
	p := &page{t: t, ctx: ctx, done: map[string]chan result{}}
	p.listen(tctx)
	if _, err := chromedp.Call(ctx, runtime.AddBinding, runtime.AddBindingParams{Name: "__authconformDone"}); err != nil {
		t.Fatal(err)
	}

	q := url.Values{"api": {srv.URL}, "style": {string(style)}, "refreshTimeout": {"2000"}, "logoutTimeout": {"1000"}}
	p.do(chromedp.Navigate(appURL + "/?" + q.Encode()))
	p.do(chromedp.Poll[chromedp.Void]("window.__authconform && window.__authconform.ready === true", chromedp.WithPollingTimeout(5*time.Second)))
	if got := p.eval(`__authconform.variant + " " + __authconform.style`); got != "reference "+string(style) {
		t.Errorf("variant and style %q; want %q", got, "reference "+string(style))
	}
	p.wantView("login")

	// A wrong password shows the login error and stays on the login page.
	user := fakeauth.DefaultUser
	p.fill(user.Name, "wrong")
	p.do(chromedp.WaitVisible(chromedp.ID("login-error")))
	if got := p.eval(`document.getElementById("login-error").textContent`); got != "Wrong username or password." {
		t.Errorf("login error %q", got)
	}
	p.wantView("login")

	// Log in through the page; the dashboard's burst succeeds.
	p.login(user.Name, user.Password)
	p.do(chromedp.Click(chromedp.ID("load-button")))
	p.do(chromedp.WaitVisible(chromedp.CSS(`#results[data-state="done"]`)))
	if got := p.eval(`[...document.querySelectorAll("#results li")].map(li => li.dataset.path + " " + li.dataset.status).join(", ")`); got != "/api/items 200, /api/profile 200, /api/orders 200" {
		t.Errorf("dashboard results %q", got)
	}

	// Requests through the hook settle, reported by the binding and in calls.
	if r := p.request("c1", "/api/items?authconform_call=c1"); r.Outcome != "ok" || r.Status != 200 {
		t.Errorf("c1 settled %+v; want ok 200", r)
	}
	if got := p.eval(`JSON.stringify(__authconform.calls.c1)`); !strings.Contains(got, `"outcome":"ok"`) {
		t.Errorf("calls.c1 = %s", got)
	}
	if r := p.request("f1", foreign.url+"?authconform_call=f1"); r.Outcome != "ok" || r.Status != 200 {
		t.Errorf("foreign f1 settled %+v; want ok 200", r)
	}
	if got := foreign.last(); got != "authorization=[] cookies=[]" {
		t.Errorf("the other origin received %s; want no credentials", got)
	}
	wantCreds := "[]"
	if style == fakeauth.StyleBearer {
		wantCreds = `["access (memory)","refresh (memory)"]`
	}
	p.wantState(false, wantCreds, 0)

	// A terminal refresh failure: one refresh, the logged-out view, one
	// logout call, and later requests failed fast.
	srv.ExpireAccess(0)
	srv.Revoke(0)
	if r := p.request("c2", "/api/profile?authconform_call=c2"); r.Outcome != "error" || r.Status != 401 {
		t.Errorf("c2 settled %+v; want error 401", r)
	}
	p.do(chromedp.WaitVisible(chromedp.ID("logged-out")))
	p.wantView("logged-out")
	if got := p.eval(`document.getElementById("logged-out").textContent`); !strings.Contains(got, "Your session expired") {
		t.Errorf("logged-out view says %q", got)
	}
	p.wantState(true, "[]", 1)
	if n := countEventually(srv, fakeauth.KindLogout, 1); n != 1 {
		t.Errorf("%d logout calls; want 1", n)
	}
	apis := srv.Journal().Snapshot().Count(fakeauth.KindAPI)
	if r := p.request("c3", "/api/orders?authconform_call=c3"); r.Outcome != "error" || r.Status != 0 {
		t.Errorf("c3 after logout settled %+v; want a fast error, status 0", r)
	}
	if n := srv.Journal().Snapshot().Count(fakeauth.KindAPI); n != apis {
		t.Errorf("c3 after logout was sent (%d api requests, %d before)", n, apis)
	}
	if n := srv.Journal().Snapshot().Count(fakeauth.KindRefresh); n != 1 {
		t.Errorf("%d refresh calls; want 1", n)
	}

	// Log in again: a fresh session works.
	p.do(chromedp.Click(chromedp.ID("login-again")))
	p.wantView("login")
	p.login(user.Name, user.Password)
	if r := p.request("c4", "/api/items?authconform_call=c4"); r.Outcome != "ok" || r.Status != 200 {
		t.Errorf("c4 after a new login settled %+v; want ok 200", r)
	}
	p.wantState(false, wantCreds, 1)
}
