// Renders images/icon.png (256×256, the Marketplace and Open VSX icon) from the SVG below with the
// chromium the E2E tests use. Run by hand when the design changes; the PNG is committed.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const S = 256;
const c = S / 2;
const spokes = Array.from({ length: 8 }, (_, i) => {
  const a = (i * Math.PI) / 4;
  const x = (r) => (c + r * Math.cos(a)).toFixed(1);
  const y = (r) => (c + r * Math.sin(a)).toFixed(1);
  return `<line x1="${x(22)}" y1="${y(22)}" x2="${x(104)}" y2="${y(104)}" stroke="#f4d35e" stroke-width="12" stroke-linecap="round"/>`;
}).join('');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}" viewBox="0 0 ${S} ${S}">
  <rect x="0" y="0" width="${S}" height="${S}" rx="44" fill="#0b2545"/>
  ${spokes}
  <circle cx="${c}" cy="${c}" r="72" fill="none" stroke="#f4d35e" stroke-width="14"/>
  <circle cx="${c}" cy="${c}" r="30" fill="#0b2545" stroke="#f4d35e" stroke-width="12"/>
  <path d="M${c} ${c - 17} l14 6 v9 c0 10 -6 16 -14 20 c-8 -4 -14 -10 -14 -20 v-9 z" fill="#ffffff"/>
</svg>`;

const browser = await chromium.launch({ executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: S, height: S } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
writeFileSync(new URL('../images/icon.png', import.meta.url), await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: S, height: S } }));
await browser.close();
console.log('images/icon.png written');
