package conformance

// catalogue is the rule catalogue in the order of the product brief. Each
// Requirement is the brief's sentence, word for word; an ID never changes
// meaning. Judges that count journal requests (or rely on their absence)
// are wrapped in counting: with entries dropped they do not judge.
var catalogue = stamp([]Rule{
	{
		ID: "SF-1", Level: Must, Title: "one refresh per expiry",
		Requirement: "one refresh per expiry: N concurrent requests that get 401 on one expired credential cause exactly one refresh call",
		Rationale: "Without single-flight every request that sees a 401 starts its own refresh (M7); with rotating " +
			"refresh tokens the second one presents a spent token and the server may revoke the whole session. It is " +
			"also the storm detector: a client that marks only some requests as retried (M8) refreshes again on each replay's 401.",
		Judge: counting(judgeSF1),
	},
	{
		ID: "SF-2", Level: Must, Title: "failing requests wait for the refresh in flight",
		Requirement: "requests that fail while a refresh is in flight wait for it: not dropped, not refreshed again",
		Rationale: "A request whose 401 arrives while the refresh runs must join the queue. Interceptors that drop " +
			"in-flight 401s (M5) show errors although the session was fine, and a pause gate that also holds the " +
			"refresh call (M2) deadlocks every request until the deadline.",
		Judge: counting(judgeSF2),
	},
	{
		ID: "SF-3", Level: Must, Title: "a late 401 is replayed without a second refresh",
		Requirement: "a late 401 (request sent with the old credential, answered after the refresh finished) is replayed with the new credential without a second refresh",
		Rationale: "A 401 can arrive after the refresh finished, for a request that carried the old credential. A client " +
			"without a credential-generation check (M6) takes it for a new expiry and refreshes again, spending a rotated " +
			"token for nothing and racing its own queue.",
		Judge: counting(judgeSF3),
	},
	{
		ID: "RP-1", Level: Must, Title: "every waiting request is replayed once",
		Requirement: "after a successful refresh every waiting request is replayed exactly once and succeeds",
		Rationale: "The queue must be released with the new credential, each request once. A lost waiter leaves the " +
			"user an error they did not earn (M5) or a promise that never settles; a request replayed twice repeats " +
			"its side effect, such as a POST.",
		Judge: counting(judgeRP1),
	},
	{
		ID: "RJ-1", Level: Must, Title: "a failed refresh settles every request",
		Requirement: "when the refresh fails, every waiting and in-flight request settles with an error before the deadline (no hang, no deadlock)",
		Rationale: "The textbook \"final, robust\" interceptor sends its refresh through the intercepted client, so " +
			"the refresh's own 401 queues behind itself and nothing ever settles (M1); others release the queue only " +
			"on success (M3). Either way the app shows spinners forever.",
		Judge: counting(judgeRJ1),
	},
	{
		ID: "RJ-2", Level: Must, Title: "no blind replay after a failed refresh",
		Requirement: "after a failed refresh no waiting request is sent again (no blind replay)",
		Rationale: "A failed refresh brings no new credential. Replaying the queue anyway (M14) sends every request " +
			"again with the dead credential: a second wave of 401s on a failing server, which can start yet another refresh.",
		Judge: counting(judgeRJ2),
	},
	{
		ID: "RR-1", Level: Must, Title: "a 401 on the refresh is final",
		Requirement: "a 401/403 on the refresh call itself never triggers another refresh",
		Rationale: "A refresh answered 401 or 403 means the refresh credential is dead. An interceptor that treats " +
			"the refresh call like any other request (M9, or M1's refresh through the intercepted client) refreshes " +
			"again on its own failure: a loop, or a deadlock.",
		Judge: counting(judgeRR1),
	},
	{
		ID: "LO-1", Level: Must, Title: "a terminal refresh failure ends in logout",
		Requirement: "a terminal refresh failure (401, 403, 400 invalid_grant) ends in logout: local credentials cleared and auth state reset (browser: the app shows its logged-out state)",
		Rationale: "When the refresh credential is dead, only a new login helps. The common weak pattern only logs " +
			"the failure and keeps the state, leaving a half-logged-in app whose every action fails and whose " +
			"credentials linger in memory or storage.",
		Judge: judgeLO1,
	},
	{
		ID: "LO-2", Level: Should, Title: "the logout endpoint is called once",
		Requirement: "the client tells the server: the logout endpoint is called exactly once",
		Rationale: "The server should learn that the session ended so it can revoke it. No call leaves the session " +
			"alive on the server; several calls, often one per failed request, show a logout that is not single-flight " +
			"and can ping-pong with refresh (M4).",
		Judge: counting(judgeLO2),
	},
	{
		ID: "LO-3", Level: Must, Title: "logout completes locally whatever the endpoint does",
		Requirement: "logout completes locally even when the logout endpoint fails, hangs or answers 401, and its failure triggers no refresh",
		Rationale: "A logout call sent through the interceptor (M4) gets a 401, which starts a refresh, which fails and " +
			"logs out again: refresh-logout ping-pong. A client that waits for the endpoint's success before clearing " +
			"local state stays logged in whenever the endpoint fails or hangs.",
		Judge: counting(judgeLO3),
	},
	{
		ID: "NL-1", Level: Must, Title: "no retry loop in the quiet window",
		Requirement: "no retry loop: within the quiet window after the failure there are no more refresh calls and no requests with the dead credential",
		Rationale: "Once every request has settled the client must go quiet. Refreshes or replays in the quiet window " +
			"are the signature of a loop: a refresh storm when the new token is unusable too (M8), or refresh and " +
			"logout calling each other (M4).",
		Judge: counting(judgeNL1),
	},
	{
		ID: "NL-2", Level: Must, Title: "later actions fail fast in the terminal state",
		Requirement: "terminal state: later actions do not refresh again; they fail fast or lead to login until a new login",
		Rationale: "After a terminal failure the client must remember it. Without a terminal state (M10) each later " +
			"action sends the dead credential, gets a 401 and refreshes again, hammering the auth server and never " +
			"reaching the login screen.",
		Judge: counting(judgeNL2),
	},
	{
		ID: "TR-1", Level: Must, Title: "a transient failure never loops unbounded",
		Requirement: "a transient refresh failure (5xx, dropped connection, timeout) never loops unbounded: at most 3 attempts, all requests settle before the deadline",
		Rationale: "Retrying a 503 or a reset connection is right; retrying forever turns an auth-server outage into " +
			"a self-inflicted flood and keeps every waiting request pending.",
		Judge: counting(judgeTR1),
	},
	{
		ID: "TR-2", Level: Should, Title: "a transient failure does not log out",
		Requirement: "a transient refresh failure does not log the user out if a bounded retry succeeds",
		Rationale: "A 503 or a reset says nothing about the session. Clients that read error.response unguarded " +
			"(M13) turn a network error into a TypeError and log out, throwing away a session a retry would have saved.",
		Judge: counting(judgeTR2),
	},
	{
		ID: "TO-1", Level: Must, Title: "a refresh that never answers times out",
		Requirement: "a refresh that never answers is abandoned by the client's own timeout; the queue settles before the deadline",
		Rationale: "Without a timeout on the refresh call (M15) a refresh endpoint that never answers holds the whole " +
			"queue for as long as the connection lives, which in a browser can be minutes.",
		Judge: counting(judgeTO1),
	},
	{
		ID: "RT-1", Level: Must, Title: "a spent refresh token is never presented again",
		Requirement: "with rotating refresh tokens, a spent refresh token is never presented again",
		Rationale: "With rotation each refresh token works once; presenting it again looks like theft, and a server " +
			"with reuse detection revokes the whole token family. Concurrent refreshes (M7) and token copies kept in " +
			"closures do it.",
		Judge: counting(judgeRT1),
	},
	{
		ID: "RS-1", Level: Must, Title: "a new login starts a clean session",
		Requirement: "after logout, a new login works and the next expiry refreshes normally (no state left from the old session)",
		Rationale: "Interceptors keep module-level state: an isRefreshing flag, a queue, a refresh promise, a " +
			"\"refresh failed\" flag. If logout does not reset it, the next session inherits a stuck flag and never " +
			"refreshes, or replays the old queue.",
		Judge: counting(judgeRS1),
	},
	{
		ID: "SEC-1", Level: Should, Title: "the refresh token is out of reach of page scripts",
		Requirement: "the refresh token is not readable by page scripts (httpOnly cookie, not in web storage)",
		Rationale: "A refresh token in web storage or a readable cookie is stolen by any XSS and outlives an access " +
			"token by far. An httpOnly cookie keeps it out of reach of page scripts.",
		Judge: judgeSEC1,
	},
	{
		ID: "SEC-2", Level: Must, Title: "credentials stay with the configured API",
		Requirement: "credentials are never sent to an origin other than the configured API",
		Rationale: "An interceptor installed on a global client (axios defaults, a patched fetch) attaches the " +
			"credential to every request, third-party origins included: analytics, CDNs, other APIs. That hands the " +
			"credential to whoever runs them.",
		Judge: judgeSEC2,
	},
})
