package fakeauth

import (
	"encoding/json"
	"net/http"
	"strings"
)

// ServeHTTP journals the request, routes it, applies the script's step for
// its endpoint, and answers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.enter() {
		writeError(w, http.StatusServiceUnavailable, "server_closing", "the fake auth server is shutting down")
		return
	}
	defer s.leave()
	// Take the refresh signal before the journal sees the request arrive:
	// a refresh that succeeds after Begin must wake a held request.
	refreshed := *s.refreshed.Load()
	var t Ticket
	if !s.Config.DisableJournal {
		t = s.journal.Begin()
	}
	x := &Exchange{R: r, srv: s, refreshed: refreshed}
	script := s.script.Load()
	if script.noReuse {
		w.Header().Set("Connection", "close")
	}
	x.rec = &statusWriter{ResponseWriter: w}
	x.W = x.rec
	e := Entry{Method: r.Method, Path: r.RequestURI, Step: -1}
	if e.Path == "" {
		e.Path = r.URL.RequestURI()
	}
	defer func() {
		e.Cred, e.Session, e.Generation, e.Outcome = x.cred, x.session, x.gen, x.outcome
		e.Status = uint16(x.rec.status)
		if x.outcome == OutcomeAnswered && e.Status == 0 {
			e.Status = http.StatusOK
		}
		if !s.Config.DisableJournal {
			s.journal.Record(t, e)
		}
		// A request the server gave up on gets no answer at all: without
		// this, net/http would write an empty 200 when the handler returns.
		if x.rec.abort || x.outcome == OutcomeHung || x.outcome == OutcomeAbandoned {
			panic(http.ErrAbortHandler)
		}
	}()

	if strings.HasPrefix(r.URL.Path, ControlPrefix) {
		e.Kind = KindControl
		s.control(x.W, r)
		return
	}
	allowed := s.cors(x.W, r)
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		e.Kind = KindPreflight
		s.preflight(x.W, r, allowed)
		return
	}
	ep, ok := s.route(r.URL.Path)
	if !ok {
		e.Kind = KindOther
		writeError(x.W, http.StatusNotFound, "not_found", "no such path on the fake auth server")
		return
	}
	x.ep = ep
	e.Kind = ep.kind()
	s.classify(x)
	i, st := script.cursors[ep].take(x.cred, r.Method, r.URL.Path)
	if st == nil {
		x.Pass()
		return
	}
	e.Step, e.Action = int16(i), st.ActionName()
	if !x.wait(st.Delay.D()) {
		return
	}
	if st.Action == nil {
		x.Pass()
		return
	}
	st.Action.Apply(x)
}

// route maps a path to the endpoint it belongs to.
func (s *Server) route(path string) (Endpoint, bool) {
	c := &s.contract
	switch {
	case path == c.LoginPath:
		return EndpointLogin, true
	case path == c.RefreshPath:
		return EndpointRefresh, true
	case path == c.LogoutPath:
		return EndpointLogout, true
	case path == c.MePath:
		return EndpointMe, true
	case strings.HasPrefix(path, c.APIPrefix):
		return EndpointAPI, true
	}
	return "", false
}

// classify finds the credential the request carries and what it is worth.
// Refresh and logout requests are judged by their refresh token, the others
// by their access token.
func (s *Server) classify(x *Exchange) {
	switch x.ep {
	case EndpointLogin:
		return
	case EndpointRefresh, EndpointLogout:
		x.refresh = s.refreshToken(x)
		if x.refresh != "" {
			x.cred, x.session, x.gen = s.store.classifyRefresh(x.refresh, s.clock.Now())
			return
		}
		if x.ep == EndpointRefresh {
			return
		}
	}
	raw := s.accessToken(x.R)
	if raw == "" {
		x.cred = CredNone
		return
	}
	c, err := s.tokens.parse(raw)
	if err != nil {
		x.cred = CredInvalid
		return
	}
	x.claims = c
	x.session, x.gen = c.Session, c.Generation
	x.cred = s.store.classifyAccess(c, s.clock.Now())
}

// accessToken reads the access header (Authorization: Bearer by default),
// else the access cookie.
func (s *Server) accessToken(r *http.Request) string {
	if h := r.Header.Get(s.contract.AccessHeader); h != "" {
		if s.contract.AccessScheme == "-" {
			return strings.TrimSpace(h)
		}
		scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
		if ok && strings.EqualFold(scheme, s.contract.AccessScheme) {
			return strings.TrimSpace(tok)
		}
		return ""
	}
	if ck, err := r.Cookie(s.contract.AccessCookie); err == nil {
		return ck.Value
	}
	return ""
}

// refreshToken reads the refresh token from a JSON body, else the cookie.
// A malformed body is remembered for the handler to refuse.
func (s *Server) refreshToken(x *Exchange) string {
	if x.R.ContentLength != 0 {
		body, err := x.readBody()
		if err == nil && len(strings.TrimSpace(string(body))) > 0 {
			var m map[string]any
			if err := json.Unmarshal(body, &m); err != nil {
				x.bodyErr = errMalformedBody
			} else if v, ok := m[s.contract.RefreshField].(string); ok && v != "" {
				return v
			}
		}
	}
	if ck, err := x.R.Cookie(s.contract.RefreshCookie); err == nil {
		return ck.Value
	}
	return ""
}

// cors sets the CORS headers for an allowed origin and reports whether the
// origin is allowed.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	for _, o := range s.Config.AllowOrigins {
		if o == origin {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Allow-Credentials", "true")
			h.Set("Access-Control-Expose-Headers", "WWW-Authenticate")
			h.Add("Vary", "Origin")
			return true
		}
	}
	return false
}

func (s *Server) preflight(w http.ResponseWriter, r *http.Request, allowed bool) {
	if !allowed {
		writeError(w, http.StatusForbidden, "origin_not_allowed", "this origin may not call the fake auth server")
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS")
	if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
		h.Set("Access-Control-Allow-Headers", req)
	}
	w.WriteHeader(http.StatusNoContent)
}
