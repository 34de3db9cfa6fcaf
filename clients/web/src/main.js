// The entry point of the bundle (app.js): read the page's configuration,
// pick the variant, mount the page and set the instrumentation hook.
import { readConfig } from './config.js';
import { installFailure, installHook } from './hook.js';
import { mountUI } from './ui.js';
import { lookup } from './variants/registry.js';

function start() {
  try {
    const config = readConfig(window.location);
    const { id, Client } = lookup(config.variant);
    const client = new Client(config);
    client.install();
    mountUI(document, client);
    installHook(window, client, config, id);
  } catch (err) {
    const el = document.getElementById('app-error');
    if (el) {
      el.textContent = `The app cannot start: ${err?.message ?? err}`;
      el.hidden = false;
    }
    installFailure(window, err);
  }
}

start();
