package web

import "strings"

// Variant is one variant of the app, selected by the page's variant
// parameter: the reference or a known-bad mutant.
type Variant struct {
	// ID is the stable name, as in the target web:M1; "reference" is the
	// reference app.
	ID string
	// Name is a short title ("refresh through the interceptor").
	Name string
	// Pattern is one paragraph on the real-world pattern it reproduces.
	Pattern string
	// Breaks are the IDs of the rules it is designed to break (none for the
	// reference). It is documentation: the harness's self-test measures the
	// real set. Where a rule breaks in one credential style only, Pattern
	// says so.
	Breaks []string
}

// Reference is the ID of the reference app.
const Reference = "reference"

// variants is the registry, in the order of src/variants/registry.js.
var variants = []Variant{
	{
		ID:   Reference,
		Name: "the reference interceptor",
		Pattern: "Single flight, a credential-generation check, one replay per request, refresh and logout with a " +
			"bare axios instance, logout in the background on a terminal refresh failure then fail fast until the " +
			"next login, at most 3 attempts on transient failures within the refresh timeout, bearer tokens in " +
			"memory only, credentials sent to the API's origin only. It passes every rule in both styles.",
	},
	{
		ID:   "M1",
		Name: "refresh through the interceptor (the lesson's \"final, robust\" interceptor)",
		Pattern: "The lesson's interceptor as written: module-level isRefreshing and failedQueue, processQueue, and " +
			"the refresh posted with the intercepted instance (api.post('/auth/refresh')). When the refresh answers " +
			"401 its own 401 reaches the interceptor, which sees isRefreshing and queues the refresh behind itself: " +
			"a deadlock with no logout, and isRefreshing stays true for later requests and the next session. As " +
			"written it also has no generation check (a late 401 refreshes again), no retry of transient failures " +
			"(a 503 logs out), no refresh timeout, no terminal state (after a 403 logout, later requests refresh " +
			"again) and a local-only logout.",
		Breaks: []string{"RJ-1", "LO-1", "LO-2", "NL-2", "RR-1", "RS-1", "SF-1", "SF-2", "SF-3", "TO-1", "TR-2"},
	},
	{
		ID:   "M2",
		Name: "pause gate holds the refresh",
		Pattern: "While a refresh is in flight a request interceptor installed on every axios instance pauses each " +
			"outgoing call until the refresh ends; the refresh call passes the same gate, so it waits for itself and " +
			"every refresh deadlocks.",
		Breaks: []string{"SF-1", "SF-2"},
	},
	{
		ID:   "M3",
		Name: "queue released only on success",
		Pattern: "processQueue and isRefreshing = false sit only on the success path of the refresh; on failure the " +
			"waiters hang for ever, and the stale isRefreshing flag and queue, module variables, survive logout and " +
			"login, so the next session's first 401 waits for a refresh that never comes.",
		Breaks: []string{"RJ-1", "RS-1"},
	},
	{
		ID:   "M4",
		Name: "logout through the interceptor",
		Pattern: "The logout call is made with the intercepted instance. When the logout endpoint answers 401 the " +
			"interceptor refreshes, the refresh fails, the failure handler logs out again: a refresh-logout " +
			"ping-pong (bounded here at 20 logout calls per session).",
		Breaks: []string{"LO-3", "NL-1"},
	},
	{
		ID:   "M5",
		Name: "401s dropped while refreshing",
		Pattern: "A 401 that arrives while isRefreshing is set is rejected (\"already refreshing\") instead of being " +
			"queued for replay, so requests failing during a refresh are lost.",
		Breaks: []string{"SF-2", "RP-1"},
	},
	{
		ID:   "M6",
		Name: "no credential-generation check",
		Pattern: "The interceptor does not compare the credential a request was sent with to the current one, so a " +
			"late 401 (sent with the old token, answered after the refresh finished) triggers a second refresh.",
		Breaks: []string{"SF-3", "SF-1"},
	},
	{
		ID:   "M7",
		Name: "no single flight",
		Pattern: "Every 401 starts its own refresh: isRefreshing is never consulted. Concurrent requests make " +
			"concurrent refreshes, which with rotating refresh tokens present a spent token.",
		Breaks: []string{"SF-1", "RT-1"},
	},
	{
		ID:   "M8",
		Name: "only the first request marked as retried",
		Pattern: "The _retry flag is set on the request that started the refresh but not on the queued ones; when " +
			"the new token is rejected too, each replayed 401 refreshes again: a refresh storm (bounded here at 50 " +
			"refreshes per session).",
		Breaks: []string{"SF-1"},
	},
	{
		ID:   "M9",
		Name: "401 on refresh refreshes again",
		Pattern: "The refresh call's error handler answers a 401 by calling refresh again, so a dead refresh token is " +
			"presented over and over (bounded here at 20 attempts, then logout).",
		Breaks: []string{"RR-1"},
	},
	{
		ID:   "M10",
		Name: "no terminal state",
		Pattern: "After a terminal refresh failure and logout nothing marks the session as over: each later request " +
			"is sent with no valid credential, its 401 starts another refresh, which fails and logs out again.",
		Breaks: []string{"NL-2"},
	},
	{
		ID:   "M13",
		Name: "error.response read unguarded",
		Pattern: "The refresh's error handler reads error.response.status without a guard to decide whether to " +
			"retry. A 5xx is retried, but a dropped connection or a timeout has no response: the TypeError thrown " +
			"in the handler becomes the refresh's failure, and the catch-all failure path logs the user out on a " +
			"transient failure. Only a scenario where a dropped or timed-out refresh is followed by a successful " +
			"retry shows it.",
		Breaks: []string{"TR-2"},
	},
	{
		ID:   "M14",
		Name: "waiters replayed after a failed refresh",
		Pattern: "processQueue resolves the waiters instead of rejecting them when the refresh failed, so each " +
			"waiting request is sent again with a dead credential.",
		Breaks: []string{"RJ-2"},
	},
	{
		ID:   "M15",
		Name: "no refresh timeout",
		Pattern: "The refresh call has no timeout (axios's default, 0), so a refresh that never answers keeps the " +
			"queue waiting for ever.",
		Breaks: []string{"TO-1", "RJ-1"},
	},
	{
		ID:   "LOG",
		Name: "failure only logged (the lesson's \"BAD PATTERN\")",
		Pattern: "The refresh failure is only logged (console.error); the session state is kept: no logout, the dead " +
			"credentials stay, the logged-out view never shows, and each later action refreshes again.",
		Breaks: []string{"LO-1", "LO-2", "NL-2"},
	},
	{
		ID:   "RETRY",
		Name: "unbounded transient retry",
		Pattern: "A transient refresh failure (5xx, dropped connection, timeout) is retried until it succeeds, with " +
			"no attempt limit and no overall deadline (bounded here at 50 attempts).",
		Breaks: []string{"TR-1"},
	},
	{
		ID:   "SILENT",
		Name: "logout never told to the server",
		Pattern: "After a terminal refresh failure the app clears its session locally but never calls the logout " +
			"endpoint.",
		Breaks: []string{"LO-2"},
	},
	{
		ID:   "STORAGE",
		Name: "tokens in web storage",
		Pattern: "Bearer style: the access and refresh tokens are kept in localStorage (\"to survive reloads\"), where " +
			"any page script can read them. Cookie style: the tokens are httpOnly cookies the app cannot read; it " +
			"keeps a copy of the profile and a \"token\" marker in localStorage, which leaks nothing, so SEC-1 " +
			"breaks in bearer style only. The keys are removed at logout.",
		Breaks: []string{"SEC-1"},
	},
	{
		ID:   "LEAK",
		Name: "credentials sent to every origin",
		Pattern: "A request interceptor attaches Authorization: Bearer to every request, absolute URLs of other " +
			"origins included. In cookie style the app holds no token and the browser does not send the API's " +
			"cookies to another site, so SEC-2 breaks in bearer style only.",
		Breaks: []string{"SEC-2"},
	},
}

// Variants returns every variant, the reference first, then the mutants in
// ID order: M1, M2, ... then LOG, RETRY, SILENT, STORAGE, LEAK. The slice
// is a copy.
func Variants() []Variant {
	out := make([]Variant, len(variants))
	for i, v := range variants {
		v.Breaks = append([]string(nil), v.Breaks...)
		out[i] = v
	}
	return out
}

// Lookup returns the variant with the ID, ignoring case; "" is the
// reference, as on the page.
func Lookup(id string) (Variant, bool) {
	if id == "" {
		id = Reference
	}
	for _, v := range variants {
		if strings.EqualFold(v.ID, id) {
			v.Breaks = append([]string(nil), v.Breaks...)
			return v, true
		}
	}
	return Variant{}, false
}
