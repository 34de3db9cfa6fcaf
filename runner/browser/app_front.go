package browser

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"time"

	"github.com/authconform/authconform/conformance"
)

// hopHeaders are the hop-by-hop headers a forwarder does not pass on.
var hopHeaders = []string{"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate",
	"Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

// maxForwardBody bounds a request or answer a forwarder reads: auth and
// API bodies are small JSON.
const maxForwardBody = 8 << 20

// answer is the fake server's answer to a forwarded request.
type answer struct {
	status int
	header http.Header
	body   []byte
	// close: the server closed the connection after answering (a script
	// that drops connections answers so); the page must see that too.
	close bool
}

// forwarder sends an app's auth and API requests to the run's fake server,
// tagged with the call they belong to.
type forwarder struct {
	server string // the fake server's base URL
	client *http.Client
	track  *tracker
}

func newForwarder(server string, t *tracker) *forwarder {
	return &forwarder{server: server, track: t, client: &http.Client{
		// A new connection per request: the fake server's drop and hang
		// behaviours act on connections, and must not hit the next one.
		Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

// forward sends one request to the fake server. kind is the tracker's kind
// of the request (preflights are kindOther and are not tracked); uri is its
// path and query. An error means the server answered nothing: a dropped
// connection, or ctx ended (the page gave up).
func (f *forwarder) forward(ctx context.Context, kind, method, path, uri string, h http.Header, body []byte) (*answer, error) {
	id, end := "", func(int, error) {}
	if kind != kindOther {
		id, end = f.track.begin(kind, method, path, uri)
	}
	target := f.server + uri
	if id != "" {
		sep := "?"
		if strings.Contains(uri, "?") {
			sep = "&"
		}
		target += sep + conformance.CallParam + "=" + url.QueryEscape(id)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
	if err != nil {
		end(0, err)
		return nil, err
	}
	for k, vs := range h {
		req.Header[k] = append([]string(nil), vs...)
	}
	for _, k := range hopHeaders {
		req.Header.Del(k)
	}
	req.Header.Del("Content-Length")
	resp, err := f.client.Do(req)
	if err == nil {
		var data []byte
		data, err = io.ReadAll(io.LimitReader(resp.Body, maxForwardBody))
		resp.Body.Close()
		if err == nil {
			for _, k := range hopHeaders {
				resp.Header.Del(k)
			}
			a := &answer{status: resp.StatusCode, header: resp.Header, body: data, close: resp.Close}
			end(a.status, nil)
			return a, nil
		}
	}
	if ctx.Err() != nil {
		err = errCanceled
	}
	end(0, err)
	return nil, err
}

// front is a same-site origin for the app: it answers the auth paths and
// the API prefix from the fake server and passes everything else to the
// app's URL, so the page sees one origin and the fake server's cookies are
// the page's own.
type front struct {
	srv    *http.Server
	origin string
	app    *url.URL
}

// startFront serves a front for the app at app (scheme and host) on
// 127.0.0.1.
func startFront(app *url.URL, fw *forwarder) (*front, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("browser: serving the front for %s: %w", app, err)
	}
	f := &front{app: app, origin: "http://" + l.Addr().String()}
	target := &url.URL{Scheme: app.Scheme, Host: app.Host}
	pass := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.Out.Host = target.Host
		},
		ModifyResponse: func(resp *http.Response) error {
			// A redirect to the app's own origin stays on the front.
			if loc := resp.Header.Get("Location"); strings.HasPrefix(loc, target.String()) {
				resp.Header.Set("Location", f.origin+strings.TrimPrefix(loc, target.String()))
			}
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			http.Error(w, fmt.Sprintf("authconform: the app at %s does not answer: %v", target, err), http.StatusBadGateway)
		},
	}
	f.srv = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		kind := fw.track.kind(r.Method, r.URL.Path)
		if kind == kindOther {
			pass.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxForwardBody))
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		a, err := fw.forward(r.Context(), kind, r.Method, r.URL.Path, r.URL.RequestURI(), r.Header, body)
		if err != nil {
			// The server answered nothing: neither does the front.
			panic(http.ErrAbortHandler)
		}
		for k, vs := range a.header {
			w.Header()[k] = vs
		}
		if a.close {
			w.Header().Set("Connection", "close")
		}
		w.WriteHeader(a.status)
		w.Write(a.body)
	})}
	go f.srv.Serve(l)
	return f, nil
}

// close stops the front, abandoning requests in flight.
func (f *front) close() error { return f.srv.Close() }
