package control_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/cookiejar"
	"strings"

	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/fakeauth/control"
)

// A test logs in as the app would, expires the access token through the
// control API, and reads in the journal what the server saw.
func Example() {
	srv, err := fakeauth.NewServer(fakeauth.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	c := control.New(srv.URL)

	jar, _ := cookiejar.New(nil)
	app := &http.Client{Jar: jar}
	resp, err := app.Post(srv.URL+"/auth/login", "application/json", strings.NewReader(`{"username":"alice","password":"wonderland"}`))
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()

	if err := c.ExpireAccess(ctx, 0); err != nil { // 0: every session
		log.Fatal(err)
	}
	resp, err = app.Get(srv.URL + "/api/profile")
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()

	snap, err := c.Journal(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range snap.Entries {
		fmt.Println(e.Kind, e.Method, e.Path, e.Status, e.Cred)
	}
	// Output:
	// login POST /auth/login 200 none
	// control POST /__authconform/expire-access 200 none
	// api GET /api/profile 401 expired
}

// A refused call returns a *control.Error with the HTTP status and the
// RFC 6749-style fields.
func ExampleError() {
	srv, err := fakeauth.NewServer(fakeauth.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	err = control.New(srv.URL).Revoke(context.Background(), 7)
	fmt.Println(err)
	if ce, ok := err.(*control.Error); ok {
		fmt.Println(ce.Status, ce.Code)
	}
	// Output:
	// fakeauth control: 404 unknown_session: no session 7
	// 404 unknown_session
}
