// Package scenarios is the catalogue of conformance scenarios and the loader
// that reads them.
//
// A scenario is data: a YAML file that says how the fake auth server behaves
// (a fakeauth.Script), what the client under test is asked to do (a
// Workload: a burst of concurrent requests, late ones, later ones, a second
// login), within what time (Timing), and which conformance rules the
// evidence it produces can judge. The starting set is embedded in the binary
// (Catalogue, Lookup); users add their own with LoadDir.
//
// A file named slow-refresh.yaml reads:
//
//	id: slow-refresh                # the file name without .yaml
//	title: Slow refresh, more requests fail meanwhile
//	description: |
//	  What the server does, what a correct client does, what it catches.
//	judges: [SF-1, SF-2, RP-1]      # conformance rule IDs
//	server:                         # a fakeauth.Script
//	  rotation: rotate
//	  behaviours:
//	    refresh:
//	      - delay: 300ms            # no action: the real answer, late
//	workload:
//	  setup: [expire-access]        # expire-access, expire-refresh, revoke, disable
//	  burst: 3                      # concurrent requests after the setup
//	  late: 3                       # more requests, late_after into the burst
//	  late_after: 100ms
//	  after: 0                      # later requests, once all settled
//	  relogin: false                # a second round after a new login
//	  paths: [/api/items, /api/profile]
//	timing:
//	  deadline: 3s                  # every request settles by then
//	  quiet: 300ms                  # then nothing more may happen for this long
//
// Loading is strict: unknown keys, bad values and impossible combinations are
// errors, each naming the file, the line and the field:
//
//	scenarios: slow-refresh.yaml:12: workload.burst: must be at least 1
package scenarios
