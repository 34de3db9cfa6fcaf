package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/authconform/authconform/clients/go/adapter"
)

// protocolVersion is the version of the process protocol this client speaks.
const protocolVersion = 1

// message is every field of the messages this client reads and writes.
type message struct {
	Type string `json:"type"`
	ID   string `json:"id,omitempty"`
	// hello
	Version          int       `json:"version,omitempty"`
	Name             string    `json:"name,omitempty"`
	Server           string    `json:"server,omitempty"`
	Style            string    `json:"style,omitempty"`
	Contract         *contract `json:"contract,omitempty"`
	RefreshTimeoutMS int64     `json:"refresh_timeout_ms,omitempty"`
	LogoutTimeoutMS  int64     `json:"logout_timeout_ms,omitempty"`
	ShutdownMS       int64     `json:"shutdown_ms,omitempty"`
	// login
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
	// request
	Method string `json:"method,omitempty"`
	Path   string `json:"path,omitempty"`
	// reply
	Status int    `json:"status,omitempty"`
	Error  string `json:"error,omitempty"`
	State  *state `json:"state,omitempty"`
}

type contract struct {
	LoginPath     string `json:"login_path"`
	RefreshPath   string `json:"refresh_path"`
	LogoutPath    string `json:"logout_path"`
	AccessField   string `json:"access_field"`
	RefreshField  string `json:"refresh_field"`
	UsernameField string `json:"username_field"`
	PasswordField string `json:"password_field"`
}

type state struct {
	LoggedOut   bool     `json:"logged_out"`
	Credentials []string `json:"credentials"`
	Logouts     int      `json:"logouts"`
}

// server is one protocol session: commands in, replies out.
type server struct {
	name    string
	factory adapter.Factory
	enc     *json.Encoder
	outMu   sync.Mutex
	quiet   bool            // shutdown: nothing more is written
	ctx     context.Context // ends at shutdown: requests still in flight give up
	client  adapter.Client
	wg      sync.WaitGroup
	logged  int // console lines already copied to stderr
	closeTO time.Duration
}

// serve runs the protocol until shutdown or the end of stdin.
func serve(in io.Reader, out io.Writer, name string, f adapter.Factory) error {
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{name: name, factory: f, enc: json.NewEncoder(out), ctx: ctx, closeTO: 2 * time.Second}
	defer s.stop(cancel)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var m message
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			fmt.Fprintf(os.Stderr, "ignoring a line that is not a message: %q\n", sc.Text())
			continue
		}
		if m.Type != "hello" && s.client == nil {
			s.send(message{Type: "reply", ID: m.ID, Error: "no hello yet"})
			continue
		}
		switch m.Type {
		case "hello":
			if err := s.hello(m); err != nil {
				return err
			}
		case "login":
			s.async(m.ID, func() message {
				return result(0, s.client.Login(s.ctx, m.Username, m.Password))
			})
		case "request":
			s.async(m.ID, func() message { return result(s.client.Request(s.ctx, m.Method, m.Path)) })
		case "state":
			s.copyConsole()
			st := s.client.State()
			var creds []string
			if st.HoldsAccess {
				creds = append(creds, "access")
			}
			if st.HoldsRefresh {
				creds = append(creds, "refresh")
			}
			s.send(message{Type: "reply", ID: m.ID, State: &state{LoggedOut: st.LoggedOut, Credentials: creds, Logouts: st.Logouts}})
		case "shutdown":
			return nil
		default:
			if m.ID != "" {
				s.send(message{Type: "reply", ID: m.ID, Error: "unknown command " + m.Type})
			}
		}
	}
	return sc.Err()
}

// hello makes the client from the harness's hello and answers it.
func (s *server) hello(m message) error {
	if s.client != nil {
		return errors.New("a second hello")
	}
	if m.Contract == nil {
		return errors.New("the hello carries no contract")
	}
	c := m.Contract
	cl, err := s.factory(adapter.Config{
		BaseURL:        m.Server,
		Style:          m.Style,
		LoginPath:      c.LoginPath,
		RefreshPath:    c.RefreshPath,
		LogoutPath:     c.LogoutPath,
		UsernameField:  c.UsernameField,
		PasswordField:  c.PasswordField,
		AccessField:    c.AccessField,
		RefreshField:   c.RefreshField,
		RefreshTimeout: time.Duration(m.RefreshTimeoutMS) * time.Millisecond,
		LogoutTimeout:  time.Duration(m.LogoutTimeoutMS) * time.Millisecond,
	})
	if err != nil {
		return err
	}
	s.client = cl
	if m.ShutdownMS > 0 {
		s.closeTO = time.Duration(m.ShutdownMS) * time.Millisecond / 2
	}
	s.send(message{Type: "hello", Version: protocolVersion, Name: s.name})
	return nil
}

// async runs a command in its own goroutine and replies when it settles.
func (s *server) async(id string, f func() message) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		r := f()
		r.ID = id
		s.send(r)
	}()
}

func result(status int, err error) message {
	m := message{Type: "reply", Status: status}
	if err != nil {
		m.Error = err.Error()
	}
	return m
}

func (s *server) send(m message) {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	if s.quiet {
		return
	}
	if err := s.enc.Encode(m); err != nil {
		fmt.Fprintln(os.Stderr, "writing a reply:", err)
	}
}

// copyConsole copies what the client logged since the last call to
// stderr, where the harness keeps it as evidence.
func (s *server) copyConsole() {
	c, ok := s.client.(adapter.Console)
	if !ok {
		return
	}
	lines := c.Console()
	for _, l := range lines[min(s.logged, len(lines)):] {
		fmt.Fprintln(os.Stderr, l)
	}
	s.logged = len(lines)
}

// stop ends the requests in flight and closes the client, within half the
// shutdown time the harness grants. Nothing is written after it starts, so
// the process never exits in the middle of a line.
func (s *server) stop(cancel context.CancelFunc) {
	s.outMu.Lock()
	s.quiet = true
	s.outMu.Unlock()
	cancel()
	if s.client == nil {
		return
	}
	done := make(chan struct{})
	go func() {
		s.client.Close()
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(s.closeTO):
		fmt.Fprintln(os.Stderr, "requests still in flight at shutdown; exiting anyway")
	}
}
