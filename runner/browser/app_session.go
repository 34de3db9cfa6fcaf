package browser

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/runner"
)

// Settling an app's calls: the network must have been idle this long, and
// the page is asked about its own view this often.
const (
	idleFor      = 150 * time.Millisecond
	settlePoll   = 25 * time.Millisecond
	loginIdleMax = 2 * time.Second
)

// appSession is a third-party app in one tab during one run.
type appSession struct {
	*session
	d     *AppDriver
	track *tracker
	fw    *forwarder
	front *front // nil with interception
	base  string // the origin the page is opened on

	// canceled tells the interceptor that the page gave up on a request
	// (Network.loadingFailed), by its network ID.
	mu       sync.Mutex
	canceled map[network.RequestID]context.CancelFunc
	reqWG    sync.WaitGroup
	reqCtx   context.Context
	reqStop  context.CancelFunc
}

// openApp makes the tab, starts the interception if the profile asks for
// it, and loads the app.
func (s *appSession) openApp(ctx, bctx context.Context) error {
	s.bctx = bctx
	s.tctx, s.tcancel = chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	s.reqCtx, s.reqStop = context.WithCancel(context.Background())
	s.canceled = map[network.RequestID]context.CancelFunc{}
	octx, ocancel := context.WithTimeout(ctx, PageTimeout)
	defer ocancel()
	stop := context.AfterFunc(octx, s.tcancel)
	defer stop()
	fail := func(step string, err error) error {
		if octx.Err() != nil && ctx.Err() == nil {
			err = fmt.Errorf("timed out after %v", PageTimeout)
		}
		return fmt.Errorf("browser: %s: %w%s", step, err, s.firstConsole())
	}
	if err := chromedp.Listen(s.tctx, s.appEvent); err != nil {
		return fail("opening a tab", err)
	}
	s.collectConsole()
	// Every request the page makes is paused: the app's own origin goes
	// on, the API origin (interception) is answered by the fake server,
	// and anything else is blocked, so nothing but the app's URL and the
	// loopback fake server is reached.
	if _, err := chromedp.Call(s.tctx, fetch.Enable, fetch.EnableParams{
		Patterns: []*fetch.RequestPattern{{URLPattern: "*"}},
	}); err != nil {
		return fail("intercepting the page's requests", err)
	}
	c, cancel := s.bound(octx, PageTimeout)
	defer cancel()
	u := s.pageURL(s.d.app.RequestURI())
	if err := chromedp.Do(c, chromedp.Navigate(u)); err != nil {
		return fail("loading "+u, err)
	}
	return nil
}

// pageURL is the address of a path of the app, on the origin the page uses.
func (s *appSession) pageURL(path string) string {
	if path == "" {
		path = "/"
	}
	return s.base + path
}

// appEvent handles the tab's events on its reader: it hands paused
// requests to a goroutine and cancels requests the page gave up on.
func (s *appSession) appEvent(ev any) {
	switch e := ev.(type) {
	case *fetch.EventRequestPaused:
		if !s.ours(e.Request.URL) {
			s.reqWG.Go(func() { s.pass(e) })
			return
		}
		s.mu.Lock()
		ctx, cancel := context.WithCancel(s.reqCtx)
		if e.NetworkID != "" {
			s.canceled[e.NetworkID] = cancel
		}
		s.mu.Unlock()
		s.reqWG.Go(func() {
			defer cancel()
			s.intercept(ctx, e)
		})
	case *network.EventLoadingFailed:
		s.mu.Lock()
		cancel := s.canceled[e.RequestID]
		delete(s.canceled, e.RequestID)
		s.mu.Unlock()
		if cancel != nil {
			cancel()
		}
	}
}

// ours reports whether a paused request goes to the API origin the
// profile intercepts.
func (s *appSession) ours(u string) bool {
	if s.d.api == nil {
		return false
	}
	api := s.d.api.String()
	return u == api || strings.HasPrefix(u, api+"/") || strings.HasPrefix(u, api+"?")
}

// pass lets a paused request to the page's own origin go on, and blocks
// one to any other origin, with a note in the console evidence.
func (s *appSession) pass(e *fetch.EventRequestPaused) {
	c, cancel := context.WithTimeout(s.tctx, StepTimeout)
	defer cancel()
	if origin(e.Request.URL) == s.base {
		chromedp.Call(c, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: e.RequestID})
		return
	}
	s.note(fmt.Sprintf("authconform: blocked %s %s: a run reaches only the app's URL and the fake auth server", e.Request.Method, e.Request.URL))
	chromedp.Call(c, fetch.FailRequest, fetch.FailRequestParams{RequestID: e.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
}

// origin returns the scheme://host[:port] of a URL ("" when it has none).
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// intercept answers one paused request from the fake server.
func (s *appSession) intercept(ctx context.Context, e *fetch.EventRequestPaused) {
	defer func() {
		s.mu.Lock()
		delete(s.canceled, e.NetworkID)
		s.mu.Unlock()
	}()
	uri := strings.TrimPrefix(e.Request.URL, s.d.api.String())
	if !strings.HasPrefix(uri, "/") {
		uri = "/" + uri
	}
	path, _, _ := strings.Cut(uri, "?")
	h := http.Header{}
	for k, v := range e.Request.Headers {
		h.Set(k, fmt.Sprint(v))
	}
	var body []byte
	for _, p := range e.Request.PostDataEntries {
		body = append(body, p.Bytes...)
	}
	kind := s.track.kind(e.Request.Method, path)
	if kind == kindOther && e.Request.Method != http.MethodOptions {
		kind = kindAPI // everything sent to the API origin is the API's
	}
	a, err := s.fw.forward(ctx, kind, e.Request.Method, path, uri, h, body)
	fctx, cancel := context.WithTimeout(s.tctx, StepTimeout)
	defer cancel()
	if err != nil {
		if ctx.Err() == nil {
			chromedp.Call(fctx, fetch.FailRequest, fetch.FailRequestParams{
				RequestID: e.RequestID, ErrorReason: network.ErrorReasonConnectionClosed})
		}
		return
	}
	var hs []*fetch.HeaderEntry
	for k, vs := range a.header {
		for _, v := range vs {
			hs = append(hs, &fetch.HeaderEntry{Name: k, Value: v})
		}
	}
	chromedp.Call(fctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
		RequestID: e.RequestID, ResponseCode: int64(a.status), ResponseHeaders: hs, Body: a.body})
}

// Issue is not for apps: they fire their own requests (Trigger).
func (s *appSession) Issue(ctx context.Context, c runner.CallSpec, done func(runner.Result)) {
	s.note("authconform: a third-party app cannot make call " + c.ID + " on demand")
}

// Login logs in as the profile says: through the form, or by its script;
// then it waits until the login shows (login.done) and the requests the
// app makes on arrival have settled.
func (s *appSession) Login(ctx context.Context) error {
	lp := s.d.p.Login
	limit := min(LoginTimeout, remainingOr(ctx, LoginTimeout)).Round(100 * time.Millisecond)
	c, cancel := s.bound(ctx, LoginTimeout)
	defer cancel()
	s.track.stop()
	fail := func(step string, err error) error {
		if c.Err() != nil {
			err = fmt.Errorf("timed out after %v", limit)
		}
		return fmt.Errorf("browser: login: %s: %w%s", step, err, s.pageSays(ctx))
	}
	route := lp.Route
	if route == "" {
		route = s.d.app.RequestURI()
	}
	u := s.pageURL(route)
	if err := chromedp.Do(c, chromedp.Navigate(u)); err != nil {
		return fail("loading "+u, err)
	}
	u2 := s.d.p.User
	if lp.Script != "" {
		js := fmt.Sprintf(`(async (username, password) => { %s
		})(%s, %s)`, lp.Script, jsString(u2.Name), jsString(u2.Password))
		if _, err := chromedp.Run(c, chromedp.Evaluate[chromedp.Void](js, chromedp.EvalAwaitPromise)); err != nil {
			return fail("running login.script", err)
		}
	} else {
		sels := make([]string, 0, len(lp.Fill))
		for sel := range lp.Fill {
			sels = append(sels, sel)
		}
		sort.Strings(sels)
		all := `[` + strings.Join(mapStrings(sels, jsString), ",") + `]`
		if err := fresh(func() error {
			_, err := chromedp.Run(c, chromedp.PollFunction[bool](`() => { `+visibleSelJS+`
			return `+all+`.every(visibleSel) || false; }`,
				chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(remaining(c))))
			return err
		}); err != nil {
			dc, dcancel := s.bound(context.WithoutCancel(ctx), time.Second)
			missing, _ := chromedp.Run(dc, chromedp.Evaluate[[]string](`(() => { `+visibleSelJS+`
				return `+all+`.filter(s => !visibleSel(s)); })()`))
			dcancel()
			return fail(fmt.Sprintf("the login form never showed on %s (login.fill: %s not visible)", u, strings.Join(missing, ", ")), err)
		}
		fill := strings.NewReplacer("{{username}}", u2.Name, "{{password}}", u2.Password)
		for _, sel := range sels {
			if err := chromedp.Do(c,
				chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector(`+jsString(sel)+`); e.focus(); if (e.select) e.select(); })()`),
				insertText(fill.Replace(lp.Fill[sel])),
			); err != nil {
				return fail("filling "+sel, err)
			}
		}
		if err := chromedp.Do(c, clickSelector(lp.Submit)); err != nil {
			return fail("clicking login.submit "+lp.Submit, err)
		}
	}
	errSel := lp.Error
	var out string
	err := fresh(func() (err error) {
		out, err = chromedp.Run(c, chromedp.PollFunction[string](`() => { `+visibleSelJS+`
		if (visibleSel(`+jsString(lp.Done)+`)) return "ok";
		const e = `+jsString(errSel)+`;
		if (e && visibleSel(e)) return "error: " + document.querySelector(e).textContent.trim();
		return false; }`, chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(remaining(c))))
		return err
	})
	switch {
	case errors.Is(err, chromedp.ErrPollingTimeout) || (err != nil && c.Err() != nil):
		what := "login.done " + lp.Done + " did not show"
		if errSel != "" {
			what = "neither login.done " + lp.Done + " nor login.error " + errSel + " showed"
		}
		return fmt.Errorf("browser: login: %s within %v: check those selectors, and the user in the profile%s",
			what, limit, s.pageSays(ctx))
	case err != nil:
		return fail("waiting for login.done", err)
	case out != "ok":
		return fmt.Errorf("browser: login: the app showed %q (login.error)", strings.TrimPrefix(out, "error: "))
	}
	// The app may take a moment to render and fetch what it shows on
	// arrival: let that settle, so the burst is the burst alone.
	s.track.arrive()
	s.waitIdle(ctx, loginIdleMax)
	return nil
}

// fresh runs f again while it fails because the page's JavaScript context
// went away under it (a navigation replaced the document): the next try
// runs in the new document.
func fresh(f func() error) error {
	for i := 0; ; i++ {
		err := f()
		if err == nil || i == 4 || !strings.Contains(err.Error(), "Cannot find context with specified id") &&
			!strings.Contains(err.Error(), "Execution context was destroyed") {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitIdle waits, at most max, until the app's requests have settled.
func (s *appSession) waitIdle(ctx context.Context, max time.Duration) {
	end := time.Now().Add(max)
	for time.Now().Before(end) && ctx.Err() == nil {
		if idle, _ := s.track.idle(idleFor); idle {
			return
		}
		time.Sleep(settlePoll)
	}
}

// pageSays describes the page for an error message: where it is and the
// start of its text.
func (s *appSession) pageSays(ctx context.Context) string {
	c, cancel := s.bound(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	type page struct {
		URL  string `json:"url"`
		Text string `json:"text"`
	}
	p, err := chromedp.Run(c, chromedp.Evaluate[page](`({ url: location.href, text: (document.body ? document.body.innerText : "").replace(/\s+/g, " ").trim().slice(0, 160) })`))
	if err != nil {
		return s.firstConsole()
	}
	return fmt.Sprintf("; the page is at %s and shows %q%s", p.URL, p.Text, s.firstConsole())
}

// Trigger makes the app fire its requests: the profile's burst route,
// click or script.
func (s *appSession) Trigger(ctx context.Context, n int, phase conformance.Phase) error {
	b := s.d.p.Burst
	if phase == conformance.PhaseLate {
		s.track.waitSeen(ctx, firstRequestWait)
	}
	s.track.start(n, phase)
	c, cancel := s.bound(ctx, StepTimeout)
	defer cancel()
	var err error
	switch {
	case b.Route != "":
		err = chromedp.Do(c, chromedp.Evaluate[chromedp.Void](`(() => {
			history.pushState(history.state, "", `+jsString(b.Route)+`);
			dispatchEvent(new PopStateEvent("popstate", { state: history.state }));
		})()`))
		if err != nil {
			err = fmt.Errorf("burst.route %s: %w", b.Route, err)
		}
	case b.Click != "":
		if err = chromedp.Do(c, clickSelector(b.Click)); err != nil {
			err = fmt.Errorf("burst.click %s: %w", b.Click, err)
		}
	default:
		if err = chromedp.Do(c, chromedp.Evaluate[chromedp.Void]("void (async () => { "+b.Script+"\n})()")); err != nil {
			err = fmt.Errorf("burst.script: %w", err)
		}
	}
	if err != nil {
		s.track.stop()
		return fmt.Errorf("%w%s", s.explain(c, err), s.pageSays(ctx))
	}
	return nil
}

// appView is what the page says of its own pending work (evidence.pending,
// evidence.busy, evidence.error).
type appView struct {
	Pending int    `json:"pending"`
	Busy    bool   `json:"busy"`
	Error   bool   `json:"error"`
	Problem string `json:"problem"`
}

// view reads the app's view; ok is false when the profile offers none.
func (s *appSession) view(ctx context.Context) (appView, bool) {
	e := s.d.p.Evidence
	if e.Pending == "" && e.Busy == "" && e.Error == "" {
		return appView{}, false
	}
	c, cancel := s.bound(ctx, StepTimeout)
	defer cancel()
	js := `(() => { ` + visibleSelJS + `
		const v = { pending: 0, busy: false, error: false, problem: "" };`
	if e.Pending != "" {
		js += `
		try { const n = Number(` + e.Pending + `); if (Number.isFinite(n)) v.pending = n; else v.problem = "evidence.pending is not a number: " + String(n); }
		catch (err) { v.problem = "evidence.pending threw: " + err; }`
	}
	if e.Busy != "" {
		js += `
		v.busy = visibleSel(` + jsString(e.Busy) + `);`
	}
	if e.Error != "" {
		js += `
		v.error = visibleSel(` + jsString(e.Error) + `);`
	}
	js += `
		return v; })()`
	v, err := chromedp.Run(c, chromedp.Evaluate[appView](js))
	if err != nil {
		v.Problem = "reading the app's evidence: " + err.Error()
	}
	return v, true
}

// waiting reports whether the app says it still waits on requests.
func (s *appSession) waiting(v appView) bool {
	e := s.d.p.Evidence
	return e.Pending != "" && v.Pending > 0 || e.Busy != "" && v.Busy
}

// Settle waits until the network is idle and the app, if it says, has no
// pending work, or until the deadline; then it settles each call from the
// network and, for a call whose last answer was a 401 or a failure it did
// not replay, from the app's view.
func (s *appSession) Settle(ctx context.Context, deadline time.Duration) ([]conformance.Call, time.Duration) {
	now := s.track.now
	var v appView
	hasView, sawWaiting := false, false
	settledAt := deadline
	for {
		idle, last := s.track.idle(idleFor)
		if idle {
			v, hasView = s.view(ctx)
			if !s.waiting(v) {
				// Settled when the network went quiet, or when the app
				// stopped waiting, if it waited past that.
				settledAt = last
				if sawWaiting {
					settledAt = max(last, now()-settlePoll)
				}
				break
			}
			sawWaiting = true
		}
		if now() >= deadline || ctx.Err() != nil {
			v, hasView = s.view(ctx)
			break
		}
		time.Sleep(settlePoll)
	}
	s.track.stop()
	if v.Problem != "" {
		s.note("authconform: " + v.Problem)
	}
	e := s.d.p.Evidence
	var out []conformance.Call
	for _, sc := range s.track.take() {
		c := sc.Call
		if sc.Unresolved && hasView && v.Problem == "" {
			switch {
			case s.waiting(v):
				c.Outcome, c.End = conformance.OutcomePending, 0
				c.Error = "the app still waits on it at the deadline (" + s.waitingWhy(v) + ")"
			case e.Pending != "" || e.Busy != "":
				c.Outcome, c.End = conformance.OutcomeError, max(c.End, settledAt)
				c.Error = "the app settled it: no request is pending (" + s.observedView() + ")"
			case e.Error != "" && v.Error:
				c.Outcome = conformance.OutcomeError
				c.Error = "the app shows an error (evidence.error " + e.Error + ")"
			}
		}
		out = append(out, c)
	}
	return out, settledAt
}

func (s *appSession) waitingWhy(v appView) string {
	e := s.d.p.Evidence
	if e.Pending != "" && v.Pending > 0 {
		return fmt.Sprintf("evidence.pending is %d", v.Pending)
	}
	return "evidence.busy " + e.Busy + " shows"
}

// observedView names the app's evidence the profile offers.
func (s *appSession) observedView() string {
	e := s.d.p.Evidence
	var parts []string
	if e.Pending != "" {
		parts = append(parts, "the app's pending count (evidence.pending)")
	}
	if e.Busy != "" {
		parts = append(parts, "its busy marker (evidence.busy)")
	}
	if e.Error != "" {
		parts = append(parts, "its error marker (evidence.error)")
	}
	return strings.Join(parts, ", ")
}

// Observed says what the calls are read from.
func (s *appSession) Observed() string {
	how := "the network, through the harness's front"
	if s.d.api != nil {
		how = "the network, through the interception of " + s.d.api.String()
	}
	if v := s.observedView(); v != "" {
		how += ", and " + v
	}
	return how
}

// State reads the app's auth state: logged out when the profile's
// logged-out URL or selector shows; its credentials are the storage keys
// the profile names that hold a value, and tokens page scripts can read.
func (s *appSession) State(ctx context.Context) (*conformance.State, error) {
	c, cancel := s.bound(ctx, StepTimeout)
	defer cancel()
	lo := s.d.p.LoggedOut
	keys := `[` + strings.Join(mapStrings(s.d.p.StorageKeys, jsString), ",") + `]`
	js := `(() => { ` + visibleSelJS + `
	const dump = s => { const o = {}; try { for (let i = 0; i < s.length; i++) { const k = s.key(i); o[k] = String(s.getItem(k)); } } catch (e) {} return o; };
	const local = dump(localStorage), session = dump(sessionStorage);
	const held = [];
	for (const k of ` + keys + `) {
		if (local[k]) held.push("token (localStorage: " + k + ")");
		if (session[k]) held.push("token (sessionStorage: " + k + ")");
	}
	const marker = ` + jsString(lo.Selector) + ` ? visibleSel(` + jsString(lo.Selector) + `) : false;
	return { app: { loggedOut: false, credentials: held, logouts: 0 }, appError: "", url: location.href,
		marker, cookie: document.cookie, local, session };
	})()`
	ps, err := chromedp.Run(c, chromedp.Evaluate[pageState](js))
	if err != nil {
		return nil, fmt.Errorf("browser: reading the app's state: %w", s.explain(c, err))
	}
	if lo.URL != "" {
		if re, err := regexp.Compile(lo.URL); err == nil && re.MatchString(ps.URL) {
			ps.Marker = true
		}
	}
	ps.App.LoggedOut = ps.Marker
	urls := s.cookieURLs()
	if s.front != nil {
		urls = append(urls, s.front.origin+"/")
	}
	cookies, err := chromedp.Call(c, network.GetCookies, network.GetCookiesParams{URLs: urls})
	if err != nil {
		return nil, fmt.Errorf("browser: reading the cookies: %w", s.explain(c, err))
	}
	return s.buildState(ps, cookies.Cookies), nil
}

// Close closes the tab, the interception's requests and the front.
func (s *appSession) Close() error {
	err := s.session.Close()
	if s.reqStop != nil {
		s.reqStop()
	}
	s.reqWG.Wait()
	if s.front != nil {
		if ferr := s.front.close(); ferr != nil && err == nil {
			err = ferr
		}
	}
	return err
}

// visibleSelJS declares visibleSel(selector), true when an element matches
// and is rendered; a selector that does not parse matches nothing.
const visibleSelJS = `const visibleSel = s => { let e = null; try { e = document.querySelector(s); } catch (err) {} return !!e && e.checkVisibility(); };
`

// clickSelector clicks the middle of the first element matching the CSS
// selector, with the mouse.
func clickSelector(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		type point struct {
			X float64 `json:"x"`
			Y float64 `json:"y"`
		}
		p, err := chromedp.Evaluate[*point](`(() => {
			let e = null; try { e = document.querySelector(`+jsString(sel)+`); } catch (err) {}
			if (!e || !e.checkVisibility()) return null;
			e.scrollIntoView({ block: "center", inline: "center" });
			const r = e.getBoundingClientRect();
			return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
		})()`)(ctx, t)
		if p == nil || errors.Is(err, chromedp.ErrJSNull) {
			return errors.New("no visible element matches it")
		}
		if err != nil {
			return err
		}
		_, err = chromedp.MouseClickXY(p.X, p.Y)(ctx, t)
		return err
	})
}

func mapStrings(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}
