/** Types of what test/fixtures/pages/webgl-timer.html and the webgl bundle put on `window`. */
import type * as Webgl from '../../src/webgl/index.js';

export interface WebglFixture {
  gl: WebGL2RenderingContext;
  draw: (iterations: number) => void;
  queryCounts: { created: number; deleted: number };
  nextFrame: () => Promise<number>;
  median: (values: number[]) => number;
  compareWithPlainQuery: (
    iterations: number,
    frames: number,
  ) => Promise<{ perfwarden: number; plain: number; samples: number }>;
}

export interface WebglWindow {
  fixture: WebglFixture;
  perfwarden: { webgl: typeof Webgl };
}
