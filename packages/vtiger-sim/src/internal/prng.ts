import { floor, imul } from './intrinsics';

/**
 * A small seeded PRNG (mulberry32). Everything random in the simulator (seeded data, session names, tokens,
 * latency noise, fault decisions) draws from one of these, so a given seed replays the same run.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('Prng.pick() needs a non-empty array');
    return item;
  }

  /** A derived, independent generator (so adding draws to one stream never shifts another). */
  fork(salt: number): Prng {
    return new Prng((imul(this.state ^ salt, 0x9e3779b1) + salt) >>> 0);
  }
}

/** Mixes two integers into a well-spread 32-bit hash (used for MySQL-like unstable tie order). */
export function mix32(a: number, b: number): number {
  let h = imul(a ^ 0x85ebca6b, 0xc2b2ae35) ^ imul(b + 0x27d4eb2f, 0x165667b1);
  h ^= h >>> 15;
  h = imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}
