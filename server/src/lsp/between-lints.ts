/**
 * Young-generation garbage collection between keystrokes instead of during them. A lint allocates
 * ~0.5 MB (a 50-line Dockerfile, a 500-line Compose file) in a young generation of 2 MiB
 * (launch-options.ts), so V8 scavenges in the middle of every third or fourth lint, and on a busy
 * machine such a pause waits for GC threads that are not running: it is most of the slow edits.
 * Once an edit's diagnostics have been written and no other lint waits, a scavenge here finds little
 * alive (the result kept for the next edit) and the next keystroke's lint starts with an empty young
 * generation. The full GCs stay V8's; idle-compaction.ts compacts once the user stops.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { exposedGc } from './idle-compaction.js';

/** Scavenge when the young generation is at least this full (its capacity: what fits before V8 scavenges on its own). */
const FILL_TO_COLLECT = 0.25;

export interface BetweenLintsOptions {
  /** For tests: what runs instead of the scavenge, and how full the young generation is (0–1). */
  collect?: () => void;
  youngFill?: () => number;
}

export class BetweenLints {
  private readonly collect: (() => void) | undefined;
  private readonly youngFill: () => number;
  private queued = false;
  /** Scavenges run so far. */
  runs = 0;

  constructor(options: BetweenLintsOptions = {}) {
    const gc = options.collect ? undefined : exposedGc();
    this.collect = options.collect ?? (gc && (() => gc({ type: 'minor' })));
    this.youngFill = options.youngFill ?? youngGenerationFill;
  }

  /**
   * A lint's diagnostics have been written. Once this turn of the event loop is over (a message
   * that arrived meanwhile is read first), and unless `waiting()` says another lint is due, the young
   * generation is collected if it is filling up.
   */
  published(waiting: () => boolean): void {
    if (!this.collect || this.queued) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      if (waiting() || this.youngFill() < FILL_TO_COLLECT) return;
      this.collect?.();
      this.runs++;
    });
  }
}

function youngGenerationFill(): number {
  for (const s of getHeapSpaceStatistics()) if (s.space_name === 'new_space') return s.space_size ? s.space_used_size / s.space_size : 0;
  return 0;
}
