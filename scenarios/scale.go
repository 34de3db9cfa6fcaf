package scenarios

import (
	"math"
	"reflect"

	"github.com/authconform/authconform/fakeauth"
)

// Scaled returns a deep copy of the scenario with every duration in it
// multiplied by f: the workload's stagger and late_after, the timing's
// deadline and quiet window, the server's access_ttl and refresh_ttl when
// set, step delays and the durations inside step actions (a hold's max).
// Scaling the token lifetimes too keeps the whole timeline in proportion.
//
// A zero duration stays zero (it means "none" or "the default"); a non-zero
// one stays at least 1ns, and at most the largest Duration. Only extreme
// factors can thus make durations that differed equal (a late_after just
// under the deadline reaching it). An f that is not a positive number is
// treated as 1. The copy shares nothing with the original: steps, actions,
// maps and slices are all copied.
func (s Scenario) Scaled(f float64) Scenario {
	if !(f > 0) {
		f = 1
	}
	return deepCopy(reflect.ValueOf(s), f).Interface().(Scenario)
}

// clone returns a deep copy of s.
func (s Scenario) clone() Scenario { return s.Scaled(1) }

var durationType = reflect.TypeFor[fakeauth.Duration]()

// deepCopy copies v, multiplying every fakeauth.Duration in it by f.
func deepCopy(v reflect.Value, f float64) reflect.Value {
	t := v.Type()
	out := reflect.New(t).Elem()
	switch {
	case t == durationType:
		out.SetInt(int64(scale(fakeauth.Duration(v.Int()), f)))
	case t.Kind() == reflect.Pointer:
		if !v.IsNil() {
			out.Set(deepCopy(v.Elem(), f).Addr())
		}
	case t.Kind() == reflect.Interface:
		if !v.IsNil() {
			out.Set(deepCopy(v.Elem(), f))
		}
	case t.Kind() == reflect.Struct:
		// Unexported fields keep their values; exported ones are copied.
		out.Set(v)
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).IsExported() {
				out.Field(i).Set(deepCopy(v.Field(i), f))
			}
		}
	case t.Kind() == reflect.Slice:
		if !v.IsNil() {
			out.Set(reflect.MakeSlice(t, v.Len(), v.Len()))
			for i := 0; i < v.Len(); i++ {
				out.Index(i).Set(deepCopy(v.Index(i), f))
			}
		}
	case t.Kind() == reflect.Map:
		if !v.IsNil() {
			out.Set(reflect.MakeMapWithSize(t, v.Len()))
			for it := v.MapRange(); it.Next(); {
				out.SetMapIndex(it.Key(), deepCopy(it.Value(), f))
			}
		}
	default:
		out.Set(v)
	}
	return out
}

// scale multiplies d by f, keeping zero at zero and the rest at least 1ns.
func scale(d fakeauth.Duration, f float64) fakeauth.Duration {
	if f == 1 || d == 0 {
		return d
	}
	x := math.Round(float64(d) * f)
	switch {
	case x >= math.MaxInt64:
		return math.MaxInt64
	case x <= math.MinInt64:
		return math.MinInt64
	case x == 0 && d > 0:
		return 1
	case x == 0:
		return -1
	}
	return fakeauth.Duration(x)
}
