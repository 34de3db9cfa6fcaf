package runner

import (
	"context"
	"sync"

	"github.com/authconform/authconform/clients/go/adapter"
	"github.com/authconform/authconform/conformance"
)

// GoDriver drives a Go client in process, through the adapter interface any
// Go client stack can implement.
type GoDriver struct {
	// New makes a fresh client for each run.
	New adapter.Factory
}

// Start makes a client configured for env's server and contract.
func (d GoDriver) Start(ctx context.Context, env Env) (Session, error) {
	c := env.Contract
	cl, err := d.New(adapter.Config{
		BaseURL:        env.ServerURL,
		Style:          string(c.Style),
		LoginPath:      c.LoginPath,
		RefreshPath:    c.RefreshPath,
		LogoutPath:     c.LogoutPath,
		UsernameField:  c.UsernameField,
		PasswordField:  c.PasswordField,
		AccessField:    c.AccessField,
		RefreshField:   c.RefreshField,
		RefreshTimeout: env.RefreshTimeout,
		LogoutTimeout:  env.LogoutTimeout,
	})
	if err != nil {
		return nil, err
	}
	return &goSession{client: cl, env: env}, nil
}

type goSession struct {
	client adapter.Client
	env    Env
	wg     sync.WaitGroup
}

func (s *goSession) Login(ctx context.Context) error {
	return s.client.Login(ctx, s.env.User.Name, s.env.User.Password)
}

func (s *goSession) Issue(ctx context.Context, c CallSpec, done func(Result)) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		status, err := s.client.Request(ctx, c.Method, c.Path)
		done(Result{Status: status, Err: err})
	}()
}

// Console returns what the client logged, when it keeps a log.
func (s *goSession) Console() []string {
	if c, ok := s.client.(adapter.Console); ok {
		return c.Console()
	}
	return nil
}

func (s *goSession) State(context.Context) (*conformance.State, error) {
	st := s.client.State()
	out := &conformance.State{LoggedOut: st.LoggedOut, Logouts: st.Logouts}
	if st.HoldsAccess {
		out.Credentials = append(out.Credentials, "access")
	}
	if st.HoldsRefresh {
		out.Credentials = append(out.Credentials, "refresh")
	}
	return out, nil
}

// Close closes the client and waits for every request goroutine: the run's
// context has ended by then, so a client that honours contexts lets them go.
func (s *goSession) Close() error {
	s.client.Close()
	s.wg.Wait()
	return nil
}
