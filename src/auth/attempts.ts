import { createHmac, randomBytes } from 'node:crypto';

/** How long a hashing key lasts, and with it everything counted under it. */
export const ATTEMPT_KEY_MS = 3_600_000;

/** What is counted: one string, or several (an email and a source) that together make the key. */
export type AttemptKey = string | readonly string[];

export interface CounterOptions {
  /**
   * How long one hashing key lasts; when it is replaced, everything counted under it goes with
   * it. An hour, unless the counter remembers for longer on purpose (a source a person signed in
   * from), and then its window.
   */
  keyMs?: number;
  /** At most this many keys are held; expired ones go first, then the oldest. */
  maxKeys?: number;
}

/**
 * The Hub's one counter of attempts (sign-ins, setup codes, what delegates send, joins, wrong
 * event codes): a sliding window per key, in this process's memory only. Keys are held as keyed
 * hashes under a random key that is never written anywhere and is replaced every hour, with
 * everything counted under it; so an address or an email is never held in clear, nothing
 * outlives the process, and a count is kept at most an hour (or the counter's own longer window).
 */
export class AttemptCounter {
  private secret = randomBytes(32);
  private secretUntil: number;
  private readonly keyMs: number;
  private readonly maxKeys: number;
  /** Each key's attempts, oldest first. */
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    options: CounterOptions = {},
  ) {
    this.keyMs = options.keyMs ?? ATTEMPT_KEY_MS;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.secretUntil = Date.now() + this.keyMs;
  }

  private hashed(key: AttemptKey, now: number): string {
    if (now >= this.secretUntil) {
      // Counts under the old key could never be matched again: they go with it.
      this.secret = randomBytes(32);
      this.secretUntil = now + this.keyMs;
      this.hits.clear();
    }
    const parts = typeof key === 'string' ? [key] : key;
    return createHmac('sha256', this.secret).update(parts.join('\0')).digest('base64url');
  }

  /** The attempts of a hashed key still inside the window; an empty list is dropped. */
  private recent(hashed: string, now: number): number[] {
    const list = this.hits.get(hashed);
    if (!list) return [];
    const from = list.findIndex((at) => now - at < this.windowMs);
    if (from === -1) {
      this.hits.delete(hashed);
      return [];
    }
    if (from > 0) list.splice(0, from);
    return list;
  }

  /** How many attempts are counted for this key now. */
  count(key: AttemptKey, now = Date.now()): number {
    return this.recent(this.hashed(key, now), now).length;
  }

  /** Whether the limit is reached for this key, without counting anything. */
  isBlocked(key: AttemptKey, now = Date.now()): boolean {
    return this.count(key, now) >= this.limit;
  }

  /**
   * Counts one attempt, or refuses it when the limit is reached. Synchronous, so parallel
   * requests cannot both read "one left" before either is counted.
   */
  take(key: AttemptKey, now = Date.now()): boolean {
    if (this.isBlocked(key, now)) return false;
    this.record(key, now);
    return true;
  }

  /** Counts one attempt whatever the count already is (the limit was checked earlier). */
  record(key: AttemptKey, now = Date.now()): void {
    const hashed = this.hashed(key, now);
    const list = this.recent(hashed, now);
    if (list.length === 0) {
      this.makeRoom(now);
      this.hits.set(hashed, [now]);
    } else list.push(now);
  }

  /** Hands the latest attempt back (an attempt that turned out to be legitimate). */
  giveBack(key: AttemptKey, now = Date.now()): void {
    const hashed = this.hashed(key, now);
    const list = this.recent(hashed, now);
    list.pop();
    if (list.length === 0) this.hits.delete(hashed);
  }

  /** Forgets everything counted for this key. */
  clear(key: AttemptKey, now = Date.now()): void {
    this.hits.delete(this.hashed(key, now));
  }

  /** Memory stays bounded: expired windows go first, then the oldest. */
  private makeRoom(now: number): void {
    if (this.hits.size < this.maxKeys) return;
    for (const hashed of [...this.hits.keys()]) this.recent(hashed, now);
    for (const hashed of this.hits.keys()) {
      if (this.hits.size < this.maxKeys) break;
      this.hits.delete(hashed);
    }
  }
}
