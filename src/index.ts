/**
 * perfwarden: watches the rendering performance of visualization apps and says when it
 * got slower. This root entry is side-effect free: nothing runs until you call into it.
 *
 * @packageDocumentation
 */
export * from './stats/index.js';
