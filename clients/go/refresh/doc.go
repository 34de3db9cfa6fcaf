// Package refresh is an HTTP client interceptor for APIs that issue
// short-lived access credentials and a refresh credential: a Transport that
// adds the credentials to every request, refreshes them once when the API
// rejects them, and replays the rejected requests.
//
//	t, err := refresh.New(refresh.Config{BaseURL: "https://api.example.com", Style: refresh.StyleBearer})
//	if err != nil { ... }
//	defer t.Close()
//	if err := t.Login(ctx, "alice", "secret"); err != nil { ... }
//	resp, err := t.Client().Get("https://api.example.com/api/items")
//
// Two credential styles are supported. In bearer style the tokens are kept
// in memory: the access token goes out in an Authorization header, the
// refresh token in the JSON body of the refresh call. In cookie style the
// server sets httpOnly cookies and the Transport keeps them in a cookie jar
// of its own. Either way credentials go only to the configured origin.
//
// # Refreshing
//
// Every request is tagged with the credentials it was sent with: the
// session (one per Login) and its generation (one more per successful
// refresh). When the API answers 401, the Transport compares that tag with
// the current credentials. If they changed since the request was sent (the
// 401 arrived late, after a refresh), the request is replayed with the
// current ones without refreshing again. Otherwise the request waits for the
// refresh in flight, or starts it: there is at most one refresh in flight,
// and every request rejected meanwhile waits for its result. A request is
// replayed at most once, and the answer to the replay is returned as it is,
// 401 included, so an API that rejects even fresh credentials cannot cause a
// storm of refreshes.
//
// The refresh, login and logout calls go to the base transport directly.
// They are never intercepted, so a 401 on the refresh call cannot start
// another refresh, and nothing queues behind itself.
//
// # Failures
//
// A refresh fails terminally when the server refuses it: 401, 403, 400
// invalid_grant or any other 4xx. The Transport then ends the session: every
// waiting request fails with the *RefreshError, the credentials are
// forgotten (memory and jar), the logout endpoint is called once in the
// background with its own timeout (nothing waits for it, and its failure
// changes nothing), Config.OnLogout is called, and every later request fails
// at once with ErrLoggedOut, without being sent, until the next Login.
//
// A refresh fails transiently on 5xx, 408, 429, a network error or its own
// timeout (Config.RefreshTimeout, which bounds each attempt). It is
// retried with a doubling backoff, at most Config.MaxAttempts attempts in
// all; if they all fail, the waiting requests fail with the *RefreshError,
// the session is kept, and for Config.Cooldown more 401s on the same
// credentials fail with that error instead of starting another refresh.
//
// Errors are prefixed "refresh: ". Match a lost session with
// errors.Is(err, ErrLoggedOut) and read the server's RFC 6749 error fields
// with errors.As and *RefreshError.
//
// Background work (a refresh, a logout call) is bounded by its timeout and
// by Close, which ends it and waits for it.
package refresh
