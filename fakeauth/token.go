package fakeauth

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// accessClaims are what an access token carries.
type accessClaims struct {
	Session    uint32 `json:"sid"`
	Generation uint32 `json:"gen"`
	// ExpiresMS is the expiry in Unix milliseconds. The standard exp claim
	// holds whole seconds only, too coarse for sub-second lifetimes: a
	// 300ms token would often be expired when issued.
	ExpiresMS int64 `json:"exp_ms"`
	jwt.RegisteredClaims
}

// tokens signs and checks access tokens.
type tokens struct {
	secret []byte
	parser *jwt.Parser
}

func newTokens(secret []byte) *tokens {
	return &tokens{
		secret: secret,
		// Claims are checked against the server's clock, not jwt's.
		parser: jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithoutClaimsValidation()),
	}
}

func (t *tokens) sign(user string, sid, gen uint32, now time.Time, ttl time.Duration) (string, error) {
	exp := now.Add(ttl)
	c := accessClaims{
		Session:    sid,
		Generation: gen,
		ExpiresMS:  exp.UnixMilli(),
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   user,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.secret)
}

var errBadToken = errors.New("fakeauth: malformed or badly signed token")

// parse checks the signature and returns the claims; expiry is left to the
// caller. Any garbage gives errBadToken, never a panic.
func (t *tokens) parse(raw string) (*accessClaims, error) {
	if raw == "" || len(raw) > 4096 {
		return nil, errBadToken
	}
	var c accessClaims
	if _, err := t.parser.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return t.secret, nil }); err != nil {
		return nil, errBadToken
	}
	if c.Session == 0 || c.Generation == 0 || c.ExpiresMS <= 0 {
		return nil, errBadToken
	}
	c.ExpiresAt = &jwt.NumericDate{Time: time.UnixMilli(c.ExpiresMS)}
	return &c, nil
}

// ParseAccessToken reads the session, generation and expiry an access token
// of a server with the given secret carries, checking its signature but not
// its expiry. Tests and tools use it to look inside tokens.
func ParseAccessToken(secret []byte, raw string) (session, generation uint32, expires time.Time, err error) {
	c, err := newTokens(secret).parse(raw)
	if err != nil {
		return 0, 0, time.Time{}, err
	}
	return c.Session, c.Generation, c.ExpiresAt.Time, nil
}

// randomToken returns an opaque 256-bit token.
func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
