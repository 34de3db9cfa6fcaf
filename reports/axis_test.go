package reports

import (
	"testing"
	"time"
)

func ms(n float64) time.Duration { return time.Duration(n * float64(time.Millisecond)) }

func TestAxisCutsIdleStretches(t *testing.T) {
	tests := []struct {
		name     string
		times    []time.Duration
		busy     [][2]time.Duration
		wantCuts int
	}{
		{"even activity: linear", []time.Duration{ms(10), ms(20), ms(30), ms(40), ms(50)}, nil, 0},
		{"burst then a long wait: cut", []time.Duration{ms(1), ms(5), ms(40), ms(90), ms(3010), ms(3310)}, nil, 2},
		{"a request in flight is never cut", []time.Duration{ms(1), ms(5), ms(3000)}, [][2]time.Duration{{ms(5), ms(3000)}}, 0},
		{"short gaps stay", []time.Duration{ms(1), ms(2), ms(3), ms(4), ms(5), ms(8)}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAxis(100, 900, 0, tt.times[len(tt.times)-1], tt.times, tt.busy)
			if n := len(a.cuts()); n != tt.wantCuts {
				t.Errorf("cuts: got %d; want %d (%+v)", n, tt.wantCuts, a.cuts())
			}
			if a.x(0) != 100 || a.x(a.tmax()) != 900 {
				t.Errorf("edges: got %v and %v; want 100 and 900", a.x(0), a.x(a.tmax()))
			}
			last := -1.0
			for d := time.Duration(0); d <= a.tmax(); d += a.tmax() / 997 {
				x := a.x(d)
				if x < last {
					t.Fatalf("x(%v) = %v < x of an earlier time (%v): the axis must not go back", d, x, last)
				}
				last = x
			}
		})
	}
}

func TestAxisKeepsTheBurstReadable(t *testing.T) {
	// The go:M1 deadlock: everything happens in the first 91 ms of 6.3 s.
	times := []time.Duration{ms(0.04), ms(5.6), ms(10.3), ms(34.6), ms(37.1), ms(40.9), ms(91), ms(3010), ms(3310), ms(3310.9), ms(3311), ms(6311)}
	a := newAxis(178, 930, 0, ms(6311), times, [][2]time.Duration{{ms(40.9), ms(91)}})
	if w := a.x(ms(91)) - a.x(ms(10.3)); w < 300 {
		t.Errorf("the burst and the refresh take %.0f px; want most of the width", w)
	}
	ticks := a.ticks(80)
	if len(ticks) < 3 {
		t.Errorf("ticks: got %d; want several", len(ticks))
	}
	for i := 1; i < len(ticks); i++ {
		if ticks[i].x-ticks[i-1].x < 80 {
			t.Errorf("ticks %v and %v are closer than 80 px", ticks[i-1], ticks[i])
		}
	}
}

func TestFmtDur(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0", ms(0.4): "0.4 ms", ms(3): "3 ms", ms(12.34): "12 ms", ms(3010): "3.01 s", ms(3000): "3 s", ms(12500): "12.5 s",
	} {
		if got := fmtDur(d); got != want {
			t.Errorf("fmtDur(%v): got %q; want %q", d, got, want)
		}
	}
}
