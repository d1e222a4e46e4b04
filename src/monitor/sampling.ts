/**
 * Session sampling: whether this session is measured is decided once, from its session id,
 * so that the same id always gives the same answer (a backend can recompute it, and a
 * reload that keeps the id keeps the decision).
 */

/** A uniform number in [0, 1) derived from `sessionId` (FNV-1a, then a murmur3 finalizer). */
export function sessionFraction(sessionId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sessionId.length; i++) {
    hash = Math.imul(hash ^ sessionId.charCodeAt(i), 0x01000193);
  }
  // FNV alone mixes the last characters poorly ("session-1", "session-2"); the finalizer
  // spreads every input bit over the output.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x1_0000_0000;
}

/** Whether the session `sessionId` is in a sample of rate `sampleRate` (0..1). */
export function isSampled(sessionId: string, sampleRate: number): boolean {
  return sampleRate >= 1 || sessionFraction(sessionId) < sampleRate;
}

/** A new random session id (a UUID where `crypto.randomUUID` exists). */
export function createSessionId(): string {
  const crypto = globalThis.crypto as Crypto | undefined;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
