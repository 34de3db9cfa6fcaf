// Package control is the Go client of the fakeauth control API: the calls a
// test makes to script a running fake auth server from outside, whether the
// server runs in the same process (fakeauth.NewServer) or on its own
// (authconform serve).
//
// Every call takes a context, speaks in the plain data types of package
// fakeauth (Script, Snapshot, SessionInfo), and returns an *Error when the
// server refused it:
//
//	c := control.New(srv.URL)
//	if err := c.ExpireAccess(ctx, 0); err != nil {
//		return err
//	}
//	snap, err := c.Journal(ctx)
//
// Failures to reach the server or to read its answer are returned wrapped
// with %w and the call's name, as in "control: journal: ...", so
// errors.Is(err, context.Canceled) tells a canceled call.
package control

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/authconform/authconform/fakeauth"
)

// DefaultTimeout bounds each call of a Client whose HTTP field is nil.
const DefaultTimeout = 10 * time.Second

// defaultHTTP is the client used when Client.HTTP is nil.
var defaultHTTP = &http.Client{Timeout: DefaultTimeout}

// maxErrorBody is how much of a refusal's body is read.
const maxErrorBody = 64 << 10

// maxDescription is how much of a body that is not an RFC 6749 error goes
// into Error.Description.
const maxDescription = 512

// Client calls the control API of one fakeauth server. Its methods are safe
// for concurrent use.
type Client struct {
	// BaseURL is the server's URL, such as http://127.0.0.1:PORT (what
	// fakeauth.Server.URL holds). The client adds fakeauth.ControlPrefix; a
	// trailing slash is tolerated.
	BaseURL string
	// HTTP makes the requests. Nil means a client shared by the package that
	// gives up on a call after DefaultTimeout; the context of each call can
	// end it sooner.
	HTTP *http.Client
}

// New returns a client of the server at baseURL, using the default HTTP
// client (see Client.HTTP).
func New(baseURL string) *Client {
	return &Client{BaseURL: strings.TrimRight(baseURL, "/")}
}

// Error is what a call that the server refused returns: the HTTP status and
// the RFC 6749-style fields of the answer. When the answer is not such an
// error body (a proxy's page, an empty body), Code is empty and Description
// holds the start of the body, or the status text.
type Error struct {
	// Status is the HTTP status of the answer.
	Status int
	// Code is the answer's "error" field, such as "unknown_session".
	Code string
	// Description is the answer's "error_description" field.
	Description string
}

// Error formats the refusal as in
// "fakeauth control: 404 unknown_session: no session 7".
func (e *Error) Error() string {
	s := fmt.Sprintf("fakeauth control: %d", e.Status)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Description != "" {
		s += ": " + e.Description
	}
	return s
}

// Health checks that the server answers its control API.
func (c *Client) Health(ctx context.Context) error {
	return c.callOK(ctx, http.MethodGet, "health", "health", nil)
}

// Journal returns a snapshot of the server's journal. The Journal request
// itself is still in flight when the snapshot is taken: it is not among the
// entries and counts in InFlight.
func (c *Client) Journal(ctx context.Context) (fakeauth.Snapshot, error) {
	var snap fakeauth.Snapshot
	err := c.call(ctx, http.MethodGet, "journal", "journal", nil, &snap)
	return snap, err
}

// Sessions lists the sessions opened since the server started or was last
// reset, in order of ID.
func (c *Client) Sessions(ctx context.Context) ([]fakeauth.SessionInfo, error) {
	var ss []fakeauth.SessionInfo
	err := c.call(ctx, http.MethodGet, "sessions", "sessions", nil, &ss)
	return ss, err
}

// Script returns the script in force, with the defaults filled in.
func (c *Client) Script(ctx context.Context) (fakeauth.Script, error) {
	var sc fakeauth.Script
	err := c.call(ctx, http.MethodGet, "script", "script", nil, &sc)
	return sc, err
}

// LoadScript replaces the server's script and restarts every endpoint's
// steps. An invalid script is refused with a 400 *Error whose description
// names the field, as in "behaviours.refresh[0].respond: status 0 ...".
func (c *Client) LoadScript(ctx context.Context, sc fakeauth.Script) error {
	return c.callOK(ctx, http.MethodPut, "load script", "script", sc)
}

// LoadScenario loads the script of the scenario named id from the server's
// catalogue. An unknown id is refused with 404 unknown_scenario, and a server
// without a catalogue (fakeauth.Config.Scenarios nil) answers 501.
func (c *Client) LoadScenario(ctx context.Context, id string) error {
	return c.callOK(ctx, http.MethodPost, "scenario", "scenario", struct {
		ID string `json:"id"`
	}{id})
}

// Reset makes the server forget its sessions, its journal and the progress
// of its script, and re-enable every account; the script stays loaded.
func (c *Client) Reset(ctx context.Context) error {
	return c.callOK(ctx, http.MethodPost, "reset", "reset", nil)
}

// ExpireAccess makes the access tokens issued so far to a session expire now;
// session 0 means every session. An unknown session is refused with 404
// unknown_session.
func (c *Client) ExpireAccess(ctx context.Context, session uint32) error {
	return c.sessionOp(ctx, "expire-access", session)
}

// ExpireRefresh makes a session's refresh tokens expire now (session 0: every
// session's): its next refresh is refused with 401 invalid_grant.
func (c *Client) ExpireRefresh(ctx context.Context, session uint32) error {
	return c.sessionOp(ctx, "expire-refresh", session)
}

// Revoke revokes a session (session 0: every session): its refresh and
// access tokens are refused from then on.
func (c *Client) Revoke(ctx context.Context, session uint32) error {
	return c.sessionOp(ctx, "revoke", session)
}

// Disable disables an account: its logins and refreshes are refused with 403
// account_disabled. An unknown user is refused with 404 unknown_user.
func (c *Client) Disable(ctx context.Context, user string) error {
	return c.userOp(ctx, "disable", user)
}

// Enable enables an account again.
func (c *Client) Enable(ctx context.Context, user string) error {
	return c.userOp(ctx, "enable", user)
}

func (c *Client) sessionOp(ctx context.Context, name string, session uint32) error {
	return c.callOK(ctx, http.MethodPost, name, name, struct {
		Session uint32 `json:"session"`
	}{session})
}

func (c *Client) userOp(ctx context.Context, name, user string) error {
	return c.callOK(ctx, http.MethodPost, name, name, struct {
		User string `json:"user"`
	}{user})
}

// callOK makes a call whose answer is {"ok":true}, and checks that it is.
func (c *Client) callOK(ctx context.Context, method, label, name string, in any) error {
	var res struct {
		OK bool `json:"ok"`
	}
	if err := c.call(ctx, method, label, name, in, &res); err != nil {
		return err
	}
	if !res.OK {
		return fmt.Errorf("control: %s: the server answered without \"ok\": true (is it a fakeauth server?)", label)
	}
	return nil
}

// call sends in (when not nil) as JSON to the control call name and decodes
// the answer into out. label names the call in errors.
func (c *Client) call(ctx context.Context, method, label, name string, in, out any) error {
	base := strings.TrimRight(c.BaseURL, "/")
	if base == "" {
		return fmt.Errorf("control: %s: no BaseURL", label)
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("control: %s: %w", label, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+fakeauth.ControlPrefix+name, body)
	if err != nil {
		return fmt.Errorf("control: %s: %w", label, err)
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := c.HTTP
	if hc == nil {
		hc = defaultHTTP
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("control: %s: %w", label, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return refusal(resp)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("control: %s: reading the answer: %w", label, err)
	}
	return nil
}

// refusal turns an answer with a non-2xx status into an *Error.
func refusal(resp *http.Response) *Error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &Error{Status: resp.StatusCode}
	var fields struct {
		Code        string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(b, &fields) == nil && fields.Code != "" {
		e.Code, e.Description = fields.Code, fields.Description
		return e
	}
	e.Description = strings.TrimSpace(string(b))
	if len(e.Description) > maxDescription {
		e.Description = strings.ToValidUTF8(e.Description[:maxDescription], "") + "..."
	}
	if e.Description == "" {
		e.Description = http.StatusText(resp.StatusCode)
	}
	return e
}
