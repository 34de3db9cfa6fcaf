// The variants of the app, selected at load time by the page's variant
// parameter: the reference and one known-bad variant per pattern.
//
// Keep in sync with ../../variants.go, the Go list with each variant's
// description and the rules it is designed to break: a Go test compares the
// IDs of both, and checks each module below is in the bundle.
import { Reference } from '../auth/reference.js';
import { M1 } from './m01_lesson_final_robust.js';
import { M2 } from './m02_pause_gate.js';
import { M3 } from './m03_release_on_success_only.js';
import { M4 } from './m04_logout_through_interceptor.js';
import { M5 } from './m05_drop_while_refreshing.js';
import { M6 } from './m06_no_generation_check.js';
import { M7 } from './m07_no_single_flight.js';
import { M8 } from './m08_retry_flag_leader_only.js';
import { M9 } from './m09_refresh_on_refresh_401.js';
import { M10 } from './m10_no_terminal_state.js';
import { M13 } from './m13_unguarded_error_response.js';
import { M14 } from './m14_blind_replay.js';
import { M15 } from './m15_no_refresh_timeout.js';
import { LOG } from './log_only.js';
import { RETRY } from './retry_unbounded.js';
import { SILENT } from './silent_logout.js';
import { STORAGE } from './storage.js';
import { LEAK } from './leak_credentials.js';

export const registry = {
  reference: Reference,
  M1: M1,
  M2: M2,
  M3: M3,
  M4: M4,
  M5: M5,
  M6: M6,
  M7: M7,
  M8: M8,
  M9: M9,
  M10: M10,
  M13: M13,
  M14: M14,
  M15: M15,
  LOG: LOG,
  RETRY: RETRY,
  SILENT: SILENT,
  STORAGE: STORAGE,
  LEAK: LEAK,
};

// lookup returns the variant named id, ignoring case; an empty id is the
// reference. It throws for an unknown id, listing the known ones.
export function lookup(id) {
  const want = (id || 'reference').toLowerCase();
  for (const [key, Client] of Object.entries(registry)) {
    if (key.toLowerCase() === want) {
      return { id: key, Client };
    }
  }
  throw new Error(`unknown variant ${JSON.stringify(id)} (known: ${Object.keys(registry).join(', ')})`);
}
