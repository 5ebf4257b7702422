// A small W3C WebDriver client for geckodriver: enough to install the extension in headless
// Firefox, open its page and drive it. (Playwright's Firefox is a patched build it would
// download; Debian's Firefox ESR is driven through geckodriver instead.)
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export async function startGeckodriver(port) {
  const bin = process.env.GECKODRIVER ?? join(homedir(), '.cargo/bin/geckodriver');
  const child = spawn(bin, ['--port', String(port), '--allow-system-access'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/status`)).ok) return { url, stop: () => child.kill() };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('geckodriver did not start');
}

export class Session {
  constructor(driver, id) {
    this.driver = driver;
    this.id = id;
  }

  static async create(driver, firefoxOptions) {
    const r = await fetch(`${driver}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ capabilities: { alwaysMatch: { browserName: 'firefox', 'moz:firefoxOptions': firefoxOptions } } }),
    });
    const body = await r.json();
    if (!r.ok) throw new Error(`new session: ${JSON.stringify(body)}`);
    return new Session(driver, body.value.sessionId);
  }

  async cmd(method, path, body) {
    const r = await fetch(`${this.driver}/session/${this.id}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${JSON.stringify(answer.value)}`);
    return answer.value;
  }

  installAddon(path) {
    return this.cmd('POST', '/moz/addon/install', { path, temporary: true });
  }

  context(context) {
    return this.cmd('POST', '/moz/context', { context });
  }

  script(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** Opens `url` in a new tab from the chrome context (WebDriver may not navigate to
   * moz-extension:// itself) and switches to it. */
  async openTab(url) {
    const before = await this.cmd('GET', '/window/handles');
    await this.context('chrome');
    await this.script(
      'const tab = gBrowser.addTab(arguments[0], {triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal()}); gBrowser.selectedTab = tab;',
      [url],
    );
    await this.context('content');
    for (let i = 0; i < 50; i++) {
      const handle = (await this.cmd('GET', '/window/handles')).find((h) => !before.includes(h));
      if (handle) return this.cmd('POST', '/window', { handle });
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the new tab did not appear');
  }

  async find(css) {
    return (await this.cmd('POST', '/element', { using: 'css selector', value: css }))[ELEMENT];
  }

  async type(css, text) {
    const element = await this.find(css);
    await this.cmd('POST', `/element/${element}/clear`, {});
    await this.cmd('POST', `/element/${element}/value`, { text });
  }

  async click(css) {
    await this.cmd('POST', `/element/${await this.find(css)}/click`, {});
  }

  /** Waits (bounded) until the page's script `predicate` returns something truthy. */
  async until(what, predicate, args = [], timeoutMs = 20000) {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      try {
        const value = await this.script(predicate, args);
        if (value) return value;
      } catch {}
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting until ${what}`);
  }

  close() {
    return this.cmd('DELETE', '');
  }
}
