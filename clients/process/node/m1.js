#!/usr/bin/env node
'use strict';
// M1, the refresh sent through the intercepted instance: the "final,
// robust" interceptor of the lesson and of many tutorials,
//
//   api.interceptors.response.use(r => r, async (error) => {
//     const originalRequest = error.config;
//     if (error.response?.status === 401 && !originalRequest._retry) {
//       if (isRefreshing) {
//         return new Promise((resolve, reject) => failedQueue.push({ resolve, reject }))
//           .then(() => api(originalRequest));
//       }
//       originalRequest._retry = true;
//       isRefreshing = true;
//       try {
//         await api.post('/auth/refresh');   // api: the intercepted instance
//         processQueue(null);
//         return api(originalRequest);
//       } catch (err) {
//         processQueue(err);
//         logout();
//         return Promise.reject(err);
//       } finally {
//         isRefreshing = false;
//       }
//     }
//     return Promise.reject(error);
//   });
//
// While the refresh succeeds nothing shows. When it answers 401, that 401
// runs through the same interceptor: the refresh request has no _retry flag
// and isRefreshing is true, so it is pushed on failedQueue to wait for the
// refresh in flight, that is, for itself. Nothing settles, no logout
// happens, and later requests queue behind the dead refresh.
//
// It is the correct client of interceptor.js with that one line changed, so
// it must fail exactly the rules the Go M1 (go:M1) fails.

const { serve } = require('./protocol');
const { createClient } = require('./interceptor');

serve('node-axios:M1', (hello, emit) => createClient(hello, { emit, refreshViaInterceptor: true }));
