package fakeauth

import (
	"sort"
	"sync"
	"time"
)

// User is an account the server knows.
type User struct {
	Name     string `json:"name" yaml:"name"`
	Password string `json:"password" yaml:"password"`
	Disabled bool   `json:"disabled,omitempty" yaml:"disabled,omitempty"`
}

// DefaultUser is the account a server has when Config.Users is empty.
var DefaultUser = User{Name: "alice", Password: "wonderland"}

// SessionInfo describes a session, as the control API reports it.
type SessionInfo struct {
	ID   uint32 `json:"id"`
	User string `json:"user"`
	// Generation is the generation of the newest credential issued.
	Generation uint32 `json:"generation"`
	// Refreshes counts successful refreshes.
	Refreshes int  `json:"refreshes"`
	Revoked   bool `json:"revoked,omitempty"`
}

// session is one login: a refresh-token family and its access tokens.
type session struct {
	id   uint32
	user string
	gen  uint32 // newest generation issued
	// minGen: access tokens of an older generation count as expired
	// (ExpireAccess sets it past gen).
	minGen         uint32
	refreshExpired bool
	revoked        bool
	refreshes      int
}

// refreshToken is one issued refresh token.
type refreshToken struct {
	session *session
	gen     uint32
	spent   bool
	expires time.Time
}

// store holds users, sessions and refresh tokens.
type store struct {
	mu       sync.RWMutex
	users    map[string]*User
	sessions map[uint32]*session
	refresh  map[string]*refreshToken
	nextID   uint32
}

func newStore(users []User) *store {
	st := &store{}
	st.reset(users)
	return st
}

func (st *store) reset(users []User) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.users = make(map[string]*User, len(users))
	for _, u := range users {
		u := u
		st.users[u.Name] = &u
	}
	st.sessions = map[uint32]*session{}
	st.refresh = map[string]*refreshToken{}
	// nextID keeps counting: an access token of a forgotten session must not
	// pass for a new session that would reuse its id.
}

// each calls f for the session id, or for every session when id is 0, and
// reports whether any was found.
func (st *store) each(id uint32, f func(*session)) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if id != 0 {
		s, ok := st.sessions[id]
		if ok {
			f(s)
		}
		return ok
	}
	for _, s := range st.sessions {
		f(s)
	}
	return true
}

func (st *store) setDisabled(name string, disabled bool) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	u, ok := st.users[name]
	if ok {
		u.Disabled = disabled
	}
	return ok
}

func (st *store) refreshTokens() []string {
	st.mu.RLock()
	defer st.mu.RUnlock()
	out := make([]string, 0, len(st.refresh))
	for raw := range st.refresh {
		out = append(out, raw)
	}
	sort.Strings(out)
	return out
}

func (st *store) infos() []SessionInfo {
	st.mu.RLock()
	defer st.mu.RUnlock()
	out := make([]SessionInfo, 0, len(st.sessions))
	for _, s := range st.sessions {
		out = append(out, SessionInfo{ID: s.id, User: s.user, Generation: s.gen, Refreshes: s.refreshes, Revoked: s.revoked})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// classifyAccess says what an access token is worth.
func (st *store) classifyAccess(c *accessClaims, now time.Time) Cred {
	st.mu.RLock()
	defer st.mu.RUnlock()
	s, ok := st.sessions[c.Session]
	switch {
	case !ok || c.Generation > s.gen:
		return CredInvalid
	case s.revoked:
		return CredRevoked
	case st.disabled(s.user):
		return CredDisabled
	case c.Generation < s.minGen || !now.Before(c.ExpiresAt.Time):
		return CredExpired
	}
	return CredValid
}

func (st *store) disabled(user string) bool {
	u, ok := st.users[user]
	return !ok || u.Disabled
}

// classifyRefresh says what a refresh token is worth, without using it.
func (st *store) classifyRefresh(raw string, now time.Time) (Cred, uint32, uint32) {
	if raw == "" {
		return CredNone, 0, 0
	}
	st.mu.RLock()
	defer st.mu.RUnlock()
	rt, ok := st.refresh[raw]
	if !ok {
		return CredInvalid, 0, 0
	}
	return st.refreshState(rt, now), rt.session.id, rt.gen
}

func (st *store) refreshState(rt *refreshToken, now time.Time) Cred {
	switch {
	case rt.session.revoked:
		return CredRevoked
	case rt.spent:
		return CredSpent
	case st.disabled(rt.session.user):
		return CredDisabled
	case rt.session.refreshExpired || !now.Before(rt.expires):
		return CredExpired
	}
	return CredValid
}

// login opens a session for a user whose password matches.
func (st *store) login(name, password string, now time.Time, ttl time.Duration) (*session, string, Cred) {
	st.mu.Lock()
	defer st.mu.Unlock()
	u, ok := st.users[name]
	if !ok || u.Password != password {
		return nil, "", CredInvalid
	}
	if u.Disabled {
		return nil, "", CredDisabled
	}
	st.nextID++
	s := &session{id: st.nextID, user: name, gen: 1, minGen: 1}
	st.sessions[s.id] = s
	raw := randomToken()
	st.refresh[raw] = &refreshToken{session: s, gen: 1, expires: now.Add(ttl)}
	return s, raw, CredValid
}

// rotate uses a refresh token: on success it advances the session's
// generation and returns the refresh token the client should hold next
// (a new one when rot rotates). Reuse of a spent token under
// RotationReuseDetect revokes the family.
func (st *store) rotate(raw string, rot Rotation, now time.Time, ttl time.Duration) (s *session, next string, gen uint32, cred Cred) {
	st.mu.Lock()
	defer st.mu.Unlock()
	rt, ok := st.refresh[raw]
	if !ok {
		return nil, "", 0, CredInvalid
	}
	cred = st.refreshState(rt, now)
	if cred == CredSpent && rot == RotationReuseDetect {
		rt.session.revoked = true
	}
	if cred != CredValid {
		return rt.session, "", rt.gen, cred
	}
	s = rt.session
	s.gen++
	s.refreshes++
	next = raw
	if rot != RotationOff {
		rt.spent = true
		next = randomToken()
		st.refresh[next] = &refreshToken{session: s, gen: s.gen, expires: now.Add(ttl)}
	} else {
		rt.gen = s.gen
	}
	return s, next, s.gen, CredValid
}

// revokeSession ends a session (a logout).
func (st *store) revokeSession(id uint32) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if s, ok := st.sessions[id]; ok {
		s.revoked = true
	}
}
