package profile

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// base is a valid profile; the error cases change one thing in it, so their
// line numbers are the ones written here.
const base = `version: 1
app:
  url: http://localhost:5173/
auth:
  style: bearer
login:
  fill: {"#username": "{{username}}", "#password": "{{password}}"}
  submit: "#login-button"
  done: "#dashboard"
burst:
  click: "#load-button"
logged_out:
  selector: "#logged-out"
`

// edit returns base with old replaced by new; old must occur in base.
func edit(tb testing.TB, old, new string) string {
	tb.Helper()
	if !strings.Contains(base, old) {
		tb.Fatalf("base has no %q", old)
	}
	return strings.Replace(base, old, new, 1)
}

func TestParseBase(t *testing.T) {
	got, err := Parse("app.yaml", []byte(base))
	if err != nil {
		t.Fatalf("got %v; want no error", err)
	}
	want := Profile{
		Source:  "app.yaml",
		Version: 1,
		App:     App{URL: "http://localhost:5173/"},
		Auth:    Auth{Style: "bearer"},
		Login: Login{
			Fill:   map[string]string{"#username": "{{username}}", "#password": "{{password}}"},
			Submit: "#login-button",
			Done:   "#dashboard",
		},
		Burst:     Trigger{Click: "#load-button"},
		LoggedOut: LoggedOut{Selector: "#logged-out"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v; want %+v", got, want)
	}
}

func TestParseEveryField(t *testing.T) {
	src := `version: 1
app: {url: "https://app.example:8443?x=1", mode: interception, api_origin: "https://api.example/"}
auth:
  style: bearer
  login: {path: /v1/session, method: put}
  refresh: {path: /v1/session/refresh, method: Post}
  logout: {path: /v1/session/end, method: DELETE}
  api_prefix: /v1/
  fields: {username: email, password: secret, access: token, refresh: renew}
  cookies: {access: at, refresh: rt, refresh_path: /v1/session}
  access_header: X-Token
  access_scheme: Token
user: {name: bob, password: hunter2}
api:
  /v1/items: [{id: 1, tags: [a, b], price: 2.5, ok: true, note: ~, when: 2024-01-02, "7": seven}]
  /v1/empty: {}
login:
  route: /signin
  script: await app.login(username, password)
  done: .avatar
  error: .oops
burst: {route: /items}
logged_out: {url: "/signin$", selector: .signin}
storage_keys: [token, renew]
evidence: {pending: app.pending, busy: .spinner, error: .toast-error}
`
	got, err := Parse("every.yaml", []byte(src))
	if err != nil {
		t.Fatalf("got %v; want no error", err)
	}
	want := Profile{
		Source:  "every.yaml",
		Version: 1,
		App:     App{URL: "https://app.example:8443?x=1", Mode: ModeInterception, APIOrigin: "https://api.example/"},
		Auth: Auth{
			Style:        "bearer",
			Login:        Endpoint{"/v1/session", "PUT"},
			Refresh:      Endpoint{"/v1/session/refresh", "POST"},
			Logout:       Endpoint{"/v1/session/end", "DELETE"},
			APIPrefix:    "/v1/",
			Fields:       Fields{Username: "email", Password: "secret", Access: "token", Refresh: "renew"},
			Cookies:      Cookies{Access: "at", Refresh: "rt", RefreshPath: "/v1/session"},
			AccessHeader: "X-Token",
			AccessScheme: "Token",
		},
		User: User{Name: "bob", Password: "hunter2"},
		API: map[string]json.RawMessage{
			"/v1/items": json.RawMessage(`[{"id":1,"tags":["a","b"],"price":2.5,"ok":true,"note":null,"when":"2024-01-02","7":"seven"}]`),
			"/v1/empty": json.RawMessage(`{}`),
		},
		Login:       Login{Route: "/signin", Script: "await app.login(username, password)", Done: ".avatar", Error: ".oops"},
		Burst:       Trigger{Route: "/items"},
		LoggedOut:   LoggedOut{URL: "/signin$", Selector: ".signin"},
		StorageKeys: []string{"token", "renew"},
		Evidence:    Evidence{Pending: "app.pending", Busy: ".spinner", Error: ".toast-error"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v;\nwant %+v", got, want)
	}
	for k, body := range got.API {
		if string(body) != string(want.API[k]) {
			t.Errorf("api[%q]: got %s; want %s", k, body, want.API[k])
		}
	}
}

func TestParseMergesAndAliases(t *testing.T) {
	src := `version: 1
app: {url: "http://localhost:5173/"}
auth: {style: bearer}
login:
  <<: {submit: "#go", done: "#home"}
  fill: &fill {"#u": "{{username}}"}
  done: "#dashboard"
burst: {click: &sel "#load"}
logged_out: {selector: *sel}
api:
  /api/a: &items [1, 2]
  /api/b: {items: *items, <<: {more: true}}
`
	got, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatalf("got %v; want no error", err)
	}
	if got.Login.Submit != "#go" || got.Login.Done != "#dashboard" {
		t.Errorf("login: got submit %q, done %q; want the merged #go and the own #dashboard", got.Login.Submit, got.Login.Done)
	}
	if got.LoggedOut.Selector != "#load" {
		t.Errorf("logged_out.selector: got %q; want the alias's #load", got.LoggedOut.Selector)
	}
	if b := string(got.API["/api/b"]); b != `{"items":[1,2],"more":true}` {
		t.Errorf("api /api/b: got %s", b)
	}
}

// TestParseErrors is the table of malformed profiles, for the docs: each
// profile and its exact message.
func TestParseErrors(t *testing.T) {
	for _, tt := range malformed(t) {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("app.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatalf("got no error; want %q", tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.File != "app.yaml" || e.Line == 0 {
				t.Errorf("got %#v; want an *Error with file and line", err)
			}
		})
	}
}

type badProfile struct {
	name string
	yaml string
	want string // the whole message, one line per problem
}

// malformed returns the table of malformed profiles and their messages.
func malformed(tb testing.TB) []badProfile {
	tb.Helper()
	e := func(old, new string) string { return edit(tb, old, new) }
	return []badProfile{
		// The file.
		{"empty file", "",
			"profile: app.yaml:1: the file is empty; want a profile: a map of api, app, auth, burst, evidence, logged_out, login, storage_keys, user, version (authconform profile init writes a starter)"},
		{"a list, not a map", "- version: 1\n",
			"profile: app.yaml:1: the document is a list; want a profile: a map of api, app, auth, burst, evidence, logged_out, login, storage_keys, user, version (authconform profile init writes a starter)"},
		{"two documents", base + "---\nversion: 1\n",
			"profile: app.yaml:14: a second YAML document (after a --- line); a file holds one profile"},
		{"tab in the indentation", e("  style: bearer", "\tstyle: bearer"),
			"profile: app.yaml:5: found character that cannot start any token (a tab in the indentation: YAML indents with spaces only)"},
		{"unclosed flow map", e(`"{{password}}"}`, `"{{password}}"`),
			"profile: app.yaml:7: did not find expected ',' or '}'"},
		{"not UTF-8", e("#dashboard", "#dash\xffboard"),
			"profile: app.yaml:9: the file is not valid UTF-8 (save it as UTF-8)"},
		// Keys and types.
		{"unknown top-level key", base + "colour: red\n",
			"profile: app.yaml:14: colour: unknown field (want api, app, auth, burst, evidence, logged_out, login, storage_keys, user, version)"},
		{"misspelt key", e("logged_out:", "loggedout:"),
			"profile: app.yaml:12: loggedout: unknown field; did you mean logged_out? (want api, app, auth, burst, evidence, logged_out, login, storage_keys, user, version)"},
		{"unknown nested key", e("  url: http://localhost:5173/\n", "  url: http://localhost:5173/\n  port: 5173\n"),
			"profile: app.yaml:4: app.port: unknown field (want api_origin, mode, url)"},
		{"key defined twice", e("  done: \"#dashboard\"\n", "  done: \"#dashboard\"\n  done: \"#home\"\n"),
			"profile: app.yaml:10: login.done: defined twice (first at line 9)"},
		{"version not a number", e("version: 1", "version: one"),
			`profile: app.yaml:1: version: want a whole number, got the scalar "one"`},
		{"version quoted", e("version: 1", `version: "1"`),
			`profile: app.yaml:1: version: want a whole number, got the scalar "1" (a quoted number is a string: drop the quotes)`},
		{"section not a map", e("burst:\n  click: \"#load-button\"", "burst: \"#load-button\""),
			`profile: app.yaml:10: burst: want a map of click, route, script; got the scalar "#load-button"`},
		{"storage_keys not a list", base + "storage_keys: token\n",
			`profile: app.yaml:14: storage_keys: want a list, got the scalar "token" (write [token] for a list of one)`},
		{"alias bomb", base + "api:\n  /api/a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n  /api/b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n  /api/c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  /api/d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n  /api/e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
			"profile: app.yaml:19: api[\"/api/e\"]: the document nests or expands too far (aliases or merges that contain themselves or repeat each other?)"},
		// version
		{"version missing", e("version: 1\n", ""),
			"profile: app.yaml:1: version: required; want 1 (this authconform reads profile version 1)"},
		{"version 2", e("version: 1", "version: 2"),
			"profile: app.yaml:1: version: want 1 (this authconform reads profile version 1)"},
		// app
		{"app.url missing", e("  url: http://localhost:5173/\n", "  mode: fronting\n"),
			"profile: app.yaml:2: app.url: required: the address the app is served at, like http://localhost:5173/"},
		{"app.url without scheme", e("url: http://localhost:5173/", "url: localhost:5173"),
			`profile: app.yaml:3: app.url: "localhost:5173" is not an absolute http or https URL with a host, like http://localhost:5173/`},
		{"app.mode unknown", e("  url: http://localhost:5173/\n", "  url: http://localhost:5173/\n  mode: proxy\n"),
			`profile: app.yaml:4: app.mode: "proxy": want fronting (the default) or interception`},
		{"interception without api_origin", e("  url: http://localhost:5173/\n", "  url: http://localhost:5173/\n  mode: interception\n"),
			"profile: app.yaml:4: app.api_origin: required with mode: interception: the origin the app sends its auth and API requests to, like http://localhost:8787"},
		{"api_origin with fronting", e("  url: http://localhost:5173/\n", "  url: http://localhost:5173/\n  api_origin: http://localhost:8787\n"),
			"profile: app.yaml:4: app.api_origin: not allowed with mode: fronting, where the app's auth and API requests go to the origin the harness serves: remove it, or set mode: interception"},
		{"api_origin with a path", e("  url: http://localhost:5173/\n", "  url: http://localhost:5173/\n  mode: interception\n  api_origin: http://localhost:8787/api\n"),
			`profile: app.yaml:5: app.api_origin: "http://localhost:8787/api" is not an origin (want scheme://host[:port], like http://localhost:8787)`},
		{"interception with cookie style", strings.Replace(e("  url: http://localhost:5173/\n", "  url: http://localhost:5173/\n  mode: interception\n  api_origin: http://localhost:8787\n"), "style: bearer", "style: cookie", 1),
			"profile: app.yaml:7: auth.style: cookie style needs mode: fronting (a same-site origin); interception fulfils requests from another origin, whose cookies the browser keeps apart"},
		// auth
		{"auth.style missing", e("  style: bearer\n", "  api_prefix: /api/\n"),
			"profile: app.yaml:4: auth.style: required: cookie (httpOnly cookies the browser sends back) or bearer (tokens in JSON bodies, the access token in a header)"},
		{"auth.style unknown", e("style: bearer", "style: jwt"),
			`profile: app.yaml:5: auth.style: "jwt": want cookie or bearer`},
		{"path without slash", e("  style: bearer\n", "  style: bearer\n  login: {path: auth/login}\n"),
			`profile: app.yaml:6: auth.login.path: "auth/login" must start with /`},
		{"path with a query", e("  style: bearer\n", "  style: bearer\n  refresh:\n    path: /auth/refresh?x=1\n"),
			`profile: app.yaml:7: auth.refresh.path: "/auth/refresh?x=1" must be a plain path, without spaces, query or fragment`},
		{"reserved path", e("  style: bearer\n", "  style: bearer\n  logout: {path: /__authconform/logout}\n"),
			`profile: app.yaml:6: auth.logout.path: "/__authconform/logout" lies under /__authconform/, which the fake server keeps for its control API`},
		{"unknown method", e("  style: bearer\n", "  style: bearer\n  refresh: {method: FETCH}\n"),
			`profile: app.yaml:6: auth.refresh.method: "FETCH": want GET, POST, PUT, PATCH or DELETE`},
		{"two endpoints on one path", e("  style: bearer\n", "  style: bearer\n  login: {path: /session}\n  logout: {path: /session, method: delete}\n"),
			`profile: app.yaml:7: auth.logout.path: "/session" is also auth.login.path: the fake server tells the login, refresh and logout endpoints apart by path alone`},
		{"a path that is another's default", e("  style: bearer\n", "  style: bearer\n  refresh: {path: /auth/login}\n"),
			`profile: app.yaml:6: auth.refresh.path: "/auth/login" is also auth.login.path (its default): the fake server tells the login, refresh and logout endpoints apart by path alone`},
		{"an earlier path that is a later default", e("  style: bearer\n", "  style: bearer\n  login: {path: /auth/logout}\n"),
			`profile: app.yaml:6: auth.login.path: "/auth/logout" is the default of auth.logout.path: set that one too, as the fake server tells the login, refresh and logout endpoints apart by path alone`},
		{"the me path", e("  style: bearer\n", "  style: bearer\n  login: {path: /auth/me}\n"),
			`profile: app.yaml:6: auth.login.path: "/auth/me" is where the fake server answers who is logged in: want another path`},
		{"api_prefix /", e("  style: bearer\n", "  style: bearer\n  api_prefix: /\n"),
			`profile: app.yaml:6: auth.api_prefix: "/" would make every path an API route, the auth paths too: want a prefix like /api/`},
		{"api_prefix without the end slash", e("  style: bearer\n", "  style: bearer\n  api_prefix: /api\n"),
			`profile: app.yaml:6: auth.api_prefix: "/api" must start and end with /, like /api/`},
		{"bad cookie name", e("  style: bearer\n", "  style: bearer\n  cookies: {access: \"my token\"}\n"),
			"profile: app.yaml:6: auth.cookies.access: \"my token\" is not a cookie name (letters, digits and !#$%&'*+-.^_`|~ only)"},
		{"one name for both cookies", e("  style: bearer\n", "  style: bearer\n  cookies: {access: sid, refresh: sid}\n"),
			`profile: app.yaml:6: auth.cookies.refresh: "sid" is also the access cookie's name: the two cookies need names of their own`},
		{"bad header name", e("  style: bearer\n", "  style: bearer\n  access_header: \"Authorization:\"\n"),
			`profile: app.yaml:6: auth.access_header: "Authorization:" is not a header name (like Authorization or X-Access-Token)`},
		{"bad scheme", e("  style: bearer\n", "  style: bearer\n  access_scheme: Bearer token\n"),
			`profile: app.yaml:6: auth.access_scheme: "Bearer token" is not an auth scheme: one word, like Bearer or Token`},
		// api
		{"api key without slash", base + "api:\n  api/items: []\n",
			`profile: app.yaml:15: api["api/items"]: the key must be a path starting with /, like /api/items`},
		{"api key outside the prefix", base + "api:\n  /v1/items: []\n",
			`profile: app.yaml:15: api["/v1/items"]: "/v1/items" is not under the API prefix /api/ (auth.api_prefix), so the fake server never answers it: move it, or change the prefix`},
		{"api body with a number key", base + "api:\n  /api/items:\n    - id: 1\n      2: two\n",
			`profile: app.yaml:17: api["/api/items"][0]["2"]: the key "2" is read as a whole number, and JSON keys are strings: quote it in the YAML`},
		{"api body with infinity", base + "api:\n  /api/stats: {max: .inf}\n",
			`profile: app.yaml:15: api["/api/stats"].max: ".inf" has no JSON form (JSON has no infinity or NaN): quote it for a string`},
		{"api not a map", base + "api: [/api/items]\n",
			`profile: app.yaml:14: api: want a map of paths to JSON bodies, like /api/items: [{id: 1}]; got a list`},
		// login
		{"login.submit missing", e("  submit: \"#login-button\"\n", ""),
			"profile: app.yaml:7: login.submit: required with login.fill"},
		{"login by both fill and script", e("  done:", "  script: app.login(username, password)\n  done:"),
			"profile: app.yaml:9: login.script: set together with login.fill: log in through the form (fill and submit) or by script, not both"},
		{"login by neither", e("  fill: {\"#username\": \"{{username}}\", \"#password\": \"{{password}}\"}\n  submit: \"#login-button\"\n", ""),
			"profile: app.yaml:6: login: want fill and submit (log in through the app's form) or script (log in by JavaScript)"},
		{"submit with script", e("  fill: {\"#username\": \"{{username}}\", \"#password\": \"{{password}}\"}\n", "  script: app.login(username, password)\n"),
			"profile: app.yaml:8: login.submit: only used with login.fill (the script logs in by itself): remove it"},
		{"empty fill", e(`{"#username": "{{username}}", "#password": "{{password}}"}`, "{}"),
			`profile: app.yaml:7: login.fill: empty: want CSS selectors mapped to the text typed into them, like "#username": "{{username}}"`},
		{"unknown placeholder", e(`"{{username}}"`, `"{{user}}"`),
			`profile: app.yaml:7: login.fill["#username"]: unknown placeholder "{{user}}" (want {{username}} or {{password}})`},
		{"login.done missing", e("  done: \"#dashboard\"\n", ""),
			"profile: app.yaml:6: login.done: required: a CSS selector that shows once the app is logged in, like #dashboard"},
		{"login.route without slash", e("  done:", "  route: login\n  done:"),
			`profile: app.yaml:9: login.route: "login" must start with / (a path on the app, like /login)`},
		// burst
		{"burst empty", e("  click: \"#load-button\"\n", ""),
			"profile: app.yaml:10: burst: want one of route (a path to open), click (a CSS selector) or script (JavaScript): what makes the app fire its API calls"},
		{"burst with two triggers", e("  click: \"#load-button\"\n", "  click: \"#load-button\"\n  route: /items\n"),
			"profile: app.yaml:11: burst.click: set together with burst.route: want exactly one of route, click or script"},
		{"burst.route without slash", e("  click: \"#load-button\"\n", "  route: items\n"),
			`profile: app.yaml:11: burst.route: "items" must start with / (a path on the app, like /login)`},
		// logged_out
		{"logged_out empty", e("  selector: \"#logged-out\"\n", ""),
			"profile: app.yaml:12: logged_out: want url (a regular expression the page's URL matches), selector (a CSS selector that shows), or both"},
		{"logged_out.url not a regexp", e("  selector: \"#logged-out\"\n", "  url: /login(\n"),
			"profile: app.yaml:13: logged_out.url: \"/login(\" is not a regular expression: missing closing ): `/login(`"},
		// storage_keys
		{"empty storage key", base + "storage_keys: [token, \"\"]\n",
			`profile: app.yaml:14: storage_keys[1]: empty: want the name of a localStorage or sessionStorage key`},
		{"storage key twice", base + "storage_keys: [token, token]\n",
			`profile: app.yaml:14: storage_keys[1]: "token" is listed twice (also storage_keys[0])`},
		// several at once, in the order of their lines
		{"several problems", e("version: 1", "version: 3") + "storage_keys: [\"\"]\n",
			"profile: app.yaml:1: version: want 1 (this authconform reads profile version 1)\n" +
				"profile: app.yaml:14: storage_keys[0]: empty: want the name of a localStorage or sessionStorage key"},
	}
}

func TestParseLimits(t *testing.T) {
	big := base + "api:\n  /api/a: &s \"" + strings.Repeat("x", 10000) + "\"\n  /api/b: [" + strings.Repeat("*s, ", 200) + "*s]\n"
	_, err := Parse("app.yaml", []byte(big))
	want := "profile: app.yaml:16: api[\"/api/b\"]: the api bodies expand to more than 1 MiB of JSON (aliases repeating each other?)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v; want %s", err, want)
	}
	_, err = Parse("app.yaml", []byte(base+"#"+strings.Repeat("x", maxFile)))
	want = "profile: app.yaml:1: the file is larger than 1 MiB; a profile is a few kilobytes"
	if err == nil || err.Error() != want {
		t.Errorf("got %v; want %s", err, want)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "app.yaml")
	if err := os.WriteFile(good, []byte(base), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Load(good)
	if err != nil {
		t.Fatalf("Load: got %v; want no error", err)
	}
	if p.Source != good {
		t.Errorf("Source: got %q; want %q", p.Source, good)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte(edit(t, "version: 1", "version: 2")), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bad); err == nil || !strings.HasPrefix(err.Error(), "profile: "+bad+":1: version: ") {
		t.Errorf("Load of a bad profile: got %v; want an error naming %s:1", err, bad)
	}
	missing := filepath.Join(dir, "missing.yaml")
	_, err = Load(missing)
	if want := "profile: " + missing + ": no such file or directory"; err == nil || err.Error() != want {
		t.Errorf("Load of a missing file: got %v; want %s", err, want)
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: got %v; want it to wrap os.ErrNotExist", err)
	}
}
