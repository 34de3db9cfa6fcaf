package profile

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/authconform/authconform/fakeauth"
)

// Validate reports every problem of the profile: an *Error, or several
// joined with errors.Join, or nil. It checks what the YAML decoder cannot:
// required fields, the forms of URLs, paths and names, and fields that only
// make sense together. It works on a profile as written and on one with
// defaults (WithDefaults) alike; a profile it accepts gives a Contract that
// fakeauth accepts.
func (p Profile) Validate() error { return join(p.problems()) }

// problems lists the profile's problems in field order, each with Field
// set and File and Line left for the loader to fill in.
func (p Profile) problems() []*Error {
	v := validator{d: p.WithDefaults()}
	v.version(p.Version)
	v.app(p.App)
	v.auth(p.Auth, p.App)
	v.api(p.API)
	v.login(p.Login)
	v.burst(p.Burst)
	v.loggedOut(p.LoggedOut)
	v.storageKeys(p.StorageKeys)
	return v.probs
}

type validator struct {
	d     Profile // the profile with defaults
	probs []*Error
}

func (v *validator) add(f path, format string, args ...any) {
	v.addAt(f, f, format, args...)
}

// addAt adds a problem of the field f found at the line of the field at:
// a missing field has no line of its own.
func (v *validator) addAt(f, at path, format string, args ...any) {
	v.probs = append(v.probs, &Error{Field: f.String(), Msg: fmt.Sprintf(format, args...), at: at})
}

func (v *validator) version(n int) {
	switch n {
	case Version:
	case 0:
		v.add(fields("version"), "required; want 1 (this authconform reads profile version 1)")
	default:
		v.add(fields("version"), "want 1 (this authconform reads profile version 1)")
	}
}

func (v *validator) app(a App) {
	f := fields("app")
	switch u, err := url.Parse(a.URL); {
	case a.URL == "":
		v.addAt(f.key("url"), f, "required: the address the app is served at, like http://localhost:5173/")
	case err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.Opaque != "" ||
		strings.ContainsAny(a.URL, " \t\r\n"):
		v.add(f.key("url"), "%s is not an absolute http or https URL with a host, like http://localhost:5173/", quote(a.URL))
	}
	switch a.Mode {
	case "", ModeFronting:
		if a.APIOrigin != "" {
			v.add(f.key("api_origin"), "not allowed with mode: fronting, where the app's auth and API requests go to the origin the harness serves: remove it, or set mode: interception")
		}
		return
	case ModeInterception:
	default:
		v.add(f.key("mode"), "%s: want fronting (the default) or interception", quote(a.Mode))
	}
	switch {
	case a.APIOrigin == "" && a.Mode == ModeInterception:
		v.addAt(f.key("api_origin"), f.key("mode"), "required with mode: interception: the origin the app sends its auth and API requests to, like http://localhost:8787")
	case a.APIOrigin != "" && !isOrigin(a.APIOrigin):
		v.add(f.key("api_origin"), "%s is not an origin (want scheme://host[:port], like http://localhost:8787)", quote(a.APIOrigin))
	}
}

// isOrigin reports whether s is scheme://host[:port], with an optional
// trailing slash.
func isOrigin(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		(u.Path == "" || u.Path == "/") && u.RawPath == "" && u.User == nil &&
		u.RawQuery == "" && !u.ForceQuery && u.Fragment == "" && !strings.Contains(s, "#") &&
		!strings.ContainsAny(s, " \t\r\n")
}

func (v *validator) auth(a Auth, app App) {
	f := fields("auth")
	switch a.Style {
	case "":
		v.addAt(f.key("style"), f, "required: cookie (httpOnly cookies the browser sends back) or bearer (tokens in JSON bodies, the access token in a header)")
	case string(fakeauth.StyleCookie):
		if app.Mode == ModeInterception {
			v.add(f.key("style"), "cookie style needs mode: fronting (a same-site origin); interception fulfils requests from another origin, whose cookies the browser keeps apart")
		}
	case string(fakeauth.StyleBearer):
	default:
		v.add(f.key("style"), "%s: want cookie or bearer", quote(a.Style))
	}
	v.endpoints(a, f)
	if p := a.APIPrefix; p != "" {
		pf := f.key("api_prefix")
		switch {
		case p == "/":
			v.add(pf, `"/" would make every path an API route, the auth paths too: want a prefix like /api/`)
		case !strings.HasPrefix(p, "/") || !strings.HasSuffix(p, "/"):
			v.add(pf, "%s must start and end with /, like /api/", quote(p))
		default:
			v.path(pf, p)
		}
	}
	v.names(a, f)
}

var (
	methods   = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	endpoints = []string{"login", "refresh", "logout"}
)

func (v *validator) endpoints(a Auth, f path) {
	set := []Endpoint{a.Login, a.Refresh, a.Logout}
	def := []Endpoint{v.d.Auth.Login, v.d.Auth.Refresh, v.d.Auth.Logout}
	for i, ep := range set {
		ef := f.key(endpoints[i])
		if ep.Path != "" {
			v.path(ef.key("path"), ep.Path)
		}
		if ep.Method != "" && !contains(methods, strings.ToUpper(ep.Method)) {
			v.add(ef.key("method"), "%s: want GET, POST, PUT, PATCH or DELETE", quote(ep.Method))
		}
		if ep.Path == "" {
			continue
		}
		if ep.Path == fakeauth.DefaultContract.MePath {
			v.add(ef.key("path"), "%s is where the fake server answers who is logged in: want another path", quote(ep.Path))
			continue
		}
		for j := range i {
			if def[j].Path == ep.Path {
				how := ""
				if set[j].Path == "" {
					how = " (its default)"
				}
				v.add(ef.key("path"), "%s is also auth.%s.path%s: the fake server tells the login, refresh and logout endpoints apart by path alone",
					quote(ep.Path), endpoints[j], how)
				break
			}
		}
		for j := i + 1; j < len(set); j++ {
			if set[j].Path == "" && def[j].Path == ep.Path {
				v.add(ef.key("path"), "%s is the default of auth.%s.path: set that one too, as the fake server tells the login, refresh and logout endpoints apart by path alone",
					quote(ep.Path), endpoints[j])
			}
		}
	}
}

// path checks a path the fake server answers.
func (v *validator) path(f path, p string) {
	switch {
	case !strings.HasPrefix(p, "/"):
		v.add(f, "%s must start with /", quote(p))
	case strings.ContainsAny(p, " \t\r\n?#"):
		v.add(f, "%s must be a plain path, without spaces, query or fragment", quote(p))
	case strings.HasPrefix(p, fakeauth.ControlPrefix):
		v.add(f, "%s lies under %s, which the fake server keeps for its control API", quote(p), fakeauth.ControlPrefix)
	}
}

// names checks the cookie and header names.
func (v *validator) names(a Auth, f path) {
	for _, c := range []struct{ name, value string }{{"access", a.Cookies.Access}, {"refresh", a.Cookies.Refresh}} {
		if c.value != "" && !isToken(c.value) {
			v.add(f.key("cookies").key(c.name), "%s is not a cookie name (letters, digits and !#$%%&'*+-.^_`|~ only)", quote(c.value))
		}
	}
	if c := v.d.Auth.Cookies; c.Access == c.Refresh && a.Cookies.Refresh != "" {
		v.add(f.key("cookies").key("refresh"), "%s is also the access cookie's name: the two cookies need names of their own", quote(c.Refresh))
	} else if c.Access == c.Refresh {
		v.add(f.key("cookies").key("access"), "%s is also the refresh cookie's name: the two cookies need names of their own", quote(c.Access))
	}
	if p := a.Cookies.RefreshPath; p != "" {
		v.path(f.key("cookies").key("refresh_path"), p)
	}
	if h := a.AccessHeader; h != "" && !isToken(h) {
		v.add(f.key("access_header"), "%s is not a header name (like Authorization or X-Access-Token)", quote(h))
	}
	if s := a.AccessScheme; s != "" && !isToken(s) {
		v.add(f.key("access_scheme"), "%s is not an auth scheme: one word, like Bearer or Token", quote(s))
	}
}

// isToken reports whether s is an HTTP token (RFC 9110), the form of header
// and cookie names.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			return false
		}
	}
	return true
}

func (v *validator) api(bodies map[string]json.RawMessage) {
	prefix := v.d.Auth.APIPrefix
	for _, k := range sortedKeys(bodies) {
		f := fields("api").key(k)
		switch {
		case !strings.HasPrefix(k, "/"):
			v.add(f, "the key must be a path starting with /, like /api/items")
		case strings.ContainsAny(k, " \t\r\n?#"):
			v.add(f, "the key must be a plain path, without spaces, query or fragment")
		case strings.HasPrefix(prefix, "/") && !strings.HasPrefix(k, prefix):
			v.add(f, "%s is not under the API prefix %s (auth.api_prefix), so the fake server never answers it: move it, or change the prefix", quote(k), prefix)
		case !json.Valid(bodies[k]):
			v.add(f, "not valid JSON")
		}
	}
}

// placeholder matches what Fill replaces and what looks like it.
var placeholder = regexp.MustCompile(`\{\{[^{}]*\}\}`)

func (v *validator) login(l Login) {
	f := fields("login")
	script, fill := strings.TrimSpace(l.Script) != "", l.Fill != nil
	switch {
	case script && fill:
		v.add(f.key("script"), "set together with login.fill: log in through the form (fill and submit) or by script, not both")
	case !script && !fill:
		v.add(f, "want fill and submit (log in through the app's form) or script (log in by JavaScript)")
	case fill && len(l.Fill) == 0:
		v.add(f.key("fill"), `empty: want CSS selectors mapped to the text typed into them, like "#username": "{{username}}"`)
	}
	switch {
	case fill && !script && strings.TrimSpace(l.Submit) == "":
		v.addAt(f.key("submit"), f.key("fill"), "required with login.fill")
	case script && !fill && l.Submit != "":
		v.add(f.key("submit"), "only used with login.fill (the script logs in by itself): remove it")
	}
	for _, sel := range sortedKeys(l.Fill) {
		if strings.TrimSpace(sel) == "" {
			v.add(f.key("fill").key(sel), "the key must be a CSS selector")
			continue
		}
		for _, ph := range placeholder.FindAllString(l.Fill[sel], -1) {
			if ph != "{{username}}" && ph != "{{password}}" {
				v.add(f.key("fill").key(sel), "unknown placeholder %s (want {{username}} or {{password}})", quote(ph))
			}
		}
	}
	if strings.TrimSpace(l.Done) == "" {
		v.addAt(f.key("done"), f, "required: a CSS selector that shows once the app is logged in, like #dashboard")
	}
	if l.Route != "" {
		v.route(f.key("route"), l.Route)
	}
}

func (v *validator) route(f path, r string) {
	if !strings.HasPrefix(r, "/") {
		v.add(f, "%s must start with / (a path on the app, like /login)", quote(r))
	}
}

func (v *validator) burst(t Trigger) {
	f := fields("burst")
	var set []string
	for _, kv := range [][2]string{{"route", t.Route}, {"click", t.Click}, {"script", t.Script}} {
		if strings.TrimSpace(kv[1]) == "" {
			continue
		}
		set = append(set, kv[0])
		if len(set) > 1 {
			v.add(f.key(kv[0]), "set together with burst.%s: want exactly one of route, click or script", set[0])
		}
	}
	if len(set) == 0 {
		v.add(f, "want one of route (a path to open), click (a CSS selector) or script (JavaScript): what makes the app fire its API calls")
	}
	if t.Route != "" {
		v.route(f.key("route"), t.Route)
	}
}

func (v *validator) loggedOut(lo LoggedOut) {
	f := fields("logged_out")
	if strings.TrimSpace(lo.URL) == "" && strings.TrimSpace(lo.Selector) == "" {
		v.add(f, "want url (a regular expression the page's URL matches), selector (a CSS selector that shows), or both")
	}
	if lo.URL != "" {
		if _, err := regexp.Compile(lo.URL); err != nil {
			v.add(f.key("url"), "%s is not a regular expression: %s", quote(lo.URL), strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
	}
}

func (v *validator) storageKeys(keys []string) {
	seen := map[string]int{}
	for i, k := range keys {
		f := fields("storage_keys").at(i)
		if strings.TrimSpace(k) == "" {
			v.add(f, "empty: want the name of a localStorage or sessionStorage key")
			continue
		}
		if first, dup := seen[k]; dup {
			v.add(f, "%s is listed twice (also storage_keys[%d])", quote(k), first)
			continue
		}
		seen[k] = i
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
