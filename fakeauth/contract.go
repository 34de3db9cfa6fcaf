package fakeauth

import (
	"fmt"
	"strings"
)

// Style is how credentials travel between client and server.
type Style string

const (
	// StyleCookie issues httpOnly access and refresh cookies; the client sends
	// them back by itself (fetch/axios withCredentials).
	StyleCookie Style = "cookie"
	// StyleBearer issues tokens in JSON bodies; the client presents the access
	// token in an Authorization: Bearer header and the refresh token in the
	// refresh call's JSON body.
	StyleBearer Style = "bearer"
)

// Styles lists every credential style.
var Styles = []Style{StyleCookie, StyleBearer}

// ParseStyle returns the style named s.
func ParseStyle(s string) (Style, error) {
	for _, st := range Styles {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("fakeauth: unknown credential style %q (want cookie or bearer)", s)
}

// Contract is the auth contract the server speaks: its paths, credential
// style and the names of cookies and JSON fields. The zero value of each
// field means the default in DefaultContract, so a Contract only needs the
// fields that differ.
//
// Whatever the style, the server reads an access token from an Authorization
// header or the access cookie, and a refresh token from the JSON body field or
// the refresh cookie; the style decides how it issues them.
type Contract struct {
	Style             Style  `json:"style,omitempty" yaml:"style,omitempty"`
	LoginPath         string `json:"login_path,omitempty" yaml:"login_path,omitempty"`
	RefreshPath       string `json:"refresh_path,omitempty" yaml:"refresh_path,omitempty"`
	LogoutPath        string `json:"logout_path,omitempty" yaml:"logout_path,omitempty"`
	MePath            string `json:"me_path,omitempty" yaml:"me_path,omitempty"`
	APIPrefix         string `json:"api_prefix,omitempty" yaml:"api_prefix,omitempty"`
	AccessCookie      string `json:"access_cookie,omitempty" yaml:"access_cookie,omitempty"`
	RefreshCookie     string `json:"refresh_cookie,omitempty" yaml:"refresh_cookie,omitempty"`
	RefreshCookiePath string `json:"refresh_cookie_path,omitempty" yaml:"refresh_cookie_path,omitempty"`
	AccessField       string `json:"access_field,omitempty" yaml:"access_field,omitempty"`
	RefreshField      string `json:"refresh_field,omitempty" yaml:"refresh_field,omitempty"`
	UsernameField     string `json:"username_field,omitempty" yaml:"username_field,omitempty"`
	PasswordField     string `json:"password_field,omitempty" yaml:"password_field,omitempty"`
	// LoginMethod, RefreshMethod and LogoutMethod are the HTTP methods of
	// the auth endpoints (default POST).
	LoginMethod   string `json:"login_method,omitempty" yaml:"login_method,omitempty"`
	RefreshMethod string `json:"refresh_method,omitempty" yaml:"refresh_method,omitempty"`
	LogoutMethod  string `json:"logout_method,omitempty" yaml:"logout_method,omitempty"`
	// AccessHeader is the request header that carries the access token
	// (default Authorization), AccessScheme the word before the token in
	// it (default Bearer; "-" for none: the header holds the bare token).
	AccessHeader string `json:"access_header,omitempty" yaml:"access_header,omitempty"`
	AccessScheme string `json:"access_scheme,omitempty" yaml:"access_scheme,omitempty"`
}

// DefaultContract is the contract of the reference clients.
var DefaultContract = Contract{
	Style:             StyleCookie,
	LoginPath:         "/auth/login",
	RefreshPath:       "/auth/refresh",
	LogoutPath:        "/auth/logout",
	MePath:            "/auth/me",
	APIPrefix:         "/api/",
	AccessCookie:      "access_token",
	RefreshCookie:     "refresh_token",
	RefreshCookiePath: "/auth",
	AccessField:       "access_token",
	RefreshField:      "refresh_token",
	UsernameField:     "username",
	PasswordField:     "password",
	LoginMethod:       "POST",
	RefreshMethod:     "POST",
	LogoutMethod:      "POST",
	AccessHeader:      "Authorization",
	AccessScheme:      "Bearer",
}

// withDefaults fills every empty field from DefaultContract.
func (c Contract) withDefaults() Contract {
	d := DefaultContract
	fill := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	if c.Style == "" {
		c.Style = d.Style
	}
	fill(&c.LoginPath, d.LoginPath)
	fill(&c.RefreshPath, d.RefreshPath)
	fill(&c.LogoutPath, d.LogoutPath)
	fill(&c.MePath, d.MePath)
	fill(&c.APIPrefix, d.APIPrefix)
	fill(&c.AccessCookie, d.AccessCookie)
	fill(&c.RefreshCookie, d.RefreshCookie)
	fill(&c.RefreshCookiePath, d.RefreshCookiePath)
	fill(&c.AccessField, d.AccessField)
	fill(&c.RefreshField, d.RefreshField)
	fill(&c.UsernameField, d.UsernameField)
	fill(&c.PasswordField, d.PasswordField)
	fill(&c.LoginMethod, d.LoginMethod)
	fill(&c.RefreshMethod, d.RefreshMethod)
	fill(&c.LogoutMethod, d.LogoutMethod)
	fill(&c.AccessHeader, d.AccessHeader)
	fill(&c.AccessScheme, d.AccessScheme)
	return c
}

// validate reports the first problem of a contract with defaults filled in.
func (c Contract) validate() error {
	if _, err := ParseStyle(string(c.Style)); err != nil {
		return err
	}
	paths := map[string]string{
		"login_path": c.LoginPath, "refresh_path": c.RefreshPath, "logout_path": c.LogoutPath,
		"me_path": c.MePath, "api_prefix": c.APIPrefix, "refresh_cookie_path": c.RefreshCookiePath,
	}
	for name, p := range paths {
		if !strings.HasPrefix(p, "/") {
			return fmt.Errorf("fakeauth: contract %s %q must start with /", name, p)
		}
		if strings.HasPrefix(p, ControlPrefix) {
			return fmt.Errorf("fakeauth: contract %s %q lies under the reserved control prefix %s", name, p, ControlPrefix)
		}
	}
	if c.APIPrefix == "/" {
		return fmt.Errorf("fakeauth: contract api_prefix must not be / (it would swallow the auth paths)")
	}
	seen := map[string]string{}
	for _, kv := range [][2]string{{"login_path", c.LoginPath}, {"refresh_path", c.RefreshPath}, {"logout_path", c.LogoutPath}, {"me_path", c.MePath}} {
		if other, dup := seen[kv[1]]; dup {
			return fmt.Errorf("fakeauth: contract %s and %s are both %q", other, kv[0], kv[1])
		}
		seen[kv[1]] = kv[0]
	}
	for _, kv := range [][2]string{{"login_method", c.LoginMethod}, {"refresh_method", c.RefreshMethod}, {"logout_method", c.LogoutMethod}} {
		switch strings.ToUpper(kv[1]) {
		case "GET", "POST", "PUT", "PATCH", "DELETE":
		default:
			return fmt.Errorf("fakeauth: contract %s %q: want GET, POST, PUT, PATCH or DELETE", kv[0], kv[1])
		}
	}
	if strings.TrimSpace(c.AccessHeader) == "" || strings.ContainsAny(c.AccessHeader, " :\r\n") {
		return fmt.Errorf("fakeauth: contract access_header %q is not a header name", c.AccessHeader)
	}
	return nil
}

// ControlPrefix is the reserved path prefix of the control API.
const ControlPrefix = "/__authconform/"
