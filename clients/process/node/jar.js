'use strict';
// A small cookie jar for one API origin: what a browser would keep for the
// API's host, enough for the fake server's httpOnly access and refresh
// cookies (RFC 6265 path matching and deletion; no domains, since every
// cookie here belongs to the API's own host).

class Jar {
  constructor() {
    this.cookies = new Map(); // "name path" -> {name, value, path}
  }

  // store keeps the Set-Cookie headers of an answer to requestPath.
  store(setCookie, requestPath, now = Date.now()) {
    for (const line of [].concat(setCookie || [])) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = defaultPath(requestPath);
      let expired = false;
      for (const attr of attrs) {
        const i = attr.indexOf('=');
        const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
        const val = i < 0 ? '' : attr.slice(i + 1).trim();
        if (key === 'path' && val.startsWith('/')) path = val;
        if (key === 'max-age' && Number(val) <= 0) expired = true;
        if (key === 'expires' && Date.parse(val) <= now) expired = true;
      }
      const key = `${name} ${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path });
    }
  }

  // header is the Cookie header for a request to pathname ('' for none).
  header(pathname) {
    return [...this.cookies.values()]
      .filter((c) => pathMatch(pathname, c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  has(name) {
    return [...this.cookies.values()].some((c) => c.name === name);
  }
}

function defaultPath(requestPath) {
  const p = (requestPath || '/').split('?')[0];
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

function pathMatch(requestPath, cookiePath) {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

module.exports = { Jar };
