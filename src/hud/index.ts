/**
 * `perfwarden/hud`: an in-app overlay for a monitor, with graphs, verdicts and a toast for
 * every regression. Importing it costs nothing until `createHud` is called.
 *
 * @packageDocumentation
 */
export { createHud } from './hud.js';
export type { Hud, HudMonitor } from './hud.js';
export type { HudCorner, HudOptions } from './options.js';
export type { SessionEvent, SessionRecord } from './session-log.js';
