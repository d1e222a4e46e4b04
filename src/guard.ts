/**
 * The guard every perfwarden callback runs through: the monitor's overhead meter makes it,
 * sources and the frame loop receive it. Internal: not part of the public types.
 */

/**
 * Wraps a callback so that its time counts as perfwarden's overhead and what it throws is
 * reported, never thrown to the page.
 */
export type Guard = <A = void>(kind: string, callback: (arg: A) => void) => (arg: A) => void;
