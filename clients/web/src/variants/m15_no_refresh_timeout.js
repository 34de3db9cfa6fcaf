// M15 — no refresh timeout.
// Breaks: TO-1, RJ-1 (see ../../variants.go).
//
// axios's default timeout is 0, none (and fetch has none at all):
//
//   const { data } = await axios.post('/auth/refresh'); // no timeout
//
// A refresh that never answers is awaited for ever: the client never
// abandons it (TO-1) and every waiter is still pending at the deadline
// (RJ-1).
import { Reference } from '../auth/reference.js';

export class M15 extends Reference {
  refreshTimeout() {
    return 0; // axios: no timeout
  }
}
