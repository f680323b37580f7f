import { randomInt } from 'node:crypto';
import { StatusListError } from './errors.ts';

export interface RandomIndexAllocatorOptions {
  /** Number of entries in the list; indexes are drawn from [0, length). */
  length: number;
  /** Indexes already in use, e.g. read from the database once. */
  taken?: Iterable<number>;
  /** Alternative or addition to `taken` for callers with their own lookup. */
  isTaken?: (index: number) => boolean;
  /**
   * Random draws per pick before switching to enumerating the free indexes.
   * Only matters once the list is nearly full.
   */
  maxAttempts?: number;
}

export interface RandomIndexAllocator {
  readonly length: number;
  /** One unused index, uniformly at random among the free ones. */
  next(): number;
  /** `count` distinct unused indexes, each uniformly at random among those still free. */
  take(count: number): number[];
}

/**
 * Picks unused list indexes uniformly at random, so an index reveals nothing
 * about issuance order (herd privacy). Indexes it returns count as taken for
 * later calls on the same allocator.
 *
 * Rejection sampling with crypto.randomInt is O(1) per pick while the list
 * has room; when draws keep colliding (a nearly full list) it enumerates the
 * free indexes once and finishes with a partial Fisher–Yates shuffle, which
 * is still uniform and bounded by O(length).
 */
export function randomIndexAllocator(options: RandomIndexAllocatorOptions): RandomIndexAllocator {
  const { length } = options;
  if (!Number.isSafeInteger(length) || length < 1 || length > 2 ** 48) {
    // crypto.randomInt's range limit is 2^48.
    throw new StatusListError('ERR_INVALID_ARGUMENT', `length must be an integer in [1, 2^48], got ${String(length)}`);
  }
  const maxAttempts = options.maxAttempts ?? 64;
  const used = new Set<number>();
  for (const index of options.taken ?? []) used.add(index);
  const external = options.isTaken;
  const isFree = (index: number): boolean => !used.has(index) && !(external?.(index) ?? false);

  function draw(): number | undefined {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const candidate = randomInt(length);
      if (isFree(candidate)) return candidate;
    }
    return undefined;
  }

  function freeIndexes(): number[] {
    const free: number[] = [];
    for (let index = 0; index < length; index++) if (isFree(index)) free.push(index);
    return free;
  }

  function full(wanted: number, available: number): StatusListError {
    return new StatusListError(
      'ERR_STATUS_LIST_FULL',
      `the list of ${length} entries has ${available} free indexes; ${wanted} requested`,
    );
  }

  return {
    length,
    next() {
      const [index] = this.take(1);
      return index as number;
    },
    take(count) {
      if (!Number.isSafeInteger(count) || count < 0) {
        throw new StatusListError('ERR_INVALID_ARGUMENT', `count must be a non-negative integer, got ${String(count)}`);
      }
      const picked: number[] = [];
      while (picked.length < count) {
        const index = draw();
        if (index !== undefined) {
          used.add(index);
          picked.push(index);
          continue;
        }
        const free = freeIndexes();
        const wanted = count - picked.length;
        if (free.length < wanted) {
          // Give back this call's picks so a failed call leaves the allocator unchanged.
          for (const index of picked) used.delete(index);
          throw full(count, free.length + picked.length);
        }
        for (let i = 0; i < wanted; i++) {
          const j = i + randomInt(free.length - i);
          const chosen = free[j] as number;
          free[j] = free[i] as number;
          used.add(chosen);
          picked.push(chosen);
        }
      }
      return picked;
    },
  };
}
