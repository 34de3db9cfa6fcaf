package web

import (
	_ "embed"
	"net/http"
)

//go:embed index.html
var indexHTML []byte

// Handler serves the app: the page (index.html, also at /) and its bundle
// (app.js), built by Bundle; anything else is 404. The page's query names
// the fake auth server and the variant (README.md). It returns Bundle's
// error when the app cannot be built.
func Handler() (http.Handler, error) {
	js, err := Bundle()
	if err != nil {
		return nil, err
	}
	return &handler{js: js}, nil
}

type handler struct {
	js []byte
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body []byte
	var ctype string
	switch r.URL.Path {
	case "/", "/index.html":
		body, ctype = indexHTML, "text/html; charset=utf-8"
	case "/app.js":
		body, ctype = h.js, "text/javascript; charset=utf-8"
	default:
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h2 := w.Header()
	h2.Set("Content-Type", ctype)
	h2.Set("Cache-Control", "no-store")
	h2.Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}
