package fakeauth

import (
	"fmt"
	"sort"
	"strings"
)

// Endpoint names the part of the contract a list of steps applies to.
type Endpoint string

// The scriptable endpoints.
const (
	EndpointLogin   Endpoint = "login"
	EndpointRefresh Endpoint = "refresh"
	EndpointLogout  Endpoint = "logout"
	EndpointMe      Endpoint = "me"
	EndpointAPI     Endpoint = "api"
)

// Endpoints lists every scriptable endpoint.
var Endpoints = []Endpoint{EndpointLogin, EndpointRefresh, EndpointLogout, EndpointMe, EndpointAPI}

func (e Endpoint) valid() bool {
	for _, v := range Endpoints {
		if v == e {
			return true
		}
	}
	return false
}

func (e Endpoint) kind() Kind {
	switch e {
	case EndpointLogin:
		return KindLogin
	case EndpointRefresh:
		return KindRefresh
	case EndpointLogout:
		return KindLogout
	case EndpointMe:
		return KindMe
	case EndpointAPI:
		return KindAPI
	}
	return KindOther
}

// Rotation is the refresh-token policy.
type Rotation string

const (
	// RotationOff keeps one refresh token for the whole session.
	RotationOff Rotation = "off"
	// RotationRotate issues a new refresh token on every refresh; the spent
	// one is refused (401 invalid_grant) but the family lives on.
	RotationRotate Rotation = "rotate"
	// RotationReuseDetect rotates, and a spent token presented again revokes
	// the whole family (the session), as OAuth 2.0 security BCP advises.
	RotationReuseDetect Rotation = "reuse-detect"
)

// Rotations lists every rotation policy.
var Rotations = []Rotation{RotationOff, RotationRotate, RotationReuseDetect}

// Defaults of a Script's zero fields.
const (
	DefaultAccessTTL  = 15 * 60 * Duration(1e9)
	DefaultRefreshTTL = 24 * 60 * 60 * Duration(1e9)
	DefaultRotation   = RotationRotate
)

// Script is what a scenario tells the server: its token policy and, per
// endpoint, the steps that decide how requests are answered. The zero value
// is a well-behaved server with the defaults above.
type Script struct {
	// AccessTTL is the access tokens' lifetime (default 15m).
	AccessTTL Duration `json:"access_ttl,omitempty" yaml:"access_ttl,omitempty"`
	// RefreshTTL is the refresh tokens' lifetime (default 24h).
	RefreshTTL Duration `json:"refresh_ttl,omitempty" yaml:"refresh_ttl,omitempty"`
	// Rotation is the refresh-token policy (default rotate).
	Rotation Rotation `json:"rotation,omitempty" yaml:"rotation,omitempty"`
	// Behaviours are the steps per endpoint; an endpoint without steps
	// answers as itself.
	Behaviours map[Endpoint][]Step `json:"behaviours,omitempty" yaml:"behaviours,omitempty"`
}

// withDefaults fills the zero fields.
func (s Script) withDefaults() Script {
	if s.AccessTTL == 0 {
		s.AccessTTL = DefaultAccessTTL
	}
	if s.RefreshTTL == 0 {
		s.RefreshTTL = DefaultRefreshTTL
	}
	if s.Rotation == "" {
		s.Rotation = DefaultRotation
	}
	return s
}

// Validate reports the first problem of the script, naming where it is, as
// in `behaviours.refresh[1].respond: status 0 is not an HTTP status`.
func (s Script) Validate() error {
	if s.AccessTTL < 0 {
		return fmt.Errorf("access_ttl: %s is negative", s.AccessTTL)
	}
	if s.RefreshTTL < 0 {
		return fmt.Errorf("refresh_ttl: %s is negative", s.RefreshTTL)
	}
	if s.Rotation != "" {
		ok := false
		for _, r := range Rotations {
			ok = ok || r == s.Rotation
		}
		if !ok {
			return fmt.Errorf("rotation: unknown policy %q (want off, rotate or reuse-detect)", s.Rotation)
		}
	}
	eps := make([]string, 0, len(s.Behaviours))
	for ep := range s.Behaviours {
		eps = append(eps, string(ep))
	}
	sort.Strings(eps)
	for _, name := range eps {
		ep := Endpoint(name)
		if !ep.valid() {
			return fmt.Errorf("behaviours: unknown endpoint %q (want %s)", ep, endpointList())
		}
		for i, st := range s.Behaviours[ep] {
			if err := st.Validate(); err != nil {
				return fmt.Errorf("behaviours.%s[%d].%w", ep, i, err)
			}
		}
	}
	return nil
}

func endpointList() string {
	names := make([]string, len(Endpoints))
	for i, e := range Endpoints {
		names[i] = string(e)
	}
	return strings.Join(names, ", ")
}
