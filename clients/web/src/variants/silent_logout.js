// SILENT — the logout is local only.
// Breaks: LO-2 (see ../../variants.go).
//
//   } catch (err) {
//     processQueue(err);
//     useAuthStore.getState().logout(); // never calls POST /auth/logout
//   }
//
// Everything a user sees is right, but the server never learns that the
// session ended, so its refresh token family stays alive until it expires
// (LO-2, a SHOULD rule).
import { Reference } from '../auth/reference.js';

export class SILENT extends Reference {
  sendLogout() {}
}
