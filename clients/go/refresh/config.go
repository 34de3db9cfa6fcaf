package refresh

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Style is how the credentials travel between the client and the API.
type Style string

const (
	// StyleCookie keeps the credentials in httpOnly cookies: the server sets
	// them, the Transport keeps them in a cookie jar it owns and sends them
	// back. The refresh call carries the refresh cookie and no body.
	StyleCookie Style = "cookie"
	// StyleBearer keeps the credentials in memory: the access token goes out
	// in an Authorization: Bearer header, the refresh token in the JSON body
	// of the refresh call.
	StyleBearer Style = "bearer"
)

// The defaults that the zero values of Config's fields stand for.
const (
	DefaultLoginPath      = "/auth/login"
	DefaultRefreshPath    = "/auth/refresh"
	DefaultLogoutPath     = "/auth/logout"
	DefaultRefreshTimeout = 10 * time.Second
	DefaultLogoutTimeout  = 5 * time.Second
	DefaultMaxAttempts    = 3
	DefaultBackoff        = 50 * time.Millisecond
	DefaultCooldown       = 5 * time.Second
)

// Config describes the API a Transport talks to and how it refreshes. Only
// BaseURL is required: the zero value of every other field means the default
// named in its comment, which matches the contract of authconform's fake
// auth server.
type Config struct {
	// BaseURL is the API's origin, e.g. "https://api.example.com". The
	// Transport adds credentials only to requests for this scheme and host;
	// requests elsewhere pass through untouched, so credentials never leak
	// to another origin. The auth paths below are resolved against it.
	BaseURL string

	// Style is the credential style; default StyleCookie.
	Style Style

	// LoginPath, RefreshPath and LogoutPath are the auth endpoints; defaults
	// DefaultLoginPath, DefaultRefreshPath and DefaultLogoutPath. All three
	// are called with POST. A 401 on any of them never starts a refresh.
	LoginPath, RefreshPath, LogoutPath string

	// UsernameField and PasswordField name the login body's JSON fields;
	// defaults "username" and "password".
	UsernameField, PasswordField string

	// AccessField and RefreshField name the JSON fields that carry the
	// tokens in bearer style (login and refresh answers, refresh and logout
	// bodies); defaults "access_token" and "refresh_token".
	AccessField, RefreshField string

	// AccessCookie and RefreshCookie name the cookies that carry the tokens
	// in cookie style; defaults "access_token" and "refresh_token". The
	// Transport uses them only to report its State: every cookie the server
	// sets is kept and sent back.
	AccessCookie, RefreshCookie string

	// RefreshTimeout bounds each attempt of a refresh: an attempt that gets
	// no answer is abandoned after it and counts as a transient failure, so
	// a refresh endpoint that never answers is given up after MaxAttempts
	// attempts, and the requests waiting on it fail with a transient
	// *RefreshError. Default DefaultRefreshTimeout.
	RefreshTimeout time.Duration

	// LogoutTimeout bounds the logout call made after a terminal refresh
	// failure (and by Logout). Default DefaultLogoutTimeout.
	LogoutTimeout time.Duration

	// MaxAttempts is how many times one refresh is tried when it fails
	// transiently (5xx, 408, 429, a network error); default
	// DefaultMaxAttempts. 1 disables retries.
	MaxAttempts int

	// Backoff is the wait before the second attempt; it doubles before each
	// further one. Default DefaultBackoff.
	Backoff time.Duration

	// Cooldown is how long after a refresh failed transiently a 401 on the
	// same credential fails with that error instead of starting a new
	// refresh, so a failing auth server sees at most MaxAttempts calls per
	// credential in that time. Default DefaultCooldown.
	Cooldown time.Duration

	// OnLogout, if set, is called once when the Transport ends a session by
	// itself after a terminal refresh failure, with that failure (a
	// *RefreshError). It runs after the local credentials are cleared and
	// before the waiting requests are released, so it must not block for
	// long, and it must not call Close (which waits for it). It may call
	// Login.
	OnLogout func(reason error)

	// Base is the transport that sends every request, including the auth
	// calls, which go to it directly and are never intercepted. Default: a
	// clone of http.DefaultTransport owned by the Transport.
	Base http.RoundTripper
}

// settings is a Config with its defaults filled in and its URLs parsed.
type settings struct {
	Config
	base                   *url.URL
	login, refresh, logout string // absolute URLs
	loginURL, refreshURL   *url.URL
	logoutURL, root        *url.URL
	ownBase                bool
}

func (c Config) settings() (*settings, error) {
	if c.BaseURL == "" {
		return nil, fmt.Errorf("refresh: Config.BaseURL is empty")
	}
	base, err := url.Parse(c.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("refresh: Config.BaseURL: %w", err)
	}
	if (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" || (base.Path != "" && base.Path != "/") {
		return nil, fmt.Errorf("refresh: Config.BaseURL %q is not an origin like https://api.example.com", c.BaseURL)
	}
	fill := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	if c.Style == "" {
		c.Style = StyleCookie
	}
	if c.Style != StyleCookie && c.Style != StyleBearer {
		return nil, fmt.Errorf("refresh: unknown Config.Style %q (want cookie or bearer)", c.Style)
	}
	fill(&c.LoginPath, DefaultLoginPath)
	fill(&c.RefreshPath, DefaultRefreshPath)
	fill(&c.LogoutPath, DefaultLogoutPath)
	fill(&c.UsernameField, "username")
	fill(&c.PasswordField, "password")
	fill(&c.AccessField, "access_token")
	fill(&c.RefreshField, "refresh_token")
	fill(&c.AccessCookie, "access_token")
	fill(&c.RefreshCookie, "refresh_token")
	for name, p := range map[string]string{"LoginPath": c.LoginPath, "RefreshPath": c.RefreshPath, "LogoutPath": c.LogoutPath} {
		if !strings.HasPrefix(p, "/") {
			return nil, fmt.Errorf("refresh: Config.%s %q must start with /", name, p)
		}
	}
	positive := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	positive(&c.RefreshTimeout, DefaultRefreshTimeout)
	positive(&c.LogoutTimeout, DefaultLogoutTimeout)
	positive(&c.Backoff, DefaultBackoff)
	positive(&c.Cooldown, DefaultCooldown)
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	s := &settings{Config: c, base: &url.URL{Scheme: base.Scheme, Host: base.Host}}
	if c.Base == nil {
		s.Base = http.DefaultTransport.(*http.Transport).Clone()
		s.ownBase = true
	}
	s.login, s.refresh, s.logout = s.abs(c.LoginPath), s.abs(c.RefreshPath), s.abs(c.LogoutPath)
	s.loginURL, s.refreshURL, s.logoutURL = s.parse(c.LoginPath), s.parse(c.RefreshPath), s.parse(c.LogoutPath)
	s.root = s.parse("/")
	return s, nil
}

// abs returns the absolute URL of a path on the API.
func (s *settings) abs(path string) string { return s.parse(path).String() }

func (s *settings) parse(path string) *url.URL {
	u := *s.base
	u.Path = path
	return &u
}

// ours reports whether u is on the API's origin.
func (s *settings) ours(u *url.URL) bool {
	return u.Host == s.base.Host && u.Scheme == s.base.Scheme
}

// authPath reports whether u is one of the auth endpoints, whose 401s never
// start a refresh.
func (s *settings) authPath(u *url.URL) bool {
	return u.Path == s.RefreshPath || u.Path == s.LoginPath || u.Path == s.LogoutPath
}
