package profile_test

import (
	"fmt"

	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner/profile"
)

func ExampleParse() {
	p, err := profile.Parse("app.yaml", []byte(`version: 1
app:
  url: http://localhost:5173
auth:
  style: bearer
  login: {path: /api/session, method: put}
  access_header: X-Access-Token
login:
  fill: {"#email": "{{username}}@example.com", "#password": "{{password}}"}
  submit: "button[type=submit]"
  done: nav .avatar
burst:
  route: /orders
logged_out:
  url: /signin$
`))
	if err != nil {
		panic(err)
	}
	c := p.Contract()
	fmt.Println(c.Style, c.LoginMethod, c.LoginPath, c.AccessHeader, c.AccessScheme)
	fmt.Println(p.Fill(p.Login.Fill["#email"]))

	srv, err := fakeauth.NewServer(fakeauth.Config{Contract: c})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	full := srv.Contract()
	fmt.Println(full.RefreshMethod, full.RefreshPath, full.APIPrefix)
	// Output:
	// bearer PUT /api/session X-Access-Token -
	// alice@example.com
	// POST /auth/refresh /api/
}

func ExampleParse_error() {
	_, err := profile.Parse("app.yaml", []byte(`version: 1
app:
  url: http://localhost:5173/
auth:
  style: cookie
login:
  fill: {"#username": "{{username}}", "#password": "{{password}}"}
  done: "#dashboard"
burst:
  click: "#load-button"
  route: /items
logged_out:
  selector: "#logged-out"
`))
	fmt.Println(err)
	// Output:
	// profile: app.yaml:7: login.submit: required with login.fill
	// profile: app.yaml:10: burst.click: set together with burst.route: want exactly one of route, click or script
}
