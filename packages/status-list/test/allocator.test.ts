import { describe, expect, it } from 'vitest';
import { randomIndexAllocator, StatusListError } from '../src/index.ts';

describe('randomIndexAllocator', () => {
  it('gives 200,000 distinct indexes within range', () => {
    const length = 262_144;
    const picks = randomIndexAllocator({ length }).take(200_000);
    expect(picks).toHaveLength(200_000);
    expect(new Set(picks).size).toBe(200_000);
    expect(picks.every((i) => Number.isInteger(i) && i >= 0 && i < length)).toBe(true);
  });

  it('never returns a taken index, whether given as a set or a callback', () => {
    const length = 131_072;
    const taken = new Set<number>();
    for (let i = 0; i < length; i += 2) taken.add(i);
    const fromSet = randomIndexAllocator({ length, taken }).take(60_000);
    const fromCallback = randomIndexAllocator({ length, isTaken: (i) => i % 2 === 0 }).take(60_000);
    expect(fromSet.every((i) => i % 2 === 1)).toBe(true);
    expect(fromCallback.every((i) => i % 2 === 1)).toBe(true);
    expect(new Set(fromSet).size).toBe(60_000);
  });

  it('fills a list completely, then reports it full', () => {
    const allocator = randomIndexAllocator({ length: 131_072 });
    const all = allocator.take(131_072);
    expect(new Set(all).size).toBe(131_072);
    expect(all.every((i) => i >= 0 && i < 131_072)).toBe(true);
    expect(() => allocator.next()).toThrowError(expect.objectContaining({ code: 'ERR_STATUS_LIST_FULL' }));
  });

  it('leaves the allocator unchanged when a request does not fit', () => {
    const allocator = randomIndexAllocator({ length: 10, taken: [0, 1, 2, 3, 4, 5, 6] });
    expect(() => allocator.take(4)).toThrowError(StatusListError);
    expect(allocator.take(3).sort()).toEqual([7, 8, 9]);
  });

  it('picks uniformly among the free indexes', () => {
    const counts = new Array<number>(8).fill(0);
    const samples = 80_000;
    for (let n = 0; n < samples; n++) {
      const index = randomIndexAllocator({ length: 8, taken: [3] }).next();
      counts[index] = (counts[index] ?? 0) + 1;
    }
    expect(counts[3]).toBe(0);
    const expected = samples / 7;
    const chiSquare = counts.reduce((sum, c, i) => (i === 3 ? sum : sum + (c - expected) ** 2 / expected), 0);
    // 6 degrees of freedom: P(chi2 > 40) < 1e-6, so a false failure is practically impossible.
    expect(chiSquare).toBeLessThan(40);
  });

  it('allocates 1,000,000 indexes in seconds', () => {
    const started = performance.now();
    const picks = randomIndexAllocator({ length: 2 ** 24 }).take(1_000_000);
    const elapsed = performance.now() - started;
    expect(new Set(picks).size).toBe(1_000_000);
    expect(elapsed).toBeLessThan(10_000);
  });
});
