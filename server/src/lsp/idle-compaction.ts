/**
 * Gives memory back once the server goes quiet. While the user types, V8 lets the heap grow to a few
 * times what is live (collecting less often is what keeps edits fast), and it keeps those pages
 * afterwards: measured 118–125 MiB RSS after 200 edits on a 500-line file, of which ~15 MiB of heap
 * was live. A regular full GC frees the objects but leaves the pages half empty; a compacting one
 * moves the survivors together and returns the rest to the OS. So after `idleMs` without activity,
 * one compacting full GC runs (tens of milliseconds, when nobody is waiting), then nothing until
 * the next activity.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Compact only when the heap grew at least this much since the last compaction. (Not "unused
 * space": V8's used size counts garbage until the next GC, so a heap full of garbage looks full.)
 */
const MIN_GROWTH_BYTES = 4 * 2 ** 20;

type CollectGarbage = () => void;
type ExposedGc = (options?: { type?: 'major' | 'minor' }) => void;

/** V8's `gc()` (from `--expose-gc`, else exposed here), or undefined when this runtime refuses. */
export function exposedGc(): ExposedGc | undefined {
  try {
    let gc = (globalThis as { gc?: ExposedGc }).gc;
    if (!gc) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as ExposedGc | undefined;
    }
    return typeof gc === 'function' ? gc : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A full GC that compacts. `--compact-on-every-full-gc` is switched on only around our own call:
 * the GCs V8 runs while the user types stay as they are.
 */
function compactingGc(): CollectGarbage | undefined {
  try {
    const collect = exposedGc();
    if (!collect) return undefined;
    return () => {
      setFlagsFromString('--compact-on-every-full-gc');
      try {
        collect();
      } finally {
        setFlagsFromString('--no-compact-on-every-full-gc');
      }
    };
  } catch {
    return undefined;
  }
}

export interface IdleCompactionOptions {
  /** Quiet time before compacting. */
  idleMs: number;
  /** For tests: what runs instead of the GC, and how the heap's size is read. */
  collect?: CollectGarbage;
  heapSize?: () => number;
}

export class IdleCompaction {
  private timer: NodeJS.Timeout | undefined;
  private readonly collect: CollectGarbage | undefined;
  private readonly heapSize: () => number;
  /** The heap's size right after the last compaction. */
  private compactedSize = 0;
  /** Compactions run so far. */
  runs = 0;

  constructor(private readonly options: IdleCompactionOptions) {
    this.collect = options.collect ?? compactingGc();
    this.heapSize = options.heapSize ?? (() => getHeapStatistics().total_heap_size);
  }

  /** Something happened (an edit, a request, a workspace lint): compact once it has been quiet for a while. */
  touch(): void {
    if (!this.collect) return;
    // A new timer rather than timer.refresh(): the same cost per edit, and mock timers can drive it.
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.idle(), this.options.idleMs);
    this.timer.unref(); // never keeps a shutting-down server alive
  }

  private idle(): void {
    this.timer = undefined;
    if (!this.collect || this.heapSize() < this.compactedSize + MIN_GROWTH_BYTES) return;
    this.collect();
    this.runs++;
    this.compactedSize = this.heapSize();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
