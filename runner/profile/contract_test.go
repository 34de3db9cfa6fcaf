package profile

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/authconform/authconform/fakeauth"
)

// valid returns profiles Parse accepts, each changing base in one way.
func valid(tb testing.TB) map[string]string {
	tb.Helper()
	e := func(old, new string) string { return edit(tb, old, new) }
	return map[string]string{
		"base":    base,
		"starter": string(Starter()),
		"cookie":  e("style: bearer", "style: cookie"),
		"interception": e("  url: http://localhost:5173/\n",
			"  url: http://localhost:5173\n  mode: interception\n  api_origin: http://localhost:8787/\n"),
		"own contract": e("  style: bearer\n", `  style: bearer
  login: {path: /api/session, method: put}
  refresh: {path: /api/session/refresh}
  logout: {path: /api/session/end, method: delete}
  api_prefix: /api/
  fields: {username: email, access: jwt}
  access_header: X-Access-Token
`),
		"paths swapped": e("  style: bearer\n", "  style: bearer\n  login: {path: /auth/refresh}\n  refresh: {path: /auth/login}\n"),
		"scheme only":   e("  style: bearer\n", "  style: bearer\n  access_scheme: Token\n"),
		"by script": e("  fill: {\"#username\": \"{{username}}\", \"#password\": \"{{password}}\"}\n  submit: \"#login-button\"\n",
			"  script: |\n    await window.app.login(username, password)\n"),
		"burst by route":  e("  click: \"#load-button\"\n", "  route: /items\n"),
		"logged out url":  e("  selector: \"#logged-out\"\n", "  url: ^http://localhost:5173/login$\n"),
		"storage and api": base + "storage_keys: [token]\napi:\n  /api/items: [{id: 1}]\n  /api/none: ~\n",
	}
}

func TestValidProfiles(t *testing.T) {
	for name, src := range valid(t) {
		t.Run(name, func(t *testing.T) {
			p, err := Parse("app.yaml", []byte(src))
			if err != nil {
				t.Fatalf("Parse: got %v; want no error", err)
			}
			if err := p.Validate(); err != nil {
				t.Errorf("Validate: got %v; want no error", err)
			}
			d := p.WithDefaults()
			if err := d.Validate(); err != nil {
				t.Errorf("WithDefaults().Validate: got %v; want no error", err)
			}
			if dd := d.WithDefaults(); !reflect.DeepEqual(dd, d) {
				t.Errorf("WithDefaults is not idempotent:\n%+v\n%+v", dd, d)
			}
			srv, err := fakeauth.NewServer(fakeauth.Config{
				Contract: p.Contract(),
				Users:    []fakeauth.User{{Name: d.User.Name, Password: d.User.Password}},
				Canned:   p.API,
			})
			if err != nil {
				t.Fatalf("fakeauth.NewServer refuses the contract %+v: %v", p.Contract(), err)
			}
			defer srv.Close()
			// The defaults change nothing the server speaks.
			srv2, err := fakeauth.NewUnstartedServer(fakeauth.Config{Contract: d.Contract()})
			if err != nil {
				t.Fatalf("fakeauth refuses the contract with defaults %+v: %v", d.Contract(), err)
			}
			if got, want := srv2.Contract(), srv.Contract(); got != want {
				t.Errorf("contract with defaults: got %+v; want %+v", got, want)
			}
		})
	}
}

func TestContract(t *testing.T) {
	tests := []struct {
		name string
		auth Auth
		want fakeauth.Contract
	}{
		{"empty stays empty, but for the refresh cookie's path", Auth{Style: "cookie"},
			fakeauth.Contract{Style: fakeauth.StyleCookie, RefreshCookiePath: "/"}},
		{"header alone means the bare token", Auth{Style: "bearer", AccessHeader: "X-Token"},
			fakeauth.Contract{Style: fakeauth.StyleBearer, AccessHeader: "X-Token", AccessScheme: "-", RefreshCookiePath: "/"}},
		{"scheme alone keeps the default header", Auth{Style: "bearer", AccessScheme: "Token"},
			fakeauth.Contract{Style: fakeauth.StyleBearer, AccessScheme: "Token", RefreshCookiePath: "/"}},
		{"both", Auth{Style: "bearer", AccessHeader: "Authorization", AccessScheme: "JWT"},
			fakeauth.Contract{Style: fakeauth.StyleBearer, AccessHeader: "Authorization", AccessScheme: "JWT", RefreshCookiePath: "/"}},
		{"every field", Auth{
			Style:     "cookie",
			Login:     Endpoint{"/s", "put"},
			Refresh:   Endpoint{"/s/r", "get"},
			Logout:    Endpoint{"/s/x", "Delete"},
			APIPrefix: "/v1/",
			Fields:    Fields{Username: "u", Password: "p", Access: "a", Refresh: "r"},
			Cookies:   Cookies{Access: "ac", Refresh: "rc", RefreshPath: "/s"},
		}, fakeauth.Contract{
			Style: fakeauth.StyleCookie, LoginPath: "/s", RefreshPath: "/s/r", LogoutPath: "/s/x", APIPrefix: "/v1/",
			AccessCookie: "ac", RefreshCookie: "rc", RefreshCookiePath: "/s",
			AccessField: "a", RefreshField: "r", UsernameField: "u", PasswordField: "p",
			LoginMethod: "PUT", RefreshMethod: "GET", LogoutMethod: "DELETE",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Profile{Auth: tt.auth}).Contract(); got != tt.want {
				t.Errorf("got %+v; want %+v", got, tt.want)
			}
		})
	}
}

func TestWithDefaults(t *testing.T) {
	p, err := Parse("app.yaml", []byte(edit(t, "url: http://localhost:5173/", "url: http://localhost:5173?debug=1")))
	if err != nil {
		t.Fatal(err)
	}
	d := p.WithDefaults()
	c := fakeauth.DefaultContract
	checks := []struct{ name, got, want string }{
		{"app.url", d.App.URL, "http://localhost:5173/?debug=1"},
		{"app.mode", d.App.Mode, ModeFronting},
		{"auth.login", d.Auth.Login.Method + " " + d.Auth.Login.Path, "POST " + c.LoginPath},
		{"auth.refresh", d.Auth.Refresh.Method + " " + d.Auth.Refresh.Path, "POST " + c.RefreshPath},
		{"auth.logout", d.Auth.Logout.Method + " " + d.Auth.Logout.Path, "POST " + c.LogoutPath},
		{"auth.api_prefix", d.Auth.APIPrefix, c.APIPrefix},
		{"auth.access", d.Auth.AccessHeader + ": " + d.Auth.AccessScheme, "Authorization: Bearer"},
		{"auth.cookies.refresh_path", d.Auth.Cookies.RefreshPath, RefreshCookiePath},
		{"auth.fields.username", d.Auth.Fields.Username, c.UsernameField},
		{"user", d.User.Name + " / " + d.User.Password, "alice / wonderland"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s: got %q; want %q", ch.name, ch.got, ch.want)
		}
	}
	if p.App.Mode != "" || p.Auth.Login.Path != "" {
		t.Errorf("WithDefaults changed its receiver: %+v", p)
	}
	bare := Profile{Auth: Auth{AccessHeader: "X-Token"}, App: App{APIOrigin: "http://api.test:81/"}}.WithDefaults()
	if bare.Auth.AccessScheme != "-" || bare.App.APIOrigin != "http://api.test:81" {
		t.Errorf("got scheme %q, api_origin %q; want - and http://api.test:81", bare.Auth.AccessScheme, bare.App.APIOrigin)
	}
}

func TestFill(t *testing.T) {
	tests := []struct {
		user       User
		text, want string
	}{
		{User{}, "{{username}}", "alice"},
		{User{}, "{{password}}", "wonderland"},
		{User{Name: "bob", Password: "p{{username}}"}, "{{username}}:{{password}}", "bob:p{{username}}"},
		{User{Name: "bob"}, "user {{username}}, {{ username }}", "user bob, {{ username }}"},
	}
	for _, tt := range tests {
		if got := (Profile{User: tt.user}).Fill(tt.text); got != tt.want {
			t.Errorf("Fill(%q) with user %+v: got %q; want %q", tt.text, tt.user, got, tt.want)
		}
	}
}

func TestValidateInGo(t *testing.T) {
	p := Profile{
		Version: 1,
		App:     App{URL: "http://localhost:5173/"},
		Auth:    Auth{Style: "bearer"},
		API:     map[string]json.RawMessage{"/api/x": json.RawMessage("{")},
		Login:   Login{Fill: map[string]string{"#u": "{{username}}"}, Done: "#home"},
		Burst:   Trigger{Click: "#go"},
	}
	want := strings.Join([]string{
		`profile: api["/api/x"]: not valid JSON`,
		"profile: login.submit: required with login.fill",
		"profile: logged_out: want url (a regular expression the page's URL matches), selector (a CSS selector that shows), or both",
	}, "\n")
	if err := p.Validate(); err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
	if err := (Profile{}).Validate(); err == nil || !strings.HasPrefix(err.Error(), "profile: version: required") {
		t.Errorf("the zero Profile: got %v; want version required first", err)
	}
}
