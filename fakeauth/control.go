package fakeauth

import (
	"fmt"
	"net/http"
	"strings"
)

// The control API, under ControlPrefix. Every call answers JSON; errors
// carry RFC 6749-style fields. It never sets CORS headers, and it refuses
// every request a web page makes (see fromPage), same-origin ones included:
// page scripts of the app under test can neither read nor drive it.
//
//	GET  health          {"ok":true}
//	GET  journal         the journal snapshot
//	GET  sessions        the sessions
//	GET  script          the script in force
//	PUT  script          load a script (a Script as JSON)
//	POST scenario        load a named scenario's script: {"id":"revoked"}
//	POST reset           forget sessions, journal and script progress
//	POST expire-access   {"session":N} (0 or absent: every session)
//	POST expire-refresh  {"session":N}
//	POST revoke          {"session":N}
//	POST disable         {"user":"alice"}
//	POST enable          {"user":"alice"}
type controlCall struct {
	method string
	run    func(s *Server, r *http.Request, body []byte) (any, error)
}

// ControlError is an error of the control API with its HTTP status.
type ControlError struct {
	Status      int    `json:"-"`
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

func (e *ControlError) Error() string {
	return fmt.Sprintf("fakeauth control: %d %s: %s", e.Status, e.Code, e.Description)
}

func badRequest(format string, a ...any) *ControlError {
	return &ControlError{Status: http.StatusBadRequest, Code: "invalid_request", Description: fmt.Sprintf(format, a...)}
}

// sessionArg is the body of the session operations.
type sessionArg struct {
	Session uint32 `json:"session"`
}

type userArg struct {
	User string `json:"user"`
}

var controlCalls = map[string]controlCall{
	"health": {http.MethodGet, func(s *Server, _ *http.Request, _ []byte) (any, error) {
		return map[string]any{"ok": true, "url": s.URL}, nil
	}},
	"journal": {http.MethodGet, func(s *Server, _ *http.Request, _ []byte) (any, error) {
		return s.journal.Snapshot(), nil
	}},
	"sessions": {http.MethodGet, func(s *Server, _ *http.Request, _ []byte) (any, error) {
		return s.Sessions(), nil
	}},
	"reset": {http.MethodPost, func(s *Server, _ *http.Request, _ []byte) (any, error) {
		s.Reset()
		return ok, nil
	}},
	"scenario": {http.MethodPost, func(s *Server, _ *http.Request, b []byte) (any, error) {
		var arg struct {
			ID string `json:"id"`
		}
		if err := decodeArg(b, &arg); err != nil {
			return nil, err
		}
		if arg.ID == "" {
			return nil, badRequest(`want {"id":"SCENARIO"}`)
		}
		if s.Config.Scenarios == nil {
			return nil, &ControlError{Status: http.StatusNotImplemented, Code: "not_implemented", Description: "this server has no scenario catalogue; PUT a script instead"}
		}
		sc, err := s.Config.Scenarios(arg.ID)
		if err != nil {
			return nil, &ControlError{Status: http.StatusNotFound, Code: "unknown_scenario", Description: err.Error()}
		}
		if err := s.LoadScript(sc); err != nil {
			return nil, badRequest("scenario %q: %v", arg.ID, err)
		}
		return ok, nil
	}},
	"expire-access":  sessionOp(func(s *Server, id uint32) bool { return s.ExpireAccess(id) }),
	"expire-refresh": sessionOp(func(s *Server, id uint32) bool { return s.ExpireRefresh(id) }),
	"revoke":         sessionOp(func(s *Server, id uint32) bool { return s.Revoke(id) }),
	"disable":        userOp(func(s *Server, u string) error { return s.Disable(u) }),
	"enable":         userOp(func(s *Server, u string) error { return s.Enable(u) }),
}

var ok = map[string]bool{"ok": true}

func sessionOp(f func(*Server, uint32) bool) controlCall {
	return controlCall{http.MethodPost, func(s *Server, _ *http.Request, b []byte) (any, error) {
		var arg sessionArg
		if err := decodeArg(b, &arg); err != nil {
			return nil, err
		}
		if !f(s, arg.Session) {
			return nil, &ControlError{Status: http.StatusNotFound, Code: "unknown_session", Description: fmt.Sprintf("no session %d", arg.Session)}
		}
		return ok, nil
	}}
}

func userOp(f func(*Server, string) error) controlCall {
	return controlCall{http.MethodPost, func(s *Server, _ *http.Request, b []byte) (any, error) {
		var arg userArg
		if err := decodeArg(b, &arg); err != nil {
			return nil, err
		}
		if arg.User == "" {
			return nil, badRequest(`want {"user":"NAME"}`)
		}
		if err := f(s, arg.User); err != nil {
			return nil, &ControlError{Status: http.StatusNotFound, Code: "unknown_user", Description: err.Error()}
		}
		return ok, nil
	}}
}

func decodeArg(b []byte, v any) error {
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	if err := strictJSON(b, v); err != nil {
		return badRequest("malformed body: %v", err)
	}
	return nil
}

func (s *Server) control(w http.ResponseWriter, r *http.Request) {
	if fromPage(r) {
		writeJSON(w, http.StatusForbidden, &ControlError{Status: http.StatusForbidden, Code: "page_request_refused",
			Description: "the control API does not answer requests made by web pages (Origin or Sec-Fetch-Site header); call it from the test process, e.g. with curl or the fakeauth/control client"})
		return
	}
	name := strings.TrimPrefix(r.URL.Path, ControlPrefix)
	var body []byte
	if r.Body != nil {
		var err error
		body, err = readAll(w, r)
		if err != nil {
			bodyError(w, err, "")
			return
		}
	}
	res, err := s.controlRun(name, r, body)
	if err != nil {
		ce, isCE := err.(*ControlError)
		if !isCE {
			ce = &ControlError{Status: http.StatusInternalServerError, Code: "server_error", Description: err.Error()}
		}
		if ce.Status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", controlAllow(name))
		}
		writeJSON(w, ce.Status, ce)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// fromPage reports whether a request was made by a web page. Browsers send
// Origin with every cross-origin request and with every same-origin one but
// GET and HEAD, and Sec-Fetch-Site with every request ("none" only when the
// user typed the address). A simple cross-origin POST needs no preflight, so
// leaving out CORS headers alone would let a page drive the API blindly;
// and where the harness serves the app from the server's own origin, page
// scripts would not even need CORS. Test tools (curl, the control client,
// Playwright's request API) send neither header.
func fromPage(r *http.Request) bool {
	if r.Header.Get("Origin") != "" {
		return true
	}
	site := r.Header.Get("Sec-Fetch-Site")
	return site != "" && site != "none"
}

// controlAllow lists the methods a known call takes, for the Allow header
// a 405 must carry (RFC 9110, section 15.5.6).
func controlAllow(name string) string {
	if name == "script" {
		return "GET, PUT"
	}
	return controlCalls[name].method
}

func (s *Server) controlRun(name string, r *http.Request, body []byte) (any, error) {
	if name == "script" {
		switch r.Method {
		case http.MethodGet:
			return s.Script(), nil
		case http.MethodPut:
			var sc Script
			if err := strictJSON(body, &sc); err != nil {
				return nil, badRequest("malformed script: %v", err)
			}
			if err := s.LoadScript(sc); err != nil {
				return nil, badRequest("script: %v", err)
			}
			return ok, nil
		}
		return nil, &ControlError{Status: http.StatusMethodNotAllowed, Code: "invalid_request", Description: "script takes GET or PUT"}
	}
	c, found := controlCalls[name]
	if !found {
		return nil, &ControlError{Status: http.StatusNotFound, Code: "unknown_call", Description: fmt.Sprintf("no control call %q (see the fakeauth package docs)", name)}
	}
	if r.Method != c.method {
		return nil, &ControlError{Status: http.StatusMethodNotAllowed, Code: "invalid_request", Description: fmt.Sprintf("%s takes %s", name, c.method)}
	}
	return c.run(s, r, body)
}
