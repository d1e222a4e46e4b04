/**
 * Helpers of the Storybook browser tests: the CLI in-process against real Chromium, and the
 * script that makes one story slower.
 */
import { main } from '../../src/cli/main.js';

/** Runs `perfwarden …args` in-process (real browser); its exit code and standard output. */
export async function storybookCli(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const sink = (write: (text: string) => void) => ({
    write(chunk: string | Uint8Array) {
      write(String(chunk));
      return true;
    },
  });
  const code = await main(args, {
    stdout: sink((text) => (stdout += text)) as unknown as NodeJS.WriteStream,
    stderr: sink(() => undefined) as unknown as NodeJS.WriteStream,
    env: {},
    cwd: process.cwd(),
  });
  return { code, stdout };
}

/**
 * A page script that makes `storyId` slower, as a costlier render loop would: `ms` of
 * main-thread work before every animation-frame callback of the story's page (for
 * `--init-script`, or a script tag in a build's iframe.html).
 */
export function extraWorkScript(storyId: string, ms = 30): string {
  return `if (new URLSearchParams(location.search).get('id') === ${JSON.stringify(storyId)}) {
  const requestFrame = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) =>
    requestFrame((time) => {
      const end = performance.now() + ${String(ms)};
      while (performance.now() < end);
      callback(time);
    });
}
`;
}
