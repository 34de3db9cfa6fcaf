'use strict';
// The client side of the authconform process protocol, version 1
// (docs/process-protocol.md): JSON lines in on stdin, out on stdout.
// Everything else this process says goes to stderr, which the harness keeps
// as evidence.

const readline = require('node:readline');

const PROTOCOL_VERSION = 1;

function send(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

// describe turns a rejection into the error text the harness records.
function describe(err) {
  if (err && err.message) return err.message;
  return String(err);
}

// answer replies to command id once promise settles: {status} or {error}.
function answer(id, promise) {
  promise.then(
    (fields) => send({ type: 'reply', id, ...fields }),
    (err) => {
      const reply = { type: 'reply', id, error: describe(err) };
      const status = err && err.response && err.response.status; // an axios error that carried a response
      if (status) reply.status = status;
      send(reply);
    },
  );
}

// serve runs the protocol. makeClient(hello, emit) returns a client with
// login(username, password), request(method, path) resolving to the
// status, state() and, optionally, close(). emit(event, detail) announces
// an event of the client's own, such as 'logout'.
function serve(name, makeClient) {
  process.on('unhandledRejection', (err) => console.error('unhandled rejection:', describe(err)));
  const emit = (event, detail) => send(detail ? { type: 'event', event, detail } : { type: 'event', event });
  let client = null;
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let m;
    try {
      m = JSON.parse(line);
    } catch (err) {
      console.error('not a protocol message:', line);
      return;
    }
    if (m.type !== 'hello' && !client) {
      if (m.id) send({ type: 'reply', id: m.id, error: 'no hello yet' });
      return;
    }
    switch (m.type) {
      case 'hello':
        client = makeClient(m, emit);
        send({ type: 'hello', version: PROTOCOL_VERSION, name });
        break;
      case 'login':
        answer(m.id, client.login(m.username, m.password).then(() => ({})));
        break;
      case 'request':
        answer(m.id, client.request(m.method, m.path).then((status) => ({ status })));
        break;
      case 'state':
        send({ type: 'reply', id: m.id, state: client.state() });
        break;
      case 'shutdown':
        shutdown(client);
        break;
      default:
        if (m.id) send({ type: 'reply', id: m.id, error: `unknown command ${m.type}` });
    }
  });
  rl.on('close', () => shutdown(client)); // stdin ended: the harness is gone
}

function shutdown(client) {
  if (client && client.close) client.close();
  process.exit(0);
}

module.exports = { serve, PROTOCOL_VERSION };
