package conformance

import (
	"strings"
	"testing"
)

func readable(b *bool) func(*Evidence) {
	return func(ev *Evidence) { ev.Rounds[len(ev.Rounds)-1].State.RefreshReadable = b }
}

func foreign(fs ...ForeignRequest) func(*Evidence) {
	return func(ev *Evidence) { ev.Foreign = fs }
}

func securityCases() []judgeCase {
	yes, no := true, false
	return []judgeCase{
		// RT-1
		{rule: "RT-1", name: "rotated once", ev: happy(), want: Pass, says: "0 refresh calls with a spent token"},
		{rule: "RT-1", name: "reuse detection", ev: happy().with(func(ev *Evidence) { ev.Rotation = "reuse-detect" }), want: Pass},
		{rule: "RT-1", name: "concurrent refreshes spend the token (M7)",
			ev:   happy().refresh(14, 16, 401, 1).cred("spent"),
			want: Fail, says: "1 refresh call with a spent token"},
		{rule: "RT-1", name: "spent token in a later round",
			ev:   relogin().refresh(400, 401, 401, 1).cred("spent"),
			want: Fail, says: "1 refresh call"},
		{rule: "RT-1", name: "no rotation",
			ev:   happy().with(func(ev *Evidence) { ev.Rotation = "off" }),
			want: NotJudged, says: `rotation "off"`},
		{rule: "RT-1", name: "no refresh succeeded", ev: terminal(), want: NotJudged, says: "no refresh succeeded"},

		// SEC-1
		{rule: "SEC-1", name: "httpOnly cookie", ev: happy().with(readable(&no)), want: Pass, says: "not readable"},
		{rule: "SEC-1", name: "refresh token in localStorage", ev: happy().with(readable(&yes)), want: Fail, says: "readable by page scripts"},
		{rule: "SEC-1", name: "last round decides", ev: relogin().with(readable(&yes)), want: Fail},
		{rule: "SEC-1", name: "cannot tell", ev: happy(), want: NotJudged, says: "cannot tell"},
		{rule: "SEC-1", name: "no state",
			ev:   happy().with(func(ev *Evidence) { ev.Rounds[0].State = nil }),
			want: NotJudged, says: reasonNoState},

		// SEC-2
		{rule: "SEC-2", name: "no credentials sent",
			ev:   happy().with(foreign(ForeignRequest{Start: ms(30), Path: "/collect"})),
			want: Pass, says: "0 requests of 1"},
		{rule: "SEC-2", name: "bearer on a global client",
			ev: happy().with(foreign(
				ForeignRequest{Start: ms(30), Path: "/collect"},
				ForeignRequest{Start: ms(31), Path: "/cdn/x.js", Authorization: "Bearer eyJsecret"})),
			want: Fail, says: "1 request of 2 to another origin carried credentials"},
		{rule: "SEC-2", name: "cookies",
			ev:   happy().with(foreign(ForeignRequest{Start: ms(30), Path: "/x", Cookies: []string{"refresh_token"}})),
			want: Fail, says: "1 request of 1"},
		{rule: "SEC-2", name: "no foreign request", ev: happy(), want: NotJudged, says: "no request went to another origin"},
	}
}

// TestSEC2HidesSecrets: a verdict names the credential sent, never its value.
func TestSEC2HidesSecrets(t *testing.T) {
	ev := happy().with(foreign(ForeignRequest{Start: ms(31), Path: "/cdn", Authorization: "Bearer eyJsecret"})).done()
	v := Judge(ev, []string{"SEC-2"})[0]
	for _, text := range []string{v.Message(), Timeline(ev)} {
		if strings.Contains(text, "eyJsecret") {
			t.Errorf("got the token in %q; want it hidden", text)
		}
		if !strings.Contains(text, "Authorization: Bearer …") {
			t.Errorf("got %q; want it to name the Authorization header", text)
		}
	}
}
