package scenarios

import (
	"reflect"
	"testing"
	"time"

	"github.com/authconform/authconform/fakeauth"
)

func ms(n int) fakeauth.Duration { return fakeauth.Duration(time.Duration(n) * time.Millisecond) }

// scalable is a scenario with a duration in every place one can be.
func scalable() Scenario {
	return Scenario{
		ID: "s", Title: "S", Description: "D", Judges: []string{"SF-1"},
		Server: fakeauth.Script{
			AccessTTL: ms(1000),
			Rotation:  fakeauth.RotationRotate,
			Behaviours: map[fakeauth.Endpoint][]fakeauth.Step{
				fakeauth.EndpointRefresh: {
					{Delay: ms(300)},
					{Times: 1, Delay: ms(10), Action: &fakeauth.Respond{Status: 503, Headers: map[string]string{"Retry-After": "1"}, Body: map[string]any{"n": 1}}},
				},
				fakeauth.EndpointAPI: {
					{Times: 2, When: &fakeauth.Match{Cred: []fakeauth.Cred{fakeauth.CredExpired}}, Action: &fakeauth.Hold{Max: ms(2000)}},
					{Action: &fakeauth.Hang{}},
				},
			},
		},
		Workload: Workload{Setup: []Op{OpExpireAccess}, Burst: 3, Stagger: ms(5), Late: 3, LateAfter: ms(100), Paths: []string{"/api/a"}},
		Timing:   Timing{Deadline: ms(3000), Quiet: ms(300)},
		Source:   "s.yaml",
	}
}

func TestScaled(t *testing.T) {
	tests := []struct {
		name string
		f    float64
		want func(*Scenario)
		// merges: the factor is so small that late_after reaches the
		// deadline, so the copy is no longer valid.
		merges bool
	}{
		{name: "double", f: 2, want: func(s *Scenario) {
			s.Server.AccessTTL = ms(2000)
			s.Server.Behaviours[fakeauth.EndpointRefresh][0].Delay = ms(600)
			s.Server.Behaviours[fakeauth.EndpointRefresh][1].Delay = ms(20)
			s.Server.Behaviours[fakeauth.EndpointAPI][0].Action = &fakeauth.Hold{Max: ms(4000)}
			s.Workload.Stagger, s.Workload.LateAfter = ms(10), ms(200)
			s.Timing = Timing{Deadline: ms(6000), Quiet: ms(600)}
		}},
		{name: "a fifth", f: 0.2, want: func(s *Scenario) {
			s.Server.AccessTTL = ms(200)
			s.Server.Behaviours[fakeauth.EndpointRefresh][0].Delay = ms(60)
			s.Server.Behaviours[fakeauth.EndpointRefresh][1].Delay = ms(2)
			s.Server.Behaviours[fakeauth.EndpointAPI][0].Action = &fakeauth.Hold{Max: ms(400)}
			s.Workload.Stagger, s.Workload.LateAfter = ms(1), ms(20)
			s.Timing = Timing{Deadline: ms(600), Quiet: ms(60)}
		}},
		{name: "tiny keeps non-zero durations non-zero", f: 1e-12, want: func(s *Scenario) {
			s.Server.AccessTTL = 1
			s.Server.Behaviours[fakeauth.EndpointRefresh][0].Delay = 1
			s.Server.Behaviours[fakeauth.EndpointRefresh][1].Delay = 1
			s.Server.Behaviours[fakeauth.EndpointAPI][0].Action = &fakeauth.Hold{Max: 1}
			s.Workload.Stagger, s.Workload.LateAfter = 1, 1
			s.Timing = Timing{Deadline: 1, Quiet: 1}
		}, merges: true},
		{name: "zero is one", f: 0, want: func(*Scenario) {}},
		{name: "negative is one", f: -3, want: func(*Scenario) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := scalable()
			got := orig.Scaled(tt.f)
			want := scalable()
			tt.want(&want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v; want %+v", got, want)
			}
			if !reflect.DeepEqual(orig, scalable()) {
				t.Errorf("got the original changed to %+v", orig)
			}
			if err := got.Validate(); err != nil && !tt.merges {
				t.Errorf("got %v for the scaled scenario; want it valid", err)
			}
		})
	}
}

func TestScaledSharesNothing(t *testing.T) {
	orig := scalable()
	c := orig.Scaled(2)
	c.Judges[0] = "XX-1"
	c.Workload.Setup[0] = OpRevoke
	c.Workload.Paths[0] = "/changed"
	c.Server.Behaviours[fakeauth.EndpointRefresh][0].Times = 7
	c.Server.Behaviours[fakeauth.EndpointRefresh] = append(c.Server.Behaviours[fakeauth.EndpointRefresh][:1], fakeauth.Step{Action: &fakeauth.Drop{}})
	c.Server.Behaviours[fakeauth.EndpointAPI][0].When.Cred[0] = fakeauth.CredValid
	c.Server.Behaviours[fakeauth.EndpointAPI][0].Action.(*fakeauth.Hold).Max = 1
	delete(c.Server.Behaviours, fakeauth.EndpointAPI)
	if !reflect.DeepEqual(orig, scalable()) {
		t.Errorf("got the original changed through the copy: %+v", orig)
	}

	// The same through the other direction: the original's actions.
	orig = scalable()
	c = orig.Scaled(1)
	resp := orig.Server.Behaviours[fakeauth.EndpointRefresh][1].Action.(*fakeauth.Respond)
	resp.Headers["Retry-After"] = "9"
	resp.Body.(map[string]any)["n"] = 2
	got := c.Server.Behaviours[fakeauth.EndpointRefresh][1].Action.(*fakeauth.Respond)
	if got.Headers["Retry-After"] != "1" || got.Body.(map[string]any)["n"] != 1 {
		t.Errorf("got %+v in the copy after changing the original; want it untouched", got)
	}
}
