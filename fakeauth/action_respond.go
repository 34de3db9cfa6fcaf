package fakeauth

import (
	"fmt"
	"net/http"
)

// Respond answers with a fixed status, and a body: Body if given, else an
// RFC 6749 error body built from Error and ErrorDescription, else nothing.
type Respond struct {
	Status           int               `json:"status" yaml:"status"`
	Error            string            `json:"error,omitempty" yaml:"error,omitempty"`
	ErrorDescription string            `json:"error_description,omitempty" yaml:"error_description,omitempty"`
	Body             any               `json:"body,omitempty" yaml:"body,omitempty"`
	Headers          map[string]string `json:"headers,omitempty" yaml:"headers,omitempty"`
	// ClearCookies also expires the access and refresh cookies, as a server
	// does when it ends a session.
	ClearCookies bool `json:"clear_cookies,omitempty" yaml:"clear_cookies,omitempty"`
}

func init() { register(func() Action { return &Respond{} }) }

// Name is "respond".
func (*Respond) Name() string { return "respond" }

// Validate wants a status between 100 and 599.
func (a *Respond) Validate() error {
	if a.Status < 100 || a.Status > 599 {
		return fmt.Errorf("respond: status %d is not an HTTP status (want 100 to 599)", a.Status)
	}
	return nil
}

// Apply writes the response.
func (a *Respond) Apply(x *Exchange) {
	h := x.W.Header()
	for k, v := range a.Headers {
		h.Set(k, v)
	}
	if a.ClearCookies {
		x.srv.clearCookies(x.W)
	}
	switch {
	case a.Body != nil:
		writeJSON(x.W, a.Status, a.Body)
	case a.Error != "":
		if a.Status == http.StatusUnauthorized && h.Get("WWW-Authenticate") == "" {
			h.Set("WWW-Authenticate", fmt.Sprintf("Bearer error=%q", a.Error))
		}
		writeJSON(x.W, a.Status, oauthError{Error: a.Error, Description: a.ErrorDescription})
	default:
		x.W.WriteHeader(a.Status)
	}
}
