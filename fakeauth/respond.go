package fakeauth

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// oauthError is an error body with the fields of RFC 6749 section 5.2.
type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

var errMalformedBody = errors.New("fakeauth: malformed JSON body")

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(oauthError{Error: "server_error", Description: err.Error()})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
}

func writeError(w http.ResponseWriter, status int, code, desc string) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer error="`+code+`"`)
	}
	writeJSON(w, status, oauthError{Error: code, Description: desc})
}

// bodyError answers a body that could not be read or parsed.
func bodyError(w http.ResponseWriter, err error, want string) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		writeError(w, http.StatusRequestEntityTooLarge, "invalid_request", "request body too large")
		return
	}
	writeError(w, http.StatusBadRequest, "invalid_request", "the body must be a JSON object "+want)
}

func readAll(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	return io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
}
