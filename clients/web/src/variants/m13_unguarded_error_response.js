// M13 — error.response read unguarded.
// Breaks: TR-2 (see ../../variants.go).
//
// The refresh's error handler decides whether to retry from the status,
// without a guard:
//
//   } catch (error) {
//     if (error.response.status >= 500 && attempt < 3) continue; // retry a 5xx
//     throw error;
//   }
//
// A 5xx is retried as it should be. But a dropped connection or a timeout
// has no response: reading error.response.status throws a TypeError inside
// the handler, the TypeError is what the refresh fails with, and the
// interceptor's catch-all failure path logs the user out, on a transient
// failure a retry would have survived (TR-2).
import { Reference } from '../auth/reference.js';

export class M13 extends Reference {
  retries(error) {
    return error.response.status >= 500; // TypeError when error.response is undefined
  }
}
