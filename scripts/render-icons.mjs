// Renders icons/icon.svg to the PNG sizes the extension manifest names.
// Usage: node scripts/render-icons.mjs   (needs tools/node_modules and /usr/bin/chromium)
import { chromium } from '../tools/node_modules/playwright-core/index.mjs';
import { readFileSync } from 'node:fs';

const svg = readFileSync(new URL('../icons/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ deviceScaleFactor: 1 });
for (const size of [16, 32, 48, 128]) {
  await page.setContent(`<body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`);
  await page.screenshot({
    path: new URL(`../icons/icon-${size}.png`, import.meta.url).pathname,
    clip: { x: 0, y: 0, width: size, height: size },
    omitBackground: true,
  });
}
await browser.close();
