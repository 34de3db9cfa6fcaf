package refresh

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"time"
)

// session is everything one login holds. Login replaces the whole session,
// so nothing of an old one (generation, refresh in flight, failure, end)
// leaks into the next. Its fields are guarded by Transport.mu.
type session struct {
	// gen counts the credentials of the session: 1 after login, one more
	// after each successful refresh.
	gen uint64
	// access and refresh are the tokens in bearer style.
	access, refresh string
	// jar holds the cookies in cookie style; nil when there are none.
	jar *cookiejar.Jar
	// flight is the refresh in flight, if any.
	flight *flight
	// failure is the last transient refresh failure.
	failure *failure
	// ended is why the session ended (it matches ErrLoggedOut); nil while
	// it lasts.
	ended error
}

// flight is one refresh: every request rejected with the credentials it
// refreshes waits for done, then reads err (nil: the credentials changed).
type flight struct {
	done chan struct{}
	err  error
}

// failure is a transient refresh failure of generation gen; until then, a
// 401 on that generation gets err instead of a new refresh.
type failure struct {
	gen   uint64
	until time.Time
	err   error
}

// credentials are what a session held, for the logout call.
type credentials struct {
	access, refresh string
	cookies         []*http.Cookie
}

func (s *session) setCookies(u *url.URL, cs []*http.Cookie) {
	if s.jar == nil {
		// cookiejar.New fails only with a broken PublicSuffixList.
		s.jar, _ = cookiejar.New(nil)
	}
	s.jar.SetCookies(u, cs)
}

func (s *session) cookies(u *url.URL) []*http.Cookie {
	if s.jar == nil {
		return nil
	}
	return s.jar.Cookies(u)
}

func (s *session) hasCookie(u *url.URL, name string) bool {
	for _, c := range s.cookies(u) {
		if c.Name == name {
			return true
		}
	}
	return false
}

// canRefresh reports whether the session holds something to refresh with:
// a refresh token, or (cookie style) any cookie the refresh call would
// carry, whatever its name.
func (s *session) canRefresh(cfg *settings) bool {
	if cfg.Style == StyleBearer {
		return s.refresh != ""
	}
	return len(s.cookies(cfg.refreshURL)) > 0
}

// forRefresh returns what the refresh call presents.
func (s *session) forRefresh(cfg *settings) credentials {
	if cfg.Style == StyleBearer {
		return credentials{refresh: s.refresh}
	}
	return credentials{cookies: s.cookies(cfg.refreshURL)}
}

// end ends the session: it forgets every credential and returns what it
// held, for the logout call.
func (s *session) end(cfg *settings, reason error) credentials {
	var held credentials
	if cfg.Style == StyleBearer {
		held = credentials{access: s.access, refresh: s.refresh}
	} else if s.jar != nil {
		held = credentials{cookies: s.jar.Cookies(cfg.logoutURL)}
	}
	s.ended, s.access, s.refresh, s.jar, s.failure = reason, "", "", nil, nil
	return held
}
