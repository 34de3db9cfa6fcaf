package profile

import (
	"net/url"
	"strings"

	"github.com/authconform/authconform/fakeauth"
)

// WithDefaults returns the profile with every field that has a default set
// to it, so that the harness reads concrete values: mode fronting, the
// path / of an app URL without one, the auth contract of
// fakeauth.DefaultContract but for the refresh cookie's path, /
// (RefreshCookiePath) (methods in upper case; a profile that sets
// access_header but no access_scheme gets the scheme "-", the bare token),
// and the user alice / wonderland (fakeauth.DefaultUser). An api_origin
// loses its trailing slash. The profile's Contract is the same with or
// without defaults.
func (p Profile) WithDefaults() Profile {
	d := fakeauth.DefaultContract
	set := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	if p.App.Mode == "" {
		p.App.Mode = ModeFronting
	}
	if u, err := url.Parse(p.App.URL); err == nil && u.Host != "" && u.Path == "" && u.Opaque == "" {
		u.Path = "/"
		p.App.URL = u.String()
	}
	if isOrigin(p.App.APIOrigin) {
		p.App.APIOrigin = strings.TrimSuffix(p.App.APIOrigin, "/")
	}
	a := &p.Auth
	if a.AccessHeader != "" && a.AccessScheme == "" {
		a.AccessScheme = "-"
	}
	for _, ep := range []struct {
		e          *Endpoint
		path, meth string
	}{{&a.Login, d.LoginPath, d.LoginMethod}, {&a.Refresh, d.RefreshPath, d.RefreshMethod}, {&a.Logout, d.LogoutPath, d.LogoutMethod}} {
		set(&ep.e.Path, ep.path)
		ep.e.Method = strings.ToUpper(ep.e.Method)
		set(&ep.e.Method, ep.meth)
	}
	set(&a.APIPrefix, d.APIPrefix)
	set(&a.Fields.Username, d.UsernameField)
	set(&a.Fields.Password, d.PasswordField)
	set(&a.Fields.Access, d.AccessField)
	set(&a.Fields.Refresh, d.RefreshField)
	set(&a.Cookies.Access, d.AccessCookie)
	set(&a.Cookies.Refresh, d.RefreshCookie)
	set(&a.Cookies.RefreshPath, RefreshCookiePath)
	set(&a.AccessHeader, d.AccessHeader)
	set(&a.AccessScheme, d.AccessScheme)
	set(&p.User.Name, fakeauth.DefaultUser.Name)
	set(&p.User.Password, fakeauth.DefaultUser.Password)
	return p
}

// Contract returns the auth contract the fake server speaks for the app:
// auth.style, the endpoints' paths and methods, the API prefix, the field
// and cookie names and how the access token is presented. Fields the
// profile leaves empty stay empty, for fakeauth's defaults; a profile that
// sets access_header but no access_scheme asks for the bare token (scheme
// "-").
func (p Profile) Contract() fakeauth.Contract {
	a := p.Auth
	c := fakeauth.Contract{
		Style:             fakeauth.Style(a.Style),
		LoginPath:         a.Login.Path,
		RefreshPath:       a.Refresh.Path,
		LogoutPath:        a.Logout.Path,
		APIPrefix:         a.APIPrefix,
		AccessCookie:      a.Cookies.Access,
		RefreshCookie:     a.Cookies.Refresh,
		RefreshCookiePath: a.Cookies.RefreshPath,
		AccessField:       a.Fields.Access,
		RefreshField:      a.Fields.Refresh,
		UsernameField:     a.Fields.Username,
		PasswordField:     a.Fields.Password,
		LoginMethod:       strings.ToUpper(a.Login.Method),
		RefreshMethod:     strings.ToUpper(a.Refresh.Method),
		LogoutMethod:      strings.ToUpper(a.Logout.Method),
		AccessHeader:      a.AccessHeader,
		AccessScheme:      a.AccessScheme,
	}
	if c.AccessHeader != "" && c.AccessScheme == "" {
		c.AccessScheme = "-"
	}
	if c.RefreshCookiePath == "" {
		c.RefreshCookiePath = RefreshCookiePath
	}
	return c
}

// RefreshCookiePath is the default path of an app's refresh cookie: the
// whole site, so the cookie reaches the app's refresh and logout paths,
// wherever they are (fakeauth's own default, /auth, fits only its own
// paths).
const RefreshCookiePath = "/"

// Fill returns text with {{username}} and {{password}} replaced by the
// profile's user name and password (alice and wonderland by default): the
// text a login.fill entry types.
func (p Profile) Fill(text string) string {
	u := p.WithDefaults().User
	return strings.NewReplacer("{{username}}", u.Name, "{{password}}", u.Password).Replace(text)
}
