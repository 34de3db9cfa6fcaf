package runner

import (
	"testing"
	"time"

	"github.com/authconform/authconform/scenarios"
)

func TestClientTimeout(t *testing.T) {
	tests := []struct {
		scenario string
		want     time.Duration
	}{
		{"expired-access", 600 * time.Millisecond}, // 3s / 5: the 50ms delay is far below
		{"slow-refresh", 1200 * time.Millisecond},  // 4 x the 300ms delay
		{"refresh-hang", 800 * time.Millisecond},   // 4s / 5
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			sc, err := scenarios.Lookup(tt.scenario)
			if err != nil {
				t.Fatal(err)
			}
			if got := clientTimeout(sc, sc.Timing.Deadline.D()); got != tt.want {
				t.Errorf("got %v; want %v", got, tt.want)
			}
		})
	}
}
