// Package reference lets the conformance harness drive the reference
// interceptor, package refresh: New makes an adapter.Client whose requests
// go through a refresh.Transport configured from the scenario's contract.
package reference

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/authconform/authconform/clients/go/adapter"
	"github.com/authconform/authconform/clients/go/refresh"
)

// client is the reference stack: an http.Client over a refresh.Transport.
// In cookie style the Transport keeps the cookies, so the http.Client has
// no jar of its own.
type client struct {
	t    *refresh.Transport
	http *http.Client
	base string
}

var _ adapter.Factory = New

// cooldown outlasts any scenario: after a transient refresh failure, no
// further refresh is tried on the same credentials while a scenario runs.
const cooldown = time.Minute

// New returns a client for the server and contract in cfg. The refresh and
// logout timeouts come from cfg; every other setting is refresh's default,
// except the cooldown after a transient failure.
func New(cfg adapter.Config) (adapter.Client, error) {
	t, err := refresh.New(refresh.Config{
		BaseURL:        cfg.BaseURL,
		Style:          refresh.Style(cfg.Style),
		LoginPath:      cfg.LoginPath,
		RefreshPath:    cfg.RefreshPath,
		LogoutPath:     cfg.LogoutPath,
		UsernameField:  cfg.UsernameField,
		PasswordField:  cfg.PasswordField,
		AccessField:    cfg.AccessField,
		RefreshField:   cfg.RefreshField,
		RefreshTimeout: cfg.RefreshTimeout,
		LogoutTimeout:  cfg.LogoutTimeout,
		Cooldown:       cooldown,
	})
	if err != nil {
		return nil, fmt.Errorf("reference: %w", err)
	}
	return &client{t: t, http: t.Client(), base: strings.TrimSuffix(cfg.BaseURL, "/")}, nil
}

// Login logs in through the Transport.
func (c *client) Login(ctx context.Context, username, password string) error {
	return c.t.Login(ctx, username, password)
}

// Request sends method to the path through the interceptor and returns
// the status. A POST carries an empty JSON object, so it can be replayed.
func (c *client) Request(ctx context.Context, method, path string) (int, error) {
	var body io.Reader
	if method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch {
		body = strings.NewReader("{}")
	}
	target := path
	if !strings.HasPrefix(path, "http://") && !strings.HasPrefix(path, "https://") {
		target = c.base + path // relative to the API; an absolute URL goes where it says
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return 0, fmt.Errorf("reference: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// State maps the Transport's diagnostic state.
func (c *client) State() adapter.State {
	st := c.t.State()
	return adapter.State{LoggedOut: st.LoggedOut, HoldsAccess: st.HoldsAccess, HoldsRefresh: st.HoldsRefresh, Logouts: st.Logouts}
}

// Close ends the Transport's background work and closes its connections.
func (c *client) Close() { c.t.Close() }
