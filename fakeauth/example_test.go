package fakeauth_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/cookiejar"
	"strings"

	"github.com/authconform/authconform/fakeauth"
)

// A client logs in, its access token expires, the API answers 401, the
// client refreshes and carries on. The journal tells what happened.
func Example() {
	srv, err := fakeauth.NewServer(fakeauth.Config{}) // cookie style, user alice
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	// Cookie style: a cookie jar plays the browser.
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	call := func(method, path, body string) {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		resp, err := client.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		fmt.Println(method, path, resp.StatusCode)
		if h := resp.Header.Get("WWW-Authenticate"); h != "" {
			fmt.Println("  WWW-Authenticate:", h)
		}
	}

	call("POST", "/auth/login", `{"username":"alice","password":"wonderland"}`)
	call("GET", "/api/items", "")
	srv.ExpireAccess(0) // every session's access token expires now
	call("GET", "/api/items", "")
	call("POST", "/auth/refresh", "")
	call("GET", "/api/items", "")

	fmt.Println("journal:")
	for _, e := range srv.Journal().Snapshot().Entries {
		fmt.Printf("#%d %s cred=%s generation=%d → %d\n", e.Seq, e.Kind, e.Cred, e.Generation, e.Status)
	}
	// Output:
	// POST /auth/login 200
	// GET /api/items 200
	// GET /api/items 401
	//   WWW-Authenticate: Bearer error="invalid_token"
	// POST /auth/refresh 200
	// GET /api/items 200
	// journal:
	// #1 login cred=none generation=1 → 200
	// #2 api cred=valid generation=1 → 200
	// #3 api cred=expired generation=1 → 401
	// #4 refresh cred=valid generation=1 → 200
	// #5 api cred=valid generation=2 → 200
}
