package refresh

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// ErrLoggedOut is returned for every request made after the Transport ended
// the session, until the next successful Login; such requests are not sent.
// A terminal *RefreshError also matches it with errors.Is.
var ErrLoggedOut = errors.New("refresh: logged out")

// RefreshError is a refresh that failed: the server refused it, answered
// with an error, or could not be reached in time.
//
// A terminal failure (the server answered 401, 403, or 400 invalid_grant, or
// any other 4xx) ends the session: it matches ErrLoggedOut with errors.Is. A
// transient one (5xx, 408, 429, a network error, the refresh timeout) leaves
// the session as it was, so a later request may refresh again.
type RefreshError struct {
	// Status is the HTTP status of the last attempt's answer; 0 when there
	// was none (network error, timeout).
	Status int
	// Code, Description and URI are the RFC 6749 section 5.2 fields "error",
	// "error_description" and "error_uri" of the answer, when it had them.
	Code, Description, URI string
	// Transient reports whether the failure may pass by itself.
	Transient bool
	// Attempts is how many refresh calls were made.
	Attempts int
	// Err is the underlying error when there was no usable answer.
	Err error

	retry bool // the attempt may be repeated at once
}

func (e *RefreshError) Error() string {
	kind := "terminal"
	if e.Transient {
		kind = "transient"
	}
	msg := fmt.Sprintf("refresh: %s failure after %d attempt(s): ", kind, e.Attempts)
	switch {
	case e.Err != nil:
		msg += e.Err.Error()
	case e.Code != "":
		msg += fmt.Sprintf("server answered %d %s", e.Status, e.Code)
	default:
		msg += fmt.Sprintf("server answered %d %s", e.Status, http.StatusText(e.Status))
	}
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return msg
}

// Unwrap returns the underlying error, if any.
func (e *RefreshError) Unwrap() error { return e.Err }

// Is reports whether a terminal failure is matched against ErrLoggedOut.
func (e *RefreshError) Is(target error) bool { return target == ErrLoggedOut && !e.Transient }

// LoginError is a login the server refused.
type LoginError struct {
	// Status is the HTTP status of the answer.
	Status int
	// Code, Description and URI are the RFC 6749 error fields of the answer,
	// when it had them.
	Code, Description, URI string
}

func (e *LoginError) Error() string {
	msg := fmt.Sprintf("refresh: login refused: %d", e.Status)
	if e.Code != "" {
		msg += " " + e.Code
	}
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return msg
}

// oauthError is the RFC 6749 error body.
type oauthError struct {
	Code        string `json:"error"`
	Description string `json:"error_description"`
	URI         string `json:"error_uri"`
}

// maxErrorBody bounds how much of an error answer is read.
const maxErrorBody = 64 << 10

// readOAuthError reads the RFC 6749 fields of an error answer; a body that
// is not such JSON leaves them empty.
func readOAuthError(body io.Reader) oauthError {
	var e oauthError
	b, _ := io.ReadAll(io.LimitReader(body, maxErrorBody))
	_ = json.Unmarshal(b, &e)
	return e
}
