package fakeauth

import (
	"encoding/json"
	"net/http"
	"strings"
)

// The real answers of each endpoint, used by Pass.

func (s *Server) login(x *Exchange) {
	if !allowMethod(x, s.contract.LoginMethod) {
		return
	}
	body, err := x.readBody()
	var m map[string]any
	if err == nil {
		err = json.Unmarshal(body, &m)
	}
	if err != nil || m == nil {
		bodyError(x.W, err, "with "+s.contract.UsernameField+" and "+s.contract.PasswordField)
		return
	}
	name, _ := m[s.contract.UsernameField].(string)
	pw, _ := m[s.contract.PasswordField].(string)
	script := s.Script()
	sess, raw, cred := s.store.login(name, pw, s.clock.Now(), script.RefreshTTL.D())
	switch cred {
	case CredDisabled:
		writeError(x.W, http.StatusForbidden, "account_disabled", "the account is disabled")
		return
	case CredValid:
	default:
		writeError(x.W, http.StatusUnauthorized, "invalid_grant", "wrong username or password")
		return
	}
	x.session, x.gen = sess.id, 1
	s.issue(x, name, sess.id, 1, raw)
}

func (s *Server) refresh(x *Exchange) {
	if !allowMethod(x, s.contract.RefreshMethod) {
		return
	}
	if x.bodyErr != nil {
		bodyError(x.W, x.bodyErr, "with "+s.contract.RefreshField)
		return
	}
	if x.refresh == "" {
		writeError(x.W, http.StatusUnauthorized, "invalid_grant", "no refresh token presented")
		return
	}
	script := s.Script()
	sess, next, gen, cred := s.store.rotate(x.refresh, script.Rotation, s.clock.Now(), script.RefreshTTL.D())
	// The journal keeps what the token was worth when the server used it:
	// a token spent by a concurrent refresh while this one was delayed was
	// presented spent.
	x.cred = cred
	switch cred {
	case CredValid:
		s.issue(x, sess.user, sess.id, gen, next)
		s.announceRefresh()
	case CredDisabled:
		writeError(x.W, http.StatusForbidden, "account_disabled", "the account is disabled")
	case CredExpired:
		writeError(x.W, http.StatusUnauthorized, "invalid_grant", "refresh token expired")
	case CredRevoked:
		writeError(x.W, http.StatusUnauthorized, "invalid_grant", "refresh token revoked")
	case CredSpent:
		desc := "refresh token already used"
		if script.Rotation == RotationReuseDetect {
			desc += "; reuse detected, the token family is revoked"
		}
		writeError(x.W, http.StatusUnauthorized, "invalid_grant", desc)
	default:
		writeError(x.W, http.StatusUnauthorized, "invalid_grant", "unknown refresh token")
	}
}

// announceRefresh wakes the requests held until a refresh succeeds.
func (s *Server) announceRefresh() {
	next := make(chan struct{})
	old := s.refreshed.Swap(&next)
	close(*old)
}

func (s *Server) logout(x *Exchange) {
	if !allowMethod(x, s.contract.LogoutMethod) {
		return
	}
	if x.session != 0 && x.cred != CredInvalid {
		s.store.revokeSession(x.session)
	}
	s.clearCookies(x.W)
	writeJSON(x.W, http.StatusOK, map[string]bool{"ok": true})
}

func (s *Server) me(x *Exchange) {
	if !s.requireAccess(x) {
		return
	}
	writeJSON(x.W, http.StatusOK, map[string]any{"user": x.claims.Subject, "session": x.session, "generation": x.gen})
}

func (s *Server) api(x *Exchange) {
	if !s.requireAccess(x) {
		return
	}
	if body, ok := s.Config.Canned[x.R.URL.Path]; ok {
		writeJSON(x.W, http.StatusOK, body)
		return
	}
	writeJSON(x.W, http.StatusOK, map[string]any{"ok": true, "path": x.R.URL.Path, "generation": x.gen})
}

// requireAccess answers 401 unless the request carries a valid access token.
func (s *Server) requireAccess(x *Exchange) bool {
	desc := map[Cred]string{
		CredNone:     "no access token",
		CredExpired:  "access token expired",
		CredRevoked:  "session revoked",
		CredDisabled: "account disabled",
		CredInvalid:  "malformed, badly signed or unknown access token",
	}
	if x.cred == CredValid {
		return true
	}
	writeError(x.W, http.StatusUnauthorized, "invalid_token", desc[x.cred])
	return false
}

// issue answers a login or refresh with the credentials, in the contract's
// style.
func (s *Server) issue(x *Exchange, user string, sid, gen uint32, refresh string) {
	ttl := s.Script().AccessTTL.D()
	access, err := s.tokens.sign(user, sid, gen, s.clock.Now(), ttl)
	if err != nil {
		writeError(x.W, http.StatusInternalServerError, "server_error", err.Error())
		return
	}
	c := &s.contract
	body := map[string]any{"user": user, "expires_in": int(ttl.Seconds())}
	if c.Style == StyleBearer {
		body[c.AccessField] = access
		body[c.RefreshField] = refresh
		body["token_type"] = "Bearer"
	} else {
		http.SetCookie(x.W, &http.Cookie{Name: c.AccessCookie, Value: access, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
		http.SetCookie(x.W, &http.Cookie{Name: c.RefreshCookie, Value: refresh, Path: c.RefreshCookiePath, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	writeJSON(x.W, http.StatusOK, body)
}

// clearCookies expires the access and refresh cookies.
func (s *Server) clearCookies(w http.ResponseWriter) {
	c := &s.contract
	http.SetCookie(w, &http.Cookie{Name: c.AccessCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.SetCookie(w, &http.Cookie{Name: c.RefreshCookie, Path: c.RefreshCookiePath, MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func allowMethod(x *Exchange, method string) bool {
	if strings.EqualFold(x.R.Method, method) {
		return true
	}
	method = strings.ToUpper(method)
	x.W.Header().Set("Allow", method)
	writeError(x.W, http.StatusMethodNotAllowed, "invalid_request", "use "+method)
	return false
}
