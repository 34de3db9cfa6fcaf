// The errors the app's requests settle with, besides axios's own.

// LoggedOutError: the session ended after a terminal refresh failure; the
// request was failed fast, never sent. Only a new login helps.
export class LoggedOutError extends Error {
  constructor() {
    super('logged out: the session expired; log in again');
    this.name = 'LoggedOutError';
  }
}

// SessionChangedError: a new login started while the request waited.
export class SessionChangedError extends Error {
  constructor() {
    super('the session changed while the request was waiting');
    this.name = 'SessionChangedError';
  }
}

// GrantError: a login or refresh answer was 2xx but carried no usable
// credentials. A refresh answered so is a transient failure: the server may
// have spent the refresh token, so it is not retried, and the user is not
// logged out.
export class GrantError extends Error {
  constructor(message) {
    super(message);
    this.name = 'GrantError';
  }
}

// DroppedError: M5's rejection of a 401 that arrived during a refresh.
export class DroppedError extends Error {
  constructor() {
    super('request failed while a refresh was in flight');
    this.name = 'DroppedError';
  }
}
