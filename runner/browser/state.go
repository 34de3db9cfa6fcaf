package browser

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/authconform/authconform/conformance"
)

// visibleJS declares visible(id), true when the element exists and is
// rendered; it goes at the start of a function body.
const visibleJS = `const visible = id => { const e = document.getElementById(id); return !!e && e.checkVisibility(); };
`

// stateJS reads what the page holds: the app's own account of its state,
// the logged-out marker, and everything page scripts can read.
const stateJS = `(() => {
	` + visibleJS + `
	const dump = s => { const o = {}; try { for (let i = 0; i < s.length; i++) { const k = s.key(i); o[k] = String(s.getItem(k)); } } catch (e) {} return o; };
	const a = window.__authconform;
	let app = null, appError = "";
	try {
		const st = a && typeof a.state === "function" ? a.state() : null;
		if (st) app = { loggedOut: !!st.loggedOut, credentials: (st.credentials || []).map(String), logouts: Number(st.logouts) || 0 };
		else appError = "window.__authconform.state() is missing or returned nothing";
	} catch (e) { appError = "window.__authconform.state() threw: " + e; }
	return { app, appError, url: location.href, marker: visible("logged-out"),
		cookie: document.cookie, local: dump(localStorage), session: dump(sessionStorage) };
})()`

// pageState is what stateJS returns.
type pageState struct {
	App *struct {
		LoggedOut   bool     `json:"loggedOut"`
		Credentials []string `json:"credentials"`
		Logouts     int      `json:"logouts"`
	} `json:"app"`
	AppError string            `json:"appError"`
	URL      string            `json:"url"`
	Marker   bool              `json:"marker"`
	Cookie   string            `json:"cookie"`
	Local    map[string]string `json:"local"`
	Session  map[string]string `json:"session"`
}

// State reads the app's auth state. The app is logged out when it says so
// and shows its logged-out view. Its credentials are those it lists, plus
// credentials in cookies page scripts can read; httpOnly cookies are the
// browser's, which no page script can clear, so they do not count.
func (s *session) State(ctx context.Context) (*conformance.State, error) {
	c, cancel := s.bound(ctx, StepTimeout)
	defer cancel()
	ps, err := chromedp.Run(c, chromedp.Evaluate[pageState](stateJS))
	if err != nil {
		return nil, fmt.Errorf("browser: reading the app's state: %w", s.explain(c, err))
	}
	cookies, err := chromedp.Call(c, network.GetCookies, network.GetCookiesParams{URLs: s.cookieURLs()})
	if err != nil {
		return nil, fmt.Errorf("browser: reading the cookies: %w", s.explain(c, err))
	}
	st := s.buildState(ps, cookies.Cookies)
	if ps.App == nil {
		return st, errors.New("browser: " + ps.AppError)
	}
	return st, nil
}

// buildState turns what the page and the browser hold into evidence.
func (s *session) buildState(ps pageState, cookies []*network.Cookie) *conformance.State {
	st := &conformance.State{URL: ps.URL, LoggedOutMarker: ps.Marker}
	if ps.App != nil {
		st.LoggedOut = ps.App.LoggedOut && ps.Marker
		st.Logouts = ps.App.Logouts
		st.Credentials = append(st.Credentials, ps.App.Credentials...)
	}
	var tokens []string
	if s.env.RefreshTokens != nil {
		tokens = s.env.RefreshTokens()
	}
	isToken := func(v string) bool {
		return v != "" && slices.ContainsFunc(tokens, func(t string) bool { return t != "" && strings.Contains(v, t) })
	}
	listed := func(where string) bool {
		return slices.ContainsFunc(st.Credentials, func(c string) bool { return strings.Contains(c, where) })
	}
	ct := s.env.Contract
	seen := map[string]bool{}
	for _, c := range cookies {
		if c.HTTPOnly || seen[c.Name] {
			continue
		}
		seen[c.Name] = true
		where := "cookie: " + c.Name
		switch {
		case listed(where):
		case c.Name == ct.RefreshCookie || isToken(c.Value):
			st.Credentials = append(st.Credentials, "refresh ("+where+")")
		case c.Name == ct.AccessCookie:
			st.Credentials = append(st.Credentials, "access ("+where+")")
		}
	}
	for _, store := range []struct {
		name string
		kv   map[string]string
	}{{"localStorage", ps.Local}, {"sessionStorage", ps.Session}} {
		for _, k := range sortedKeys(store.kv) {
			where := store.name + ": " + k
			if isToken(store.kv[k]) && !listed(where) {
				st.Credentials = append(st.Credentials, "refresh ("+where+")")
			}
		}
	}
	readable := isToken(ps.Cookie)
	for _, kv := range []map[string]string{ps.Local, ps.Session} {
		for _, v := range kv {
			readable = readable || isToken(v)
		}
	}
	st.RefreshReadable = &readable
	return st
}

// cookieURLs are the server URLs whose cookies the state reads: every path
// the contract's cookies may be scoped to.
func (s *session) cookieURLs() []string {
	ct := s.env.Contract
	var out []string
	for _, p := range []string{"/", ct.RefreshCookiePath, ct.LoginPath, ct.RefreshPath, ct.LogoutPath, ct.APIPrefix} {
		if p == "" {
			continue
		}
		if u := s.env.ServerURL + p; !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
