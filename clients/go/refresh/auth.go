package refresh

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Login posts username and password to the login endpoint and starts a new
// session with the credentials of the answer. The new session starts clean:
// whatever the old one left (an end, a failed refresh, a refresh in flight,
// its generations) is forgotten. A refused login returns a *LoginError and
// leaves the current session as it was.
func (t *Transport) Login(ctx context.Context, username, password string) error {
	b, err := json.Marshal(map[string]string{t.cfg.UsernameField: username, t.cfg.PasswordField: password})
	if err != nil {
		return fmt.Errorf("refresh: login: %w", err)
	}
	resp, err := t.post(ctx, t.cfg.login, bytes.NewReader(b), credentials{})
	if err != nil {
		return fmt.Errorf("refresh: login: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		oe := readOAuthError(resp.Body)
		return &LoginError{Status: resp.StatusCode, Code: oe.Code, Description: oe.Description, URI: oe.URI}
	}
	s := &session{gen: 1}
	if t.cfg.Style == StyleBearer {
		got, err := t.readTokens(resp.Body)
		if err != nil {
			return fmt.Errorf("refresh: login: %w", err)
		}
		s.access, s.refresh = got.access, got.refresh
	} else {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
		s.setCookies(t.cfg.loginURL, resp.Cookies())
	}
	t.mu.Lock()
	t.sess = s
	t.mu.Unlock()
	return nil
}

// Logout ends the session: it forgets the credentials at once, then calls
// the logout endpoint with them, within ctx and Config.LogoutTimeout, and
// returns that call's error. Requests fail with ErrLoggedOut until the next
// Login. OnLogout is not called: the caller knows. Logout of a session that
// already ended does nothing.
func (t *Transport) Logout(ctx context.Context) error {
	t.mu.Lock()
	s := t.sess
	if s.ended != nil {
		t.mu.Unlock()
		return nil
	}
	held := s.end(t.cfg, ErrLoggedOut)
	t.logouts++
	t.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, t.cfg.LogoutTimeout)
	defer cancel()
	return t.callLogout(ctx, held)
}

// logoutCall tells the server about a session the Transport ended, in the
// background and best effort: nothing waits for it, and its failure changes
// nothing.
func (t *Transport) logoutCall(held credentials) {
	defer t.wg.Done()
	ctx, cancel := context.WithTimeout(t.root, t.cfg.LogoutTimeout)
	defer cancel()
	_ = t.callLogout(ctx, held)
}

// callLogout posts to the logout endpoint with the credentials held, on
// the base transport: a 401 there never starts a refresh.
func (t *Transport) callLogout(ctx context.Context, held credentials) error {
	if held.access == "" && held.refresh == "" && len(held.cookies) == 0 {
		return nil // nothing to tell
	}
	var body io.Reader = http.NoBody
	if held.refresh != "" {
		b, _ := json.Marshal(map[string]string{t.cfg.RefreshField: held.refresh})
		body = bytes.NewReader(b)
	}
	resp, err := t.post(ctx, t.cfg.logout, body, held)
	if err != nil {
		return fmt.Errorf("refresh: logout: %w", err)
	}
	defer discard(resp)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("refresh: logout: server answered %s", resp.Status)
	}
	return nil
}

// post sends a JSON POST to an auth endpoint on the base transport,
// carrying the credentials given.
func (t *Transport) post(ctx context.Context, url string, body io.Reader, creds credentials) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if body != http.NoBody {
		req.Header.Set("Content-Type", "application/json")
	}
	if creds.access != "" {
		req.Header.Set("Authorization", "Bearer "+creds.access)
	}
	for _, c := range creds.cookies {
		req.AddCookie(c)
	}
	return t.cfg.Base.RoundTrip(req)
}
