/**
 * GPU timer figures in real Chromium (Mesa llvmpipe timer queries; run `npm run build` first):
 *  1. main-thread cost per frame of the timer (begin/end of two spans + polling), measured as
 *     the difference between interleaved arms with and without the timer, in a
 *     cross-origin-isolated page (5 µs clock);
 *  2. agreement of `gpu` with a plain timer query written here, on alternate frames.
 */
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../src/cli/chromium.js';
import { startStaticServer } from '../src/cli/static-server.js';
import type { WebglWindow } from '../test/browser/webgl-fixture.js';

const root = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

const server = await startStaticServer({
  routes: { '/dist/': root('dist/'), '/': root('test/fixtures/pages/') },
  headers: {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  },
});
const browser = await launchChromium();

try {
  const page = await browser.newPage();
  await page.goto(`${server.origin}/webgl-timer.html`);
  const cost = await page.evaluate(async () => {
    const w = window as unknown as WebglWindow;
    const { gl, draw, nextFrame } = w.fixture;
    // Time spent in the timer's own frame callbacks (its polling): rAF callbacks registered
    // from inside the timer are wrapped with a clock. Each measurement is quantized to the
    // 5 µs clock; averaged over many frames at random phase the mean is unbiased.
    let insideTimer = false;
    let pollTime = 0;
    let polls = 0;
    const nativeRequest = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (callback) => {
      if (!insideTimer) return nativeRequest(callback);
      return nativeRequest((time) => {
        const start = performance.now();
        insideTimer = true;
        try {
          callback(time);
        } finally {
          insideTimer = false;
          pollTime += performance.now() - start;
          polls++;
        }
      });
    };
    const timer = w.perfwarden.webgl.gpuTimer(gl, { sink: () => undefined });
    const FRAMES = 1200;
    let callTime = 0;
    // Control: an empty frame callback timed the same way shows the measurement floor.
    let emptyTime = 0;
    for (let i = 0; i < FRAMES; i++) {
      await nextFrame();
      nativeRequest(() => {
        const start = performance.now();
        emptyTime += performance.now() - start;
      });
      for (const name of ['a', 'b']) {
        const t0 = performance.now();
        insideTimer = true;
        timer.begin(name);
        insideTimer = false;
        const t1 = performance.now();
        draw(10);
        const t2 = performance.now();
        insideTimer = true;
        timer.end();
        insideTimer = false;
        callTime += t1 - t0 + performance.now() - t2;
      }
    }
    for (let i = 0; i < 10; i++) await nextFrame();
    timer.stop();
    window.requestAnimationFrame = nativeRequest;
    return {
      isolated: window.crossOriginIsolated,
      frames: FRAMES,
      beginEndPerFrame: callTime / FRAMES,
      pollPerFrame: pollTime / FRAMES,
      emptyPerFrame: emptyTime / FRAMES,
      polls,
    };
  });

  const agreement: { iterations: number; perfwarden: number; plain: number }[] = [];
  for (const iterations of [20, 80, 320]) {
    const result = await page.evaluate(
      (n) => (window as unknown as WebglWindow).fixture.compareWithPlainQuery(n, 120),
      iterations,
    );
    agreement.push({ iterations, ...result });
  }

  const us = (ms: number): string => `${(ms * 1000).toFixed(2)} µs`;
  console.log(
    `\nGPU timer main-thread cost per frame (2 spans per frame, ${cost.frames} frames, cross-origin isolated: ${String(cost.isolated)})`,
  );
  console.log(`  begin + end, both spans: ${us(cost.beginEndPerFrame)}`);
  console.log(`  polling (${cost.polls} frame callbacks): ${us(cost.pollPerFrame)}`);
  console.log(`  total: ${us(cost.beginEndPerFrame + cost.pollPerFrame)}`);
  console.log(`  control, an empty frame callback timed the same way: ${us(cost.emptyPerFrame)}`);
  console.log('\nAgreement of gpu p50 with a plain timer query (alternate frames, 60 frames each)');
  console.log('  iterations   perfwarden ms   plain query ms   difference');
  for (const row of agreement) {
    const diff = ((row.perfwarden - row.plain) / row.plain) * 100;
    console.log(
      `  ${String(row.iterations).padStart(10)}   ${row.perfwarden.toFixed(3).padStart(13)}   ${row.plain.toFixed(3).padStart(14)}   ${diff.toFixed(1).padStart(8)} %`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
