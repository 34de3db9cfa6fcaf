package runner

import (
	"fmt"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/authconform/authconform/conformance"
)

// foreignServer plays a server of another origin (another host name, so
// cookies are not shared with the API) and records what it is sent.
type foreignServer struct {
	srv  *http.Server
	url  string
	now  func() time.Duration
	mu   sync.Mutex
	reqs []conformance.ForeignRequest
}

func startForeign(now func() time.Duration) (*foreignServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("starting the foreign-origin server: %w", err)
	}
	f := &foreignServer{now: now}
	// "localhost" is another site than 127.0.0.1 for cookies, on the same
	// loopback address.
	f.url = fmt.Sprintf("http://localhost:%d/elsewhere", l.Addr().(*net.TCPAddr).Port)
	f.srv = &http.Server{Handler: f, ReadHeaderTimeout: 10 * time.Second}
	go f.srv.Serve(l)
	return f, nil
}

func (f *foreignServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Answer CORS generously, so a browser client really sends what it
	// means to send (a preflight carries no credentials, so it is not
	// recorded).
	if o := r.Header.Get("Origin"); o != "" {
		w.Header().Set("Access-Control-Allow-Origin", o)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		w.Header().Set("Vary", "Origin")
	}
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		w.Header().Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
		if h := r.Header.Get("Access-Control-Request-Headers"); h != "" {
			w.Header().Set("Access-Control-Allow-Headers", h)
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	fr := conformance.ForeignRequest{Start: f.now(), Path: r.URL.RequestURI(), Authorization: r.Header.Get("Authorization")}
	for _, c := range r.Cookies() {
		fr.Cookies = append(fr.Cookies, c.Name)
	}
	sort.Strings(fr.Cookies)
	f.mu.Lock()
	f.reqs = append(f.reqs, fr)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"ok":true,"origin":"foreign"}`))
}

// URL is where the workload sends its foreign requests.
func (f *foreignServer) URL() string { return f.url }

// Close stops the server and waits for its handlers.
func (f *foreignServer) Close() { f.srv.Close() }

// Requests returns what the server received.
func (f *foreignServer) Requests() []conformance.ForeignRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]conformance.ForeignRequest(nil), f.reqs...)
}
