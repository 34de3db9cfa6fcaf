package mutants

import (
	"context"
	"net/http"
)

// do sends a call through the interceptor: the axios response interceptor
// that answers a 401 by refreshing once and replaying the call.
//
//	api.interceptors.response.use(r => r, async error => {
//	  const originalRequest = error.config;
//	  if (error.response?.status === 401 && !originalRequest._retry) { ... }
//	  return Promise.reject(error);
//	});
func (c *textbook) do(ctx context.Context, cl *call) (response, error) {
	res, st, err := c.send(ctx, cl)
	if err != nil {
		return res, err
	}
	if res.status != http.StatusUnauthorized || cl.retried || cl.kind == kindForeign || cl.kind == kindLogin {
		return res, nil
	}
	return c.on401(ctx, cl, st, res)
}

// on401 handles the 401 answered to a call sent with credential generation
// st: replay it if the credential changed since, wait for the refresh in
// flight, or lead a refresh.
func (c *textbook) on401(ctx context.Context, cl *call, st stamp, res response) (response, error) {
	c.mu.Lock()
	if st.epoch != c.st.epoch {
		c.mu.Unlock()
		return response{}, errSessionReset
	}
	if st.round < c.st.round && !c.flaws.noGenerationCheck { // M6: no generation check
		// A refresh round ended since the call was sent, so the 401 is
		// about an old credential: replay it if that refresh succeeded,
		// fail it with the refresh's error if it failed.
		err := c.st.lastErr
		c.mu.Unlock()
		if err != nil {
			return response{}, err
		}
		cl.retried = true
		return c.do(ctx, cl)
	}
	if c.st.refreshing && !c.flaws.noSingleFlight { // M7: every 401 refreshes
		if c.flaws.dropWhileRefreshing {
			// M5: a 401 arriving during the refresh is rejected, not queued.
			c.mu.Unlock()
			return response{}, errDropped
		}
		w := make(chan error, 1)
		c.st.queue = append(c.st.queue, w)
		c.mu.Unlock()
		err, ok := c.wait(ctx, w)
		if !ok {
			return response{}, err
		}
		if err != nil && !c.flaws.replayOnFailure { // M14: waiters replayed after a failure
			return response{}, err
		}
		if !c.flaws.retryFlagLeaderOnly { // M8: only the leader is marked as retried
			cl.retried = true
		}
		return c.do(ctx, cl)
	}
	if c.flaws.retryFlagLeaderOnly && c.st.refreshes >= m8MaxRefreshes {
		// M8's safety bound: the storm stops after m8MaxRefreshes.
		c.mu.Unlock()
		return res, nil
	}
	c.st.refreshing = true
	c.st.refreshes++
	epoch := c.st.epoch
	c.mu.Unlock()
	cl.retried = true
	if err := c.refresh(ctx, epoch); err != nil {
		return response{}, err
	}
	return c.do(ctx, cl)
}

// gate is M2's pause gate: while a refresh is in flight, wait for it.
func (c *textbook) gate(ctx context.Context) error {
	c.mu.Lock()
	if !c.st.refreshing {
		c.mu.Unlock()
		return nil
	}
	w := make(chan error, 1)
	c.st.queue = append(c.st.queue, w)
	c.mu.Unlock()
	err, _ := c.wait(ctx, w)
	return err
}

// processQueue ends a refresh round: it clears isRefreshing and settles
// every waiter with the round's error (nil: replay). Call with c.mu held.
//
//	const processQueue = (error, token = null) => {
//	  failedQueue.forEach(p => error ? p.reject(error) : p.resolve(token));
//	  failedQueue = [];
//	};
func (c *textbook) processQueue(err error) {
	c.st.round++
	c.st.lastErr = err
	c.st.refreshing = false
	for _, w := range c.st.queue {
		w <- err
	}
	c.st.queue = nil
}
