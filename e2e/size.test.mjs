// The popup page's weight may not creep back: everything index.html loads, gzipped, stays
// within 2% of the figure the "weight" work reached. Sizes of a release build are
// deterministic, so this is a ratchet, not a timing test (scripts/bench.sh prints the figures).
// When a change makes the popup lighter, lower REACHED to the new figure.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DIST } from './lib.mjs';

/** Bytes, gzip -9, of everything index.html loads (as scripts/bench.mjs counts it). */
const REACHED = 326_846;

/** What the popup page loads: the page, what its tags name, and the wasm its glue fetches. */
function popupFiles() {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:href|src|data-glue)="([^"]+)"/g)].map((m) => m[1].replace(/^\.\//, ''));
  return ['index.html', ...new Set(named)];
}

test('the popup page stays as light as it was made', () => {
  const files = popupFiles();
  assert.ok(files.some((f) => f.endsWith('_bg.wasm')), `the page names its wasm: ${files}`);
  const sizes = files.map((f) => [f, gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length]);
  const total = sizes.reduce((sum, [, n]) => sum + n, 0);
  const shown = sizes.map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} KB`).join(', ');
  assert.ok(total <= REACHED * 1.02, `index.html loads ${(total / 1024).toFixed(1)} KB gzipped (${shown}); the ratchet is ${(REACHED / 1024).toFixed(1)} KB + 2%`);
});
