/**
 * One interface over the two shapes of WebGL timer queries:
 * - WebGL2 core query functions with `EXT_disjoint_timer_query_webgl2` constants;
 * - `EXT_disjoint_timer_query`'s own functions (WebGL1, and WebGL2 in browsers that expose
 *   only that name).
 * Neither path forces a GPU sync: results are read only after `available()` says so.
 */

/** Constants shared by both extensions (same values in both specs). */
const TIME_ELAPSED_EXT = 0x88bf;
const GPU_DISJOINT_EXT = 0x8fbb;
const QUERY_RESULT = 0x8866;
const QUERY_RESULT_AVAILABLE = 0x8867;

/** Which extension a timer uses. */
export type TimerExtension = 'EXT_disjoint_timer_query_webgl2' | 'EXT_disjoint_timer_query';

export type AnyGL = WebGLRenderingContext | WebGL2RenderingContext;

/** An opaque query object. */
export type TimerQuery = object;

export interface QueryApi {
  readonly extension: TimerExtension;
  create(): TimerQuery | null;
  begin(query: TimerQuery): void;
  end(): void;
  /** Whether the result can be read without waiting. */
  available(query: TimerQuery): boolean;
  /** Elapsed GPU time in nanoseconds; only after `available()`. */
  result(query: TimerQuery): number;
  remove(query: TimerQuery): void;
  /** Whether a disjoint event happened since the last call (the read resets it). */
  disjoint(): boolean;
}

/** The functions `EXT_disjoint_timer_query` adds (WebGL1 style). */
interface Webgl1TimerExtension {
  createQueryEXT(): TimerQuery | null;
  deleteQueryEXT(query: TimerQuery | null): void;
  beginQueryEXT(target: number, query: TimerQuery): void;
  endQueryEXT(target: number): void;
  getQueryObjectEXT(query: TimerQuery, pname: number): unknown;
}

function isWebgl2(gl: AnyGL): gl is WebGL2RenderingContext {
  return typeof (gl as Partial<WebGL2RenderingContext>).createQuery === 'function';
}

function webgl2Api(gl: WebGL2RenderingContext): QueryApi {
  return {
    extension: 'EXT_disjoint_timer_query_webgl2',
    create: () => gl.createQuery(),
    begin: (query) => {
      gl.beginQuery(TIME_ELAPSED_EXT, query);
    },
    end: () => {
      gl.endQuery(TIME_ELAPSED_EXT);
    },
    available: (query) => gl.getQueryParameter(query, QUERY_RESULT_AVAILABLE) === true,
    result: (query) => Number(gl.getQueryParameter(query, QUERY_RESULT)),
    remove: (query) => {
      gl.deleteQuery(query);
    },
    disjoint: () => gl.getParameter(GPU_DISJOINT_EXT) === true,
  };
}

function webgl1Api(gl: AnyGL, ext: Webgl1TimerExtension): QueryApi {
  return {
    extension: 'EXT_disjoint_timer_query',
    create: () => ext.createQueryEXT(),
    begin: (query) => {
      ext.beginQueryEXT(TIME_ELAPSED_EXT, query);
    },
    end: () => {
      ext.endQueryEXT(TIME_ELAPSED_EXT);
    },
    available: (query) => ext.getQueryObjectEXT(query, QUERY_RESULT_AVAILABLE) === true,
    result: (query) => Number(ext.getQueryObjectEXT(query, QUERY_RESULT)),
    remove: (query) => {
      ext.deleteQueryEXT(query);
    },
    disjoint: () => gl.getParameter(GPU_DISJOINT_EXT) === true,
  };
}

/**
 * The timer-query API of `gl`, preferring `EXT_disjoint_timer_query_webgl2`, or undefined
 * when the context offers neither extension (or is lost).
 */
export function getQueryApi(gl: AnyGL): QueryApi | undefined {
  if (gl.isContextLost()) return undefined;
  if (isWebgl2(gl) && gl.getExtension('EXT_disjoint_timer_query_webgl2')) return webgl2Api(gl);
  const ext = gl.getExtension('EXT_disjoint_timer_query') as Webgl1TimerExtension | null;
  return ext ? webgl1Api(gl, ext) : undefined;
}
