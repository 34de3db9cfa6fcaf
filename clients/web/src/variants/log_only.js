// LOG — the lesson's weak "BAD PATTERN": the refresh failure is only logged.
// Breaks: LO-1, LO-2, NL-2 (see ../../variants.go).
//
//   } catch (refreshError) {
//     processQueue(refreshError, null);
//     console.error('Token refresh failed:', refreshError);
//     // BAD PATTERN: the user stays "logged in" with invalid state
//     return Promise.reject(refreshError);
//   }
//
// The waiting requests fail, but the user stays "logged in" with dead
// credentials (LO-1), the server is never told (LO-2), and each later action
// sends the dead credential and refreshes again (NL-2).
import { Reference } from '../auth/reference.js';

export class LOG extends Reference {
  endSession(error) {
    console.error('Token refresh failed:', error);
  }
}
