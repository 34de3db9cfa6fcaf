package fakeauth

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Config configures a Server. The zero value is a cookie-style server with
// the default contract, one user (DefaultUser) and a well-behaved script.
type Config struct {
	// Addr is the address to listen on (default 127.0.0.1:0, a free port).
	Addr string
	// AllowNonLoopback must be set to listen on anything but a loopback
	// address: the server hands out credentials to whoever asks.
	AllowNonLoopback bool
	// Contract is the auth contract spoken (paths, style, names).
	Contract Contract
	// Script is the token policy and the behaviours per endpoint.
	Script Script
	// Users are the accounts that can log in (default: DefaultUser).
	Users []User
	// AllowOrigins are the app origins (scheme://host:port) allowed to call
	// the server from a browser with credentials (CORS). The control API
	// never answers cross-origin requests.
	AllowOrigins []string
	// Canned are the JSON bodies of protected API routes by path; other
	// routes under the API prefix answer a small default body.
	Canned map[string]json.RawMessage
	// Clock tells the time for token expiry (default: the real clock).
	Clock Clock
	// JournalLimit bounds the journal (default DefaultJournalLimit).
	JournalLimit int
	// DisableJournal records nothing: only for measuring what the journal
	// costs. The rules cannot judge a run without it.
	DisableJournal bool
	// Secret signs access tokens (default: 32 random bytes).
	Secret []byte
	// Scenarios looks up a named script for the control API's
	// "load scenario" call; nil means that call answers 501.
	Scenarios func(id string) (Script, error)
}

// Server is a fake auth server. Create one with NewServer, or with
// NewUnstartedServer and Start to change its Config first.
type Server struct {
	// URL is the base URL, http://127.0.0.1:PORT, once started.
	URL string
	// Config is the configuration; change it only before Start.
	Config Config

	contract Contract
	tokens   *tokens
	store    *store
	journal  *Journal
	clock    Clock
	script   atomic.Pointer[scriptState]
	// refreshed is closed, and replaced, whenever a refresh succeeds.
	refreshed atomic.Pointer[chan struct{}]

	listener net.Listener
	http     *http.Server
	closing  chan struct{}
	mu       sync.Mutex
	closed   bool
	active   int
	idle     *sync.Cond
}

// NewServer returns a started server.
func NewServer(cfg Config) (*Server, error) {
	s, err := NewUnstartedServer(cfg)
	if err != nil {
		return nil, err
	}
	if err := s.Start(); err != nil {
		return nil, err
	}
	return s, nil
}

// NewUnstartedServer returns a server that is not listening yet; call Start.
// Handler works without starting, for tests and for mounting the server in
// another one.
func NewUnstartedServer(cfg Config) (*Server, error) {
	s := &Server{Config: cfg, closing: make(chan struct{})}
	s.idle = sync.NewCond(&s.mu)
	if err := s.init(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) init() error {
	cfg := &s.Config
	s.contract = cfg.Contract.withDefaults()
	if err := s.contract.validate(); err != nil {
		return err
	}
	if len(cfg.Secret) == 0 {
		cfg.Secret = make([]byte, 32)
		rand.Read(cfg.Secret)
	}
	if len(cfg.Users) == 0 {
		cfg.Users = []User{DefaultUser}
	}
	s.clock = cfg.Clock
	if s.clock == nil {
		s.clock = realClock{}
	}
	s.tokens = newTokens(cfg.Secret)
	s.store = newStore(cfg.Users)
	s.journal = NewJournal(cfg.JournalLimit)
	ch := make(chan struct{})
	s.refreshed.Store(&ch)
	if err := s.LoadScript(cfg.Script); err != nil {
		return fmt.Errorf("fakeauth: script: %w", err)
	}
	return nil
}

// Start listens on Config.Addr and serves in the background.
func (s *Server) Start() error {
	if s.listener != nil {
		return errors.New("fakeauth: server already started")
	}
	addr := s.Config.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if err := checkLoopback(addr, s.Config.AllowNonLoopback); err != nil {
		return err
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("fakeauth: listen: %w", err)
	}
	s.listener = l
	s.URL = "http://" + l.Addr().String()
	s.http = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    maxHeaderBytes,
	}
	go s.http.Serve(l)
	return nil
}

const (
	maxHeaderBytes = 64 << 10
	maxBodyBytes   = 64 << 10
)

func checkLoopback(addr string, allow bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("fakeauth: address %q: %w", addr, err)
	}
	if allow || host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("fakeauth: refusing to listen on %q: not a loopback address (the server hands out credentials to anyone; allow it explicitly)", addr)
}

// Close stops the server: it ends every request a script left hanging
// (recorded as hung), closes all connections and waits for every handler
// to return. Close may be called more than once.
func (s *Server) Close() {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.closing)
	}
	s.mu.Unlock()
	if s.http != nil {
		s.http.Close()
	}
	s.mu.Lock()
	for s.active > 0 {
		s.idle.Wait()
	}
	s.mu.Unlock()
}

// enter counts a handler in; it fails once the server is closing.
func (s *Server) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.active++
	return true
}

func (s *Server) leave() {
	s.mu.Lock()
	s.active--
	if s.active == 0 {
		s.idle.Broadcast()
	}
	s.mu.Unlock()
}

// Handler returns the server's handler, to mount it in another server.
func (s *Server) Handler() http.Handler { return s }

// Contract returns the contract in force, defaults filled in.
func (s *Server) Contract() Contract { return s.contract }

// Journal returns the server's journal.
func (s *Server) Journal() *Journal { return s.journal }

// RefreshTokens lists every refresh token issued since the start or the
// last Reset, spent ones included: a harness looks for them where page
// scripts could read them.
func (s *Server) RefreshTokens() []string { return s.store.refreshTokens() }

// Sessions lists the sessions opened since the start or the last Reset.
func (s *Server) Sessions() []SessionInfo { return s.store.infos() }

// Reset forgets sessions, the journal and the script's progress, and
// re-enables every account, keeping the script itself.
func (s *Server) Reset() {
	s.store.reset(s.Config.Users)
	s.journal.Reset()
	s.LoadScript(s.Script())
}

// ExpireAccess makes the access tokens issued so far to a session (every
// session when id is 0) expire now. It reports whether the session exists.
func (s *Server) ExpireAccess(id uint32) bool {
	return s.store.each(id, func(ss *session) { ss.minGen = ss.gen + 1 })
}

// ExpireRefresh makes a session's refresh tokens (every session's when id is
// 0) expire now: the next refresh is refused with 401 invalid_grant.
func (s *Server) ExpireRefresh(id uint32) bool {
	return s.store.each(id, func(ss *session) { ss.refreshExpired = true })
}

// Revoke revokes a session (every session when id is 0): its refresh token
// is refused with 401 invalid_grant and its access tokens with 401.
func (s *Server) Revoke(id uint32) bool {
	return s.store.each(id, func(ss *session) { ss.revoked = true })
}

// Disable disables an account: refreshes are refused with 403
// account_disabled and logins with 403.
func (s *Server) Disable(user string) error { return s.setDisabled(user, true) }

// Enable enables an account again.
func (s *Server) Enable(user string) error { return s.setDisabled(user, false) }

func (s *Server) setDisabled(user string, v bool) error {
	if !s.store.setDisabled(user, v) {
		return fmt.Errorf("fakeauth: unknown user %q", user)
	}
	return nil
}
