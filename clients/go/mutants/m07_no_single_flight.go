package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newM7 makes M7, no single flight: the naive interceptor every tutorial
// starts from.
//
//	api.interceptors.response.use(r => r, async error => {
//	  if (error.response.status === 401 && !error.config._retry) {
//	    error.config._retry = true;
//	    await api.post('/auth/refresh');   // one refresh per 401
//	    return api(error.config);
//	  }
//	  return Promise.reject(error);
//	});
//
// N concurrent 401s make N refreshes (SF-1). With rotating refresh tokens
// they all present the same token, so all but one present a spent token
// (RT-1), which a reuse-detecting server punishes by revoking the session.
func newM7(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{noSingleFlight: true})
}

var m7 = Mutant{
	ID:   "M7",
	Name: "no single flight",
	Pattern: "Every 401 starts its own refresh: there is no isRefreshing flag or queue. Concurrent requests " +
		"make concurrent refreshes, which with rotating refresh tokens present a spent token.",
	Breaks: []string{"SF-1", "RT-1"},
	New:    newM7,
}
