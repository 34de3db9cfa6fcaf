package profile

import "encoding/json"

// Version is the profile format this package reads.
const Version = 1

// Modes: how the app's auth and API requests reach the fake auth server.
const (
	// ModeFronting: the harness serves a same-site origin that answers the
	// auth paths and the API prefix from fakeauth and passes everything
	// else to the app URL; the browser sees one origin.
	ModeFronting = "fronting"
	// ModeInterception: the browser loads the app from its own URL and the
	// DevTools protocol's Fetch domain fulfils the app's requests to
	// app.api_origin from fakeauth, CORS preflights included.
	ModeInterception = "interception"
)

// Profile describes a third-party web app to the "app:<url>" target: where it
// is, the auth contract it speaks, how to log in, what makes it fire a burst
// of API calls and how its logged-out state shows. A profile is read from
// YAML (Parse, Load); the zero value of every optional field means its
// default, which fits the reference web app.
type Profile struct {
	// Source is the file the profile was read from ("" when built in Go).
	Source string `yaml:"-" json:"-"`
	// Version must be 1.
	Version int `yaml:"version" json:"version"`
	// App says where the app is and how its requests reach fakeauth.
	App App `yaml:"app" json:"app"`
	// Auth is the app's auth contract.
	Auth Auth `yaml:"auth" json:"auth"`
	// User is the account the harness creates on the fake server and logs
	// in with. Default alice / wonderland.
	User User `yaml:"user" json:"user"`
	// API holds canned JSON bodies for the app's API routes, by path
	// (e.g. /api/items), so its pages render; other API routes answer
	// {"ok": true, ...}.
	API map[string]json.RawMessage `yaml:"api" json:"api,omitempty"`
	// Login says how to log in.
	Login Login `yaml:"login" json:"login"`
	// Burst says what makes the app fire its API calls; it is run once for
	// the burst, once more for late calls and once per later action.
	Burst Trigger `yaml:"burst" json:"burst"`
	// LoggedOut says how the logged-out state shows; at least one of its
	// fields is required.
	LoggedOut LoggedOut `yaml:"logged_out" json:"logged_out"`
	// StorageKeys are localStorage or sessionStorage keys that hold tokens;
	// any that still holds a value after a terminal failure is a
	// credential the app kept.
	StorageKeys []string `yaml:"storage_keys" json:"storage_keys,omitempty"`
	// Evidence is what the app offers about its own view of its requests.
	Evidence Evidence `yaml:"evidence" json:"evidence"`
}

// App is where the app is served and how its requests reach fakeauth.
type App struct {
	// URL is the app's address (required): http or https, host and port,
	// and the path to open, e.g. http://localhost:5173/. The target's
	// app:<url> overrides it when given.
	URL string `yaml:"url" json:"url"`
	// Mode is fronting (default) or interception.
	Mode string `yaml:"mode" json:"mode,omitempty"`
	// APIOrigin is the origin the app sends its auth and API requests to,
	// e.g. http://localhost:8787: required with interception (every request
	// to it is fulfilled from fakeauth), not allowed with fronting.
	APIOrigin string `yaml:"api_origin" json:"api_origin,omitempty"`
}

// Auth is the app's auth contract; empty fields take fakeauth's defaults
// (fakeauth.DefaultContract).
type Auth struct {
	// Style is cookie (httpOnly cookies the browser sends back) or bearer
	// (tokens in JSON bodies, the access token in a header). Required.
	Style string `yaml:"style" json:"style"`
	// Login, Refresh and Logout are the auth endpoints: path and method
	// (default POST).
	Login   Endpoint `yaml:"login" json:"login"`
	Refresh Endpoint `yaml:"refresh" json:"refresh"`
	Logout  Endpoint `yaml:"logout" json:"logout"`
	// APIPrefix is the path prefix of the protected API routes (default
	// /api/); the auth paths may lie under it.
	APIPrefix string `yaml:"api_prefix" json:"api_prefix,omitempty"`
	// Fields are the JSON field names of the login request and the token
	// answers.
	Fields Fields `yaml:"fields" json:"fields"`
	// Cookies are the cookie names (cookie style).
	Cookies Cookies `yaml:"cookies" json:"cookies"`
	// AccessHeader and AccessScheme say how the access token is presented
	// (bearer style): default "Authorization" and "Bearer"; an empty
	// scheme in a profile that sets the header means the bare token.
	AccessHeader string `yaml:"access_header" json:"access_header,omitempty"`
	AccessScheme string `yaml:"access_scheme" json:"access_scheme,omitempty"`
}

// Endpoint is one auth endpoint.
type Endpoint struct {
	Path   string `yaml:"path" json:"path,omitempty"`
	Method string `yaml:"method" json:"method,omitempty"`
}

// Fields are JSON field names.
type Fields struct {
	Username string `yaml:"username" json:"username,omitempty"`
	Password string `yaml:"password" json:"password,omitempty"`
	Access   string `yaml:"access" json:"access,omitempty"`
	Refresh  string `yaml:"refresh" json:"refresh,omitempty"`
}

// Cookies are cookie names and the refresh cookie's path.
type Cookies struct {
	Access      string `yaml:"access" json:"access,omitempty"`
	Refresh     string `yaml:"refresh" json:"refresh,omitempty"`
	RefreshPath string `yaml:"refresh_path" json:"refresh_path,omitempty"`
}

// User is an account.
type User struct {
	Name     string `yaml:"name" json:"name,omitempty"`
	Password string `yaml:"password" json:"password,omitempty"`
}

// Login says how to log in: through the app's form (Route, Fill, Submit)
// or by a script. Done tells that the login worked; Error that it did not.
type Login struct {
	// Route is the path (relative to the app URL) to open for the login;
	// default: the app URL itself.
	Route string `yaml:"route" json:"route,omitempty"`
	// Fill maps CSS selectors to the text typed into them; the text may
	// hold {{username}} and {{password}}. Required unless Script is set.
	Fill map[string]string `yaml:"fill" json:"fill,omitempty"`
	// Submit is the CSS selector of the element clicked to log in.
	// Required with Fill.
	Submit string `yaml:"submit" json:"submit,omitempty"`
	// Script is JavaScript run in the page instead of the form, with the
	// variables username and password bound; it may return a promise.
	Script string `yaml:"script" json:"script,omitempty"`
	// Done is a CSS selector that shows once the app is logged in
	// (required).
	Done string `yaml:"done" json:"done"`
	// Error is a CSS selector that shows when the login failed; its text
	// goes into the error message.
	Error string `yaml:"error" json:"error,omitempty"`
}

// Trigger makes the app fire API calls: open a route, click a selector, or
// run a script. Exactly one is required.
type Trigger struct {
	Route  string `yaml:"route" json:"route,omitempty"`
	Click  string `yaml:"click" json:"click,omitempty"`
	Script string `yaml:"script" json:"script,omitempty"`
}

// LoggedOut says how the logged-out state shows: the page's URL matches URL
// (a Go regular expression, searched for in the whole URL: anchor it with ^
// and $), or Selector shows.
// When both are set, either is enough.
type LoggedOut struct {
	URL      string `yaml:"url" json:"url,omitempty"`
	Selector string `yaml:"selector" json:"selector,omitempty"`
}

// Evidence is what the app offers about its own view of its requests. Each
// is optional; without any, rules that need the app's view decide from the
// network alone or are not judged.
type Evidence struct {
	// Pending is a JavaScript expression that returns the number of API
	// requests the app is still waiting on (e.g. a counter its HTTP
	// client keeps).
	Pending string `yaml:"pending" json:"pending,omitempty"`
	// Busy is a CSS selector that shows while the app waits (a spinner).
	Busy string `yaml:"busy" json:"busy,omitempty"`
	// Error is a CSS selector that shows when the app reports a failed
	// request to the user.
	Error string `yaml:"error" json:"error,omitempty"`
}
