package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newM1 makes M1, the refresh sent through the intercepted client. It is
// the "final, robust" interceptor of many tutorials, which calls the
// refresh endpoint with the very axios instance it intercepts:
//
//	isRefreshing = true;
//	try {
//	  await api.post('/auth/refresh');   // api: the intercepted instance
//	  processQueue(null);
//	  return api(originalRequest);
//	} catch (err) { processQueue(err); logout(); return Promise.reject(err); }
//
// While the refresh succeeds nothing shows. When it fails with 401, that
// 401 runs through the same response interceptor: the refresh call has no
// _retry flag and isRefreshing is true, so it is pushed on failedQueue to
// wait for the refresh in flight, that is, for itself. Nothing settles
// until the run's context ends: the waiters hang (RJ-1), no logout happens
// (LO-1, LO-2) and later actions queue behind the dead refresh.
func newM1(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{refreshViaInterceptor: true})
}

var m1 = Mutant{
	ID:   "M1",
	Name: "refresh through the interceptor",
	Pattern: "The refresh call is made with the intercepted client (api.post('/auth/refresh') on the same axios " +
		"instance). When the refresh answers 401, its own 401 reaches the interceptor, which sees isRefreshing " +
		"and queues the refresh behind the refresh in flight, itself: a deadlock that only the caller's " +
		"deadline ends, with no logout.",
	Breaks: []string{"RJ-1", "LO-1", "LO-2"},
	New:    newM1,
}
