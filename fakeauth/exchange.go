package fakeauth

import (
	"io"
	"net"
	"net/http"
	"time"
)

// Exchange is one request on its way through the server: what actions see
// and act upon.
type Exchange struct {
	// W writes the response; R is the request.
	W http.ResponseWriter
	R *http.Request

	srv       *Server
	rec       *statusWriter
	ep        Endpoint
	cred      Cred
	session   uint32
	gen       uint32
	claims    *accessClaims // parsed access token, if any
	refresh   string        // refresh token presented, if any
	body      []byte        // request body, read once
	bodyErr   error
	refreshed chan struct{} // closed by the first refresh to succeed after arrival
	outcome   Outcome
}

// Endpoint is the endpoint the request hit.
func (x *Exchange) Endpoint() Endpoint { return x.ep }

// Cred is the state of the credential the request carried.
func (x *Exchange) Cred() Cred { return x.cred }

// Pass answers the request as the server would without a script.
func (x *Exchange) Pass() {
	switch x.ep {
	case EndpointLogin:
		x.srv.login(x)
	case EndpointRefresh:
		x.srv.refresh(x)
	case EndpointLogout:
		x.srv.logout(x)
	case EndpointMe:
		x.srv.me(x)
	case EndpointAPI:
		x.srv.api(x)
	default:
		writeError(x.W, http.StatusNotFound, "not_found", "no such path")
	}
}

// wait sleeps for d; it returns false, with the outcome set, when the client
// goes away or the server closes first.
func (x *Exchange) wait(d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	return x.waitOn(t.C)
}

func (x *Exchange) waitOn(c <-chan time.Time) bool {
	return x.waitFor(func(done <-chan struct{}) {
		select {
		case <-c:
		case <-done:
		}
	})
}

// waitFor runs block, which must return once done is closed, and reports
// whether the request is still worth answering afterwards.
func (x *Exchange) waitFor(block func(done <-chan struct{})) bool {
	done := make(chan struct{})
	stop := make(chan struct{})
	go func() {
		select {
		case <-x.R.Context().Done():
		case <-x.srv.closing:
		case <-stop:
			return
		}
		close(done)
	}()
	block(done)
	close(stop)
	select {
	case <-x.srv.closing:
	case <-x.R.Context().Done():
	default:
		return true
	}
	x.ended()
	return false
}

// waitForever holds the request until the client goes away or the server
// closes.
func (x *Exchange) waitForever() {
	select {
	case <-x.R.Context().Done():
	case <-x.srv.closing:
	}
	x.ended()
}

// ended sets the outcome of a request that will not be answered. Close
// marks the server closing before it closes the connections, which also
// cancels the requests' contexts: a closing server means hung, whichever
// signal arrived first; otherwise the client went away.
func (x *Exchange) ended() {
	select {
	case <-x.srv.closing:
		x.outcome = OutcomeHung
	default:
		x.outcome = OutcomeAbandoned
	}
}

// waitRefresh waits until a refresh that succeeded after the request arrived,
// or max; false means the request is not worth answering any more.
func (x *Exchange) waitRefresh(max time.Duration) bool {
	t := time.NewTimer(max)
	defer t.Stop()
	return x.waitFor(func(done <-chan struct{}) {
		select {
		case <-x.refreshed:
		case <-t.C:
		case <-done:
		}
	})
}

// drop resets the connection without an answer.
func (x *Exchange) drop() {
	x.outcome = OutcomeDropped
	conn, _, err := http.NewResponseController(x.rec.ResponseWriter).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2): let net/http abort the stream.
		x.rec.abort = true
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) // RST, not FIN: "connection reset by peer"
	}
	conn.Close()
}

// readBody reads the request body once, at most maxBodyBytes.
func (x *Exchange) readBody() ([]byte, error) {
	if x.body == nil && x.bodyErr == nil {
		x.body, x.bodyErr = io.ReadAll(http.MaxBytesReader(x.rec, x.R.Body, maxBodyBytes))
		if x.body == nil {
			x.body = []byte{}
		}
	}
	return x.body, x.bodyErr
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
	abort  bool
}

func (r *statusWriter) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusWriter) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (r *statusWriter) Unwrap() http.ResponseWriter { return r.ResponseWriter }
