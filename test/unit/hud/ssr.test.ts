// Node, no DOM: what a server-side render sees.
import { describe, expect, it } from 'vitest';
import { createHud } from '../../../src/hud/index.js';
import type { HudMonitor } from '../../../src/hud/index.js';
import { createMonitor } from '../../../src/index.js';

describe('perfwarden/hud without a document (server-side rendering)', () => {
  it('imports, and createHud says that it needs a browser document', () => {
    expect(typeof document).toBe('undefined');
    const monitor: HudMonitor = createMonitor();
    expect(() => createHud(monitor)).toThrow(
      /^createHud: needs a browser document \(there is none here, e\.g\. during server-side rendering/,
    );
  });
});
