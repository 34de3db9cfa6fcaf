// Package process drives a client of any language as a process speaking
// the process protocol: versioned JSON lines over its stdin and stdout
// (docs/process-protocol.md). The harness says where the fake server is
// and which contract it speaks, asks the client to log in, to make
// requests (answered when each settles), to report its auth state and to
// shut down; the client may announce events of its own (a logout). Its
// stderr goes into the evidence.
//
// Each run starts the command afresh, in a process group of its own, and
// ends by killing that group: a client that ignores the shutdown, or
// forks, leaves nothing behind. A client that crashes, writes garbage,
// answers an id it was never sent or never answers is evidence (problems
// and pending calls) or a Start error quoting its stderr, never a hang.
package process
