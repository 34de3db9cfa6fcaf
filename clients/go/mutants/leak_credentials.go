package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newLeak makes LEAK: credentials sent to every host. A global default
// header, or a request interceptor that does not look at the URL:
//
//	axios.defaults.headers.common['Authorization'] = `Bearer ${token}`;
//	// or: api.interceptors.request.use(c => { c.headers.Authorization = ...; return c; })
//
// Any absolute URL the application calls (a CDN, an analytics endpoint,
// a third-party API) receives the user's access token (SEC-2). In cookie
// style the Go port copies the API's cookies (the access cookie) into a
// Cookie header on the foreign request, as code that forwards
// document.cookie-style headers does.
func newLeak(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{leak: true})
}

var mLeak = Mutant{
	ID:   "LEAK",
	Name: "credentials sent to every origin",
	Pattern: "The Authorization header (bearer) or the API's auth cookies are attached to every request, " +
		"whatever its origin, so a request to another host carries the user's access token.",
	Breaks: []string{"SEC-2"},
	New:    newLeak,
}
