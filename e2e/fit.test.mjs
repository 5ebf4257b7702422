// Every screen, at the popup's width and wider: nothing scrolls sideways, and axe-core finds
// no "serious" or "critical" accessibility violation, in the light and the dark theme.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { ROOT, openConnected, simAndBrowser, simApi } from './lib.mjs';

const AXE = readFileSync(join(ROOT, 'tools/node_modules/axe-core/axe.min.js'), 'utf8');
const WIDTHS = [360, 400, 1280];

/** Each screen, and what shows once it is ready to look at. */
function screens(tokenId) {
  return [
    { name: 'connect', hash: '#connect', ready: '[name=console_url]' },
    { name: 'create: the kind picker', hash: '#create', ready: 'input[name=kind]' },
    { name: 'create: a kind chosen', hash: '#create', ready: '.form [name=memo]', act: (p) => p.locator('input[name=kind][value=doc-msword]').check() },
    { name: 'inventory', hash: '#inventory', ready: 'table.tokens tbody tr' },
    { name: 'a token', hash: `#token/${tokenId}`, ready: '.facts' },
    { name: 'alerts', hash: '#alerts', ready: '.alert-item' },
    { name: 'bulk', hash: '#bulk', ready: '[name=source]' },
    { name: 'export', hash: '#export', ready: '[name=scope]' },
    { name: 'alert export', hash: '#alert-export', ready: '[name=filter_str]' },
    { name: 'advanced', hash: '#advanced', ready: '#factories-title' },
  ];
}

async function open(env, screen, width, colorScheme) {
  const page = await openConnected(env.browser, env.sim, env.sim.keys.admin, '#connect');
  await page.emulateMedia({ colorScheme });
  await page.setViewportSize({ width, height: width > 400 ? 800 : 600 });
  const base = screen.hash.match(/^#(bulk|export|advanced|alert-export)/) ? 'workbench.html' : '';
  await page.goto(`${env.sim.url}/${base}${screen.hash}`);
  await screen.act?.(page);
  await page.locator(screen.ready).first().waitFor();
  return page;
}

describe('every screen fits and is accessible', () => {
  const env = simAndBrowser();
  let tokenId;
  before(async () => {
    tokenId = (await simApi(env.sim, '/canarytokens/fetch')).tokens[0].canarytoken;
  });

  test(`no screen scrolls sideways at ${WIDTHS.join(', ')} px`, async () => {
    const wide = [];
    for (const screen of screens(tokenId)) {
      for (const width of WIDTHS) {
        const page = await open(env, screen, width, 'light');
        const [scroll, inner] = await page.evaluate(() => [document.scrollingElement.scrollWidth, innerWidth]);
        if (scroll > inner) wide.push(`${screen.name} at ${width} px: ${scroll} px wide`);
        await page.close();
      }
    }
    assert.deepEqual(wide, []);
  });

  test('axe-core: no serious or critical violation at 400 and 1280 px, light and dark', async () => {
    const found = [];
    for (const screen of screens(tokenId)) {
      for (const width of [400, 1280]) {
        for (const colorScheme of ['light', 'dark']) {
          const page = await open(env, screen, width, colorScheme);
          await page.evaluate(AXE); // through DevTools: the page's CSP forbids inline scripts
          const violations = await page.evaluate(async () => {
            const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
            return violations
              .filter((v) => v.impact === 'serious' || v.impact === 'critical')
              .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
          });
          found.push(...violations.map((v) => `${screen.name}, ${width} px, ${colorScheme}: ${v}`));
          await page.close();
        }
      }
    }
    assert.deepEqual(found, []);
  });
});
