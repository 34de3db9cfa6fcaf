// Package profile reads the profile of a third-party web app: the YAML file
// that tells the "app:<url>" target where the app is, the auth contract it
// speaks, how to log in, what makes it fire a burst of API calls and how its
// logged-out state shows.
//
// A minimal profile reads:
//
//	version: 1
//	app:
//	  url: http://localhost:5173/
//	auth:
//	  style: cookie                 # or bearer
//	login:
//	  fill: {"#username": "{{username}}", "#password": "{{password}}"}
//	  submit: "#login-button"
//	  done: "#dashboard"
//	burst:
//	  click: "#load-button"
//	logged_out:
//	  selector: "#logged-out"
//
// Starter returns a commented profile with every field. Loading is strict:
// one YAML document, unknown keys, bad values and impossible combinations
// are errors, each naming the file, the line and the field:
//
//	profile: app.yaml:7: login.submit: required with login.fill
//
// A Profile's Contract is the fakeauth.Contract the fake server speaks for
// the app; WithDefaults fills in every default, and Fill types the user's
// name and password into a login.fill text.
package profile
