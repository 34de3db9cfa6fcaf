package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/authconform/authconform/runner"
)

// doneBinding is the function the page calls when a request settles.
const doneBinding = "__authconformDone"

// maxConsole bounds the console lines a session keeps; the rest are counted.
const maxConsole = 200

// session is one app in one tab during one run.
type session struct {
	env     runner.Env
	bctx    context.Context // the browser's
	tctx    context.Context // the tab's chromedp context
	tcancel context.CancelFunc
	wg      sync.WaitGroup // the console reader

	mu       sync.Mutex
	pending  map[string]func(runner.Result)
	console  []string
	dropped  int
	closed   bool
	closeErr error
	once     sync.Once
}

func newSession(env runner.Env) *session {
	return &session{env: env, pending: map[string]func(runner.Result){}}
}

// open makes the tab, binds the done function, starts collecting the
// console, loads the page and waits for the app to be ready.
func (s *session) open(ctx context.Context, bctx context.Context, pageURL, variant string) error {
	s.bctx = bctx
	s.tctx, s.tcancel = chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	// The tab's first action ties the tab's life to the context it runs
	// on, so it runs on the tab's own context, and an overdue or canceled
	// start cancels the whole tab instead.
	octx, ocancel := context.WithTimeout(ctx, PageTimeout)
	defer ocancel()
	stop := context.AfterFunc(octx, s.tcancel)
	defer stop()
	overdue := func(step string, err error) error {
		if octx.Err() != nil {
			err = octx.Err()
			if ctx.Err() == nil {
				err = fmt.Errorf("timed out after %v", PageTimeout)
			}
		}
		return fmt.Errorf("browser: %s: %w%s", step, err, s.firstConsole())
	}

	if _, err := chromedp.Call(s.tctx, runtime.AddBinding, runtime.AddBindingParams{Name: doneBinding}); err != nil {
		return overdue("opening a tab", err)
	}
	if err := chromedp.Listen(s.tctx, s.event); err != nil {
		return overdue("listening to the tab", err)
	}
	s.collectConsole()

	c, cancel := s.bound(octx, PageTimeout)
	defer cancel()
	if err := chromedp.Do(c, chromedp.Navigate(pageURL)); err != nil {
		return overdue("loading "+pageURL, err)
	}
	// An app that cannot start says why in window.__authconform.error.
	ready, err := chromedp.Run(c, chromedp.Poll[string](`window.__authconform?.ready === true
		? "ok " + String(window.__authconform.variant ?? "")
		: window.__authconform?.error ? "error " + window.__authconform.error : false`,
		chromedp.WithPollingTimeout(remaining(c))))
	outcome, detail, _ := strings.Cut(ready, " ")
	switch {
	case errors.Is(err, chromedp.ErrPollingTimeout):
		err = errors.New("it never became true (is this an authconform web app?)")
	case err == nil && outcome != "ok":
		err = errors.New("the app cannot start: " + detail)
	}
	if err != nil {
		return overdue("waiting for window.__authconform.ready on "+pageURL, err)
	}
	if !sameVariant(detail, variant) {
		return fmt.Errorf("browser: the app runs variant %q; want %q", detail, variant)
	}
	return nil
}

// sameVariant reports whether the variant an app reports is the one asked
// for; "" and "reference" both name the reference.
func sameVariant(got, want string) bool {
	norm := func(v string) string {
		if v == "" {
			return "reference"
		}
		return strings.ToLower(v)
	}
	return norm(got) == norm(want)
}

// bound returns a context of the tab that also ends with ctx and after d.
func (s *session) bound(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	c, cancel := context.WithTimeout(s.tctx, d)
	stop := context.AfterFunc(ctx, cancel)
	return c, func() { stop(); cancel() }
}

// remaining returns the time left before ctx's deadline.
func remaining(ctx context.Context) time.Duration {
	if dl, ok := ctx.Deadline(); ok {
		return max(time.Until(dl), time.Millisecond)
	}
	return PageTimeout
}

// Issue asks the app to make the request (its method goes as request's
// third argument, which an app may ignore); done is called from the
// binding when the app reports that the request settled. A call the app
// does not take stays pending, with a note in the console evidence.
func (s *session) Issue(ctx context.Context, c runner.CallSpec, done func(runner.Result)) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.pending[c.ID] = done
	s.mu.Unlock()

	ec, cancel := s.bound(ctx, StepTimeout)
	defer cancel()
	method := c.Method
	if method == "" {
		method = "GET"
	}
	expr := fmt.Sprintf(`void window.__authconform.request(%s, %s, %s)`, jsString(c.ID), jsString(c.Path), jsString(method))
	if _, err := chromedp.Run(ec, chromedp.Evaluate[chromedp.Void](expr)); err != nil {
		s.mu.Lock()
		delete(s.pending, c.ID)
		s.mu.Unlock()
		s.note(fmt.Sprintf("authconform: the app did not take call %s: %v", c.ID, s.explain(ec, err)))
	}
}

// IssueAll starts every call in one evaluation, so a burst leaves the page
// together however loaded the machine is.
func (s *session) IssueAll(ctx context.Context, calls []runner.CallSpec, done func(string, runner.Result)) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	var js strings.Builder
	for _, c := range calls {
		s.pending[c.ID] = func(res runner.Result) { done(c.ID, res) }
		method := c.Method
		if method == "" {
			method = "GET"
		}
		fmt.Fprintf(&js, "window.__authconform.request(%s, %s, %s);", jsString(c.ID), jsString(c.Path), jsString(method))
	}
	s.mu.Unlock()

	ec, cancel := s.bound(ctx, StepTimeout)
	defer cancel()
	if _, err := chromedp.Run(ec, chromedp.Evaluate[chromedp.Void]("void (() => {"+js.String()+"})()")); err != nil {
		s.mu.Lock()
		for _, c := range calls {
			delete(s.pending, c.ID)
		}
		s.mu.Unlock()
		s.note(fmt.Sprintf("authconform: the app did not take calls %d..: %v", len(calls), s.explain(ec, err)))
	}
}

// event handles the tab's events; it runs on the tab's reader, so it only
// hands results over.
func (s *session) event(ev any) {
	e, ok := ev.(*runtime.EventBindingCalled)
	if !ok || e.Name != doneBinding {
		return
	}
	var p struct {
		ID      string `json:"id"`
		Outcome string `json:"outcome"`
		Status  int    `json:"status"`
		Error   string `json:"error"`
	}
	if err := json.Unmarshal([]byte(e.Payload), &p); err != nil {
		s.note(fmt.Sprintf("authconform: the app reported a call in a bad format: %v: %.200q", err, e.Payload))
		return
	}
	s.mu.Lock()
	done := s.pending[p.ID]
	delete(s.pending, p.ID)
	s.mu.Unlock()
	if done == nil {
		return // not ours, or reported twice: the first report stands
	}
	res := runner.Result{Status: p.Status}
	if p.Outcome != "ok" {
		msg := p.Error
		if msg == "" {
			msg = "the request failed (" + p.Outcome + ")"
		}
		res.Err = errors.New(msg)
	}
	done(res)
}

// collectConsole starts reading the tab's console into the evidence,
// until the tab closes.
func (s *session) collectConsole() {
	msgs := chromedp.Console(s.tctx)
	s.wg.Go(func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			s.consoleMessage(m)
		}
	})
}

// consoleMessage keeps console errors and uncaught exceptions. Failed
// resource loads (every 401 logs one) are the requests themselves, already
// in the journal, so they are left out.
func (s *session) consoleMessage(m chromedp.ConsoleMessage) {
	if !m.IsException() && (m.Type != chromedp.ConsoleError || m.Source == "network") {
		return
	}
	s.note(m.String())
}

// note adds a line to the console evidence.
func (s *session) note(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.console) >= maxConsole {
		s.dropped++
		return
	}
	s.console = append(s.console, line)
}

// Console returns the console errors, uncaught exceptions and unhandled
// rejections the page produced, and the driver's own notes.
func (s *session) Console() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]string(nil), s.console...)
	if s.dropped > 0 {
		out = append(out, fmt.Sprintf("authconform: %d more console lines not kept", s.dropped))
	}
	return out
}

// firstConsole returns the first console line as the end of an error
// message, or "".
func (s *session) firstConsole() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.console) == 0 {
		return ""
	}
	return "; the page logged: " + s.console[0]
}

// Close closes the tab and disposes of its browser context. Requests the app
// never settled are dropped. It is idempotent.
func (s *session) Close() error {
	s.once.Do(func() {
		s.mu.Lock()
		s.closed = true
		clear(s.pending)
		s.mu.Unlock()
		if s.tctx == nil {
			return
		}
		err := chromedp.Cancel(s.tctx)
		s.wg.Wait()
		// With the browser gone, its tabs are gone too.
		if err != nil && !errors.Is(err, context.Canceled) && s.bctx.Err() == nil {
			s.closeErr = fmt.Errorf("browser: closing the tab: %w", err)
		}
	})
	return s.closeErr
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// explain turns a step's context error into a timeout message.
func (s *session) explain(c context.Context, err error) error {
	if c.Err() != nil {
		return fmt.Errorf("timed out (%w)", err)
	}
	return err
}
