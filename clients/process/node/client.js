#!/usr/bin/env node
'use strict';
// A Node + axios client with a correct refresh interceptor, speaking the
// authconform process protocol (docs/process-protocol.md):
//
//   npm ci --prefix clients/process/node
//   go tool ginkgo ./suites -- --target="exec:node $PWD/clients/process/node/client.js"
//
// The interceptor is in interceptor.js; protocol.js speaks to the harness.

const { serve } = require('./protocol');
const { createClient } = require('./interceptor');

serve('node-axios', (hello, emit) => createClient(hello, { emit }));
