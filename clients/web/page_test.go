package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/authconform/authconform/fakeauth"
)

// countEventually waits a little for n journal entries of kind (the logout
// is sent in the background) and returns how many there are.
func countEventually(srv *fakeauth.Server, kind fakeauth.Kind, n int) int {
	deadline := time.Now().Add(2 * time.Second)
	for {
		got := srv.Journal().Snapshot().Count(kind)
		if got >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// result is what the app passes to __authconformDone.
type result struct {
	ID      string `json:"id"`
	Outcome string `json:"outcome"`
	Status  int    `json:"status"`
	Error   string `json:"error"`
}

// page drives one tab of the app.
type page struct {
	t   *testing.T
	ctx context.Context
	mu  sync.Mutex
	// done delivers each call's result by its id.
	done map[string]chan result
}

func (p *page) ch(id string) chan result {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.done[id]
	if !ok {
		c = make(chan result, 1)
		p.done[id] = c
	}
	return c
}

// listen delivers the binding's calls.
func (p *page) listen(tctx context.Context) {
	err := chromedp.Listen(tctx, func(ev any) {
		e, ok := ev.(*runtime.EventBindingCalled)
		if !ok || e.Name != "__authconformDone" {
			return
		}
		var r result
		if err := json.Unmarshal([]byte(e.Payload), &r); err != nil {
			p.t.Errorf("__authconformDone(%q): %v", e.Payload, err)
			return
		}
		select {
		case p.ch(r.ID) <- r:
		default:
			p.t.Errorf("call %s settled twice", r.ID)
		}
	})
	if err != nil {
		p.t.Fatal(err)
	}
}

func (p *page) do(a chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, a); err != nil {
		p.t.Fatal(err)
	}
}

func (p *page) eval(js string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// fill types into the login form and submits it.
func (p *page) fill(user, password string) {
	p.t.Helper()
	p.do(chromedp.Evaluate[chromedp.Void](`for (const id of ["username", "password"]) document.getElementById(id).value = ""`))
	p.do(chromedp.SendKeys(chromedp.ID("username"), user))
	p.do(chromedp.SendKeys(chromedp.ID("password"), password))
	p.do(chromedp.Click(chromedp.ID("login-button")))
}

func (p *page) login(user, password string) {
	p.t.Helper()
	p.fill(user, password)
	p.do(chromedp.WaitVisible(chromedp.ID("dashboard")))
	p.wantView("dashboard")
}

// request issues a request through the hook and waits for it to settle.
func (p *page) request(id, path string) result {
	p.t.Helper()
	c := p.ch(id)
	p.do(chromedp.Evaluate[chromedp.Void](fmt.Sprintf("__authconform.request(%q, %q)", id, path)))
	select {
	case r := <-c:
		return r
	case <-p.ctx.Done():
		p.t.Fatalf("call %s never settled: %v", id, p.ctx.Err())
	}
	return result{}
}

// wantView checks that exactly the view is visible.
func (p *page) wantView(view string) {
	p.t.Helper()
	got := p.eval(`["login", "dashboard", "logged-out"].filter(id => !document.getElementById(id).hidden).join(" ")`)
	if got != view {
		p.t.Errorf("visible views %q; want exactly %q", got, view)
	}
}

func (p *page) wantState(loggedOut bool, creds string, logouts int) {
	p.t.Helper()
	got := p.eval(`JSON.stringify(__authconform.state())`)
	var st struct {
		LoggedOut   bool     `json:"loggedOut"`
		Credentials []string `json:"credentials"`
		Logouts     int      `json:"logouts"`
	}
	if err := json.Unmarshal([]byte(got), &st); err != nil {
		p.t.Fatalf("state() = %s: %v", got, err)
	}
	c, _ := json.Marshal(st.Credentials)
	if st.Credentials == nil {
		c = []byte("[]")
	}
	if st.LoggedOut != loggedOut || string(c) != creds || st.Logouts != logouts {
		p.t.Errorf("state() = %s; want loggedOut %v, credentials %s, logouts %d", got, loggedOut, creds, logouts)
	}
}

// foreignServer is a server of another origin ("localhost", where the app
// and the API are on 127.0.0.1) that records the credentials it receives.
type foreignServer struct {
	url  string
	mu   sync.Mutex
	seen []string
}

func newForeign(t *testing.T) *foreignServer {
	f := &foreignServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); o != "" {
			w.Header().Set("Access-Control-Allow-Origin", o)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
		}
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Headers", r.Header.Get("Access-Control-Request-Headers"))
			w.WriteHeader(http.StatusNoContent)
			return
		}
		var cookies []string
		for _, c := range r.Cookies() {
			cookies = append(cookies, c.Name)
		}
		f.mu.Lock()
		f.seen = append(f.seen, fmt.Sprintf("authorization=[%s] cookies=%v", r.Header.Get("Authorization"), cookies))
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"ok":true}`)
	}))
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	f.url = "http://localhost:" + port + "/elsewhere"
	return f
}

func (f *foreignServer) last() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.seen) == 0 {
		return "nothing"
	}
	return f.seen[len(f.seen)-1]
}
