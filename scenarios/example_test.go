package scenarios_test

import (
	"fmt"

	"github.com/authconform/authconform/scenarios"
)

func ExampleLookup() {
	s, err := scenarios.Lookup("slow-refresh")
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Title)
	fmt.Println(s.Judges, s.Workload.Burst, s.Workload.Late, s.Workload.LateAfter)
	fmt.Println(s.Scaled(2).Workload.LateAfter)
	// Output:
	// Slow refresh, more requests fail meanwhile
	// [SF-1 SF-2 RP-1] 3 3 100ms
	// 200ms
}

func ExampleParse() {
	_, err := scenarios.Parse("my-scenario.yaml", []byte(`id: my-scenario
title: Mine
description: A scenario of my own.
judges: [SF-1]
workload:
  burst: 0
timing: {deadline: 3s, quiet: 300ms}
`))
	fmt.Println(err)
	// Output:
	// scenarios: my-scenario.yaml:6: workload.burst: must be at least 1
}
