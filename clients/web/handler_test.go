package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandler(t *testing.T) {
	h, err := Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	tests := []struct {
		name, method, path string
		status             int
		ctype, body        string
	}{
		{name: "page", method: "GET", path: "/", status: 200, ctype: "text/html; charset=utf-8", body: `<script src="app.js">`},
		{name: "page by name", method: "GET", path: "/index.html?api=http://127.0.0.1:1&style=bearer", status: 200, ctype: "text/html; charset=utf-8", body: "Your session expired"},
		{name: "bundle", method: "GET", path: "/app.js", status: 200, ctype: "text/javascript; charset=utf-8", body: "__authconform"},
		{name: "head", method: "HEAD", path: "/app.js", status: 200, ctype: "text/javascript; charset=utf-8"},
		{name: "other path", method: "GET", path: "/favicon.ico", status: 404},
		{name: "sources are not served", method: "GET", path: "/src/main.js", status: 404},
		{name: "post", method: "POST", path: "/", status: 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != tt.status {
				t.Fatalf("status %d; want %d", res.StatusCode, tt.status)
			}
			if got := res.Header.Get("Content-Type"); tt.ctype != "" && got != tt.ctype {
				t.Errorf("Content-Type %q; want %q", got, tt.ctype)
			}
			if !strings.Contains(string(b), tt.body) {
				t.Errorf("body has no %q", tt.body)
			}
		})
	}
}
