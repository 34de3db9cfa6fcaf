// M10 — no terminal state.
// Breaks: NL-2 (see ../../variants.go).
//
// The refresh failure clears the tokens and logs out, but nothing remembers
// that the session is over: the next user action goes out like any other.
//
//   catch (err) { processQueue(err); clearTokens(); logout(); }
//   // later: api.get('/api/items') -> 401 -> refresh -> 401 -> logout ...
//
// Each later request is sent with no valid credential, gets 401 and starts a
// refresh again, which fails and logs out again (NL-2).
import { Reference } from '../auth/reference.js';

export class M10 extends Reference {
  failsFast() {
    return false;
  }
}
