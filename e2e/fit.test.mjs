// Every screen, at the popup's width and wider: nothing scrolls sideways, axe-core finds no
// "serious" or "critical" accessibility violation, in the light and the dark theme, and Tab
// reaches every control in reading order.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { ROOT, openConnected, screenUrl, simAndBrowser, simApi } from './lib.mjs';

const AXE = readFileSync(join(ROOT, 'tools/node_modules/axe-core/axe.min.js'), 'utf8');
const WIDTHS = [360, 400, 1280];
// What Tab must reach (where shown and enabled).
const CONTROLS = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';

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
    { name: 'gmail', hash: '#mail/gmail', ready: '[name=domain]' },
    { name: 'office 365', hash: '#mail/office365', ready: '[name=is_exchange]' },
  ];
}

async function open(env, screen, width, colorScheme) {
  const page = await openConnected(env.browser, env.sim, env.sim.keys.admin, '#connect');
  await page.emulateMedia({ colorScheme });
  await page.setViewportSize({ width, height: width > 400 ? 800 : 600 });
  await page.goto(screenUrl(env.sim.url, screen.hash));
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

  test('Tab reaches every control of every screen, in reading order, at 400 px', async () => {
    const found = [];
    for (const screen of screens(tokenId)) {
      const page = await open(env, screen, 400, 'light');
      // Tab starts from the top of the page: from a focus point before everything else.
      await page.evaluate(() => {
        const start = document.createElement('div');
        start.tabIndex = -1;
        document.body.prepend(start);
        start.focus();
        window.__tabbed = [];
      });
      const controls = await page.evaluate((all) => document.querySelectorAll(all).length, CONTROLS);
      for (let i = 0; i < 3 * controls + 10; i++) {
        await page.keyboard.press('Tab');
        const more = await page.evaluate(() => {
          const at = document.activeElement;
          // A date-time input takes several Tabs (one per part); back at a control seen before,
          // the round is done.
          if (at === window.__tabbed.at(-1)) return true;
          if (!at || at === document.body || window.__tabbed.includes(at)) return false;
          return window.__tabbed.push(at) > 0;
        });
        if (!more) break;
      }
      const problems = await page.evaluate((all) => {
        const name = (e) => `${e.tagName.toLowerCase()}${e.name ? `[name=${e.name}]` : ''} "${(e.innerText || e.value || e.ariaLabel || '').trim().slice(0, 30)}"`;
        const shown = (e) => e.getClientRects().length > 0 && !e.disabled && e.checkVisibility({ visibilityProperty: true });
        const tabbed = window.__tabbed;
        // A radio group is one stop: its arrow keys move within it.
        const reached = (e) => tabbed.includes(e) || (e.type === 'radio' && tabbed.some((t) => t.type === 'radio' && t.name === e.name));
        const missed = [...document.querySelectorAll(all)].filter(shown).filter((e) => !reached(e)).map((e) => `not reached: ${name(e)}`);
        scrollTo(0, 0);
        const at = tabbed.map((e) => ({ e, box: e.getBoundingClientRect() }));
        const backwards = at.slice(1).flatMap(({ e, box }, i) => {
          const before = at[i].box;
          // Reading order: down the page, and left to right along a line.
          const above = box.bottom <= before.top + 1;
          const leftOnLine = box.top < before.bottom && box.right <= before.left + 1;
          return above || leftOnLine ? [`${name(e)} comes after ${name(at[i].e)}`] : [];
        });
        const positive = [...document.querySelectorAll('[tabindex]')].filter((e) => e.tabIndex > 0).map((e) => `tabindex > 0: ${name(e)}`);
        return [...missed, ...backwards, ...positive];
      }, CONTROLS);
      found.push(...problems.map((p) => `${screen.name}: ${p}`));
      await page.close();
    }
    assert.deepEqual(found, []);
  });
});
