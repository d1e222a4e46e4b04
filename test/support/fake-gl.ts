/**
 * A fake WebGL context with timer queries whose results arrive a chosen number of frames
 * after `endQuery`, plus a frame driver for `requestAnimationFrame` and
 * `document.timeline.currentTime`. It records every misuse a real driver would punish:
 * reading a result before it is available, nesting TIME_ELAPSED queries, using deleted or
 * foreign queries.
 */
const TIME_ELAPSED_EXT = 0x88bf;
const GPU_DISJOINT_EXT = 0x8fbb;
const QUERY_RESULT = 0x8866;
const QUERY_RESULT_AVAILABLE = 0x8867;

interface FakeQuery {
  id: number;
  deleted: boolean;
  /** Frame at which the result becomes available, or Infinity while active/never ended. */
  availableAt: number;
  nanoseconds: number;
}

export interface FakeGlOptions {
  extension?: 'webgl2' | 'webgl1' | 'none';
  /** Frames between endQuery and availability. */
  delay?: number;
}

export class FakeGl {
  readonly canvas = new EventTarget();
  /** Elapsed ns the next ended query will report. */
  nextNanoseconds = 1_000_000;
  delay: number;
  disjointPending = false;
  lost = false;
  frameNumber = 0;
  readonly violations: string[] = [];
  created = 0;
  deleted = 0;
  availabilityChecks = 0;
  private active: FakeQuery | undefined;
  private readonly queries = new Set<FakeQuery>();
  private readonly extensionKind: 'webgl2' | 'webgl1' | 'none';
  private nextId = 1;

  constructor(options: FakeGlOptions = {}) {
    this.extensionKind = options.extension ?? 'webgl2';
    this.delay = options.delay ?? 2;
  }

  isContextLost(): boolean {
    return this.lost;
  }

  getExtension(name: string): object | null {
    if (this.lost) return null;
    if (name === 'EXT_disjoint_timer_query_webgl2' && this.extensionKind === 'webgl2') return {};
    if (name === 'EXT_disjoint_timer_query' && this.extensionKind === 'webgl1') {
      return {
        createQueryEXT: () => this.newQuery(),
        deleteQueryEXT: (q: FakeQuery) => {
          this.deleteQuery(q);
        },
        beginQueryEXT: (target: number, q: FakeQuery) => {
          this.beginQuery(target, q);
        },
        endQueryEXT: (target: number) => {
          this.endQuery(target);
        },
        getQueryObjectEXT: (q: FakeQuery, pname: number) => this.getQueryParameter(q, pname),
      };
    }
    return null;
  }

  getParameter(pname: number): unknown {
    if (pname === GPU_DISJOINT_EXT) {
      const value = this.disjointPending;
      this.disjointPending = false;
      return value;
    }
    return 'Fake Renderer';
  }

  get createQuery(): (() => FakeQuery) | undefined {
    // WebGL1 contexts have no core query functions.
    if (this.extensionKind === 'webgl1') return undefined;
    return () => this.newQuery();
  }

  private newQuery(): FakeQuery {
    const query = { id: this.nextId++, deleted: false, availableAt: Infinity, nanoseconds: 0 };
    this.queries.add(query);
    this.created++;
    return query;
  }

  beginQuery(target: number, query: FakeQuery): void {
    if (target !== TIME_ELAPSED_EXT) this.violations.push(`beginQuery target ${target}`);
    if (this.active) this.violations.push('beginQuery while another query is active');
    if (query.deleted || !this.queries.has(query))
      this.violations.push('beginQuery on a dead query');
    query.availableAt = Infinity;
    this.active = query;
  }

  endQuery(target: number): void {
    if (target !== TIME_ELAPSED_EXT) this.violations.push(`endQuery target ${target}`);
    if (!this.active) {
      this.violations.push('endQuery without an active query');
      return;
    }
    this.active.nanoseconds = this.nextNanoseconds;
    this.active.availableAt = this.frameNumber + this.delay;
    this.active = undefined;
  }

  getQueryParameter(query: FakeQuery, pname: number): unknown {
    if (query.deleted || !this.queries.has(query)) this.violations.push('read of a dead query');
    if (query === this.active) this.violations.push('read of an active query');
    if (pname === QUERY_RESULT_AVAILABLE) {
      this.availabilityChecks++;
      return this.frameNumber >= query.availableAt;
    }
    if (pname === QUERY_RESULT) {
      if (this.frameNumber < query.availableAt)
        this.violations.push('result read before available');
      return query.nanoseconds;
    }
    return null;
  }

  deleteQuery(query: FakeQuery): void {
    if (query.deleted) this.violations.push('double delete');
    query.deleted = true;
    this.deleted++;
  }

  loseContext(): void {
    this.lost = true;
    this.active = undefined;
    this.queries.clear();
    this.canvas.dispatchEvent(new Event('webglcontextlost'));
  }

  restoreContext(): void {
    this.lost = false;
    this.canvas.dispatchEvent(new Event('webglcontextrestored'));
  }
}

/** Drives `requestAnimationFrame` and `document.timeline.currentTime` by hand. */
export class FrameDriver {
  time = 1000;
  private callbacks = new Map<number, FrameRequestCallback>();
  private nextHandle = 1;
  readonly timeline = { currentTime: this.time as number | null };

  constructor(private readonly gl?: FakeGl) {}

  readonly requestAnimationFrame = (callback: FrameRequestCallback): number => {
    const handle = this.nextHandle++;
    this.callbacks.set(handle, callback);
    return handle;
  };

  readonly cancelAnimationFrame = (handle: number): void => {
    this.callbacks.delete(handle);
  };

  /** Callbacks waiting for the next frame. */
  get pending(): number {
    return this.callbacks.size;
  }

  /** Advances one frame: the timeline moves, then queued callbacks run, then `render`. */
  frame(render?: () => void): void {
    this.time += 16.7;
    this.timeline.currentTime = this.time;
    if (this.gl) this.gl.frameNumber++;
    const due = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of due) callback(this.time);
    render?.();
  }
}
