/**
 * The HUD's downloads (a captured baseline, the session) as JSON files: an object URL per
 * file, clicked through a link in the HUD's shadow root and revoked a while later, or at
 * once when the HUD is destroyed.
 */
import { element } from './dom.js';

/** Object URLs of downloads are revoked after this long (ms). */
const REVOKE_AFTER_MS = 10_000;

/** Downloads started from the HUD, with the URLs they still hold. */
export class Downloads {
  private readonly _root: ShadowRoot;
  private readonly _pending = new Map<ReturnType<typeof setTimeout>, string>();

  /** `root`: where the link is clicked (inside the HUD, not the host page). */
  constructor(root: ShadowRoot) {
    this._root = root;
  }

  /** Downloads `data` as JSON under the file name `name`. */
  save(name: string, data: unknown): void {
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }),
    );
    const link = element('a', '');
    link.href = url;
    link.download = name;
    this._root.append(link);
    link.click();
    link.remove();
    const revoke = setTimeout(() => {
      this._pending.delete(revoke);
      URL.revokeObjectURL(url);
    }, REVOKE_AFTER_MS);
    this._pending.set(revoke, url);
  }

  /** Revokes every URL still held and its timer. */
  revokeAll(): void {
    for (const [revoke, url] of this._pending) {
      clearTimeout(revoke);
      URL.revokeObjectURL(url);
    }
    this._pending.clear();
  }
}
