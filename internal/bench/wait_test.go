package main

import (
	"testing"
	"time"

	"github.com/authconform/authconform/scenarios"
)

func TestScriptedWait(t *testing.T) {
	tests := []struct {
		scenario string
		want     time.Duration
	}{
		{"expired-access", 50*time.Millisecond + 300*time.Millisecond},        // one 50ms refresh, the quiet window
		{"slow-refresh", 300*time.Millisecond + 300*time.Millisecond},         // the late requests wait on the 300ms refresh
		{"refresh-5xx", 3*50*time.Millisecond + 300*time.Millisecond},         // 503, 503, then success
		{"refresh-hang", 3*800*time.Millisecond + 300*time.Millisecond},       // three attempts time out after 4s / 5
		{"late-401", 100*time.Millisecond + 300*time.Millisecond},             // held until the refresh, plus the lag
		{"relogin", 2 * (50*time.Millisecond + 300*time.Millisecond)},         // two rounds
		{"logout-fails-hang", 50*time.Millisecond + 300*time.Millisecond},     // the logout is not waited for
		{"revoked", 50*time.Millisecond + 300*time.Millisecond},               // the server's own 401 ends the path
		{"refresh-drop-once", 2*50*time.Millisecond + 300*time.Millisecond},   // dropped once, then fine
		{"refresh-5xx-always", 3*50*time.Millisecond + 300*time.Millisecond},  // three attempts
		{"slow-refresh-failure", 300*time.Millisecond + 300*time.Millisecond}, // terminal after 300ms
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			sc, err := scenarios.Lookup(tt.scenario)
			if err != nil {
				t.Fatal(err)
			}
			if got := scriptedWait(sc); got != tt.want {
				t.Errorf("got %v; want %v", got, tt.want)
			}
		})
	}
	sc, longest := longestWait(scenarios.Catalogue())
	if sc.ID != "refresh-hang" || longest != 2700*time.Millisecond {
		t.Errorf("longest: got %s %v; want refresh-hang 2.7s", sc.ID, longest)
	}
}
