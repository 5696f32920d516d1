import { createHmac, randomBytes } from 'node:crypto';

interface Window {
  count: number;
  endsAt: number;
}

/**
 * Attempts counted per key in fixed windows, in this process's memory only. Keys are kept as
 * keyed hashes under a random key that is never written anywhere, so an address or an email is
 * never held in clear, and nothing outlives the process.
 */
export class AttemptCounter {
  private readonly secret = randomBytes(32);
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  private key(parts: string[]): string {
    return createHmac('sha256', this.secret).update(parts.join('\0')).digest('base64url');
  }

  private current(key: string, now: number): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.endsAt > now) return window;
    if (window) this.windows.delete(key);
    return undefined;
  }

  /** Whether the limit is reached for these parts, without counting anything. */
  isBlocked(...parts: string[]): boolean {
    return (this.current(this.key(parts), Date.now())?.count ?? 0) >= this.limit;
  }

  /**
   * Counts one attempt, or refuses it when the limit is reached. Synchronous, so parallel
   * requests cannot both read "one left" before either is counted.
   */
  take(...parts: string[]): boolean {
    const now = Date.now();
    const key = this.key(parts);
    let window = this.current(key, now);
    if (!window) {
      this.makeRoom(now);
      window = { count: 0, endsAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    if (window.count >= this.limit) return false;
    window.count += 1;
    return true;
  }

  /** Hands one attempt back (an attempt that turned out to be legitimate). */
  giveBack(...parts: string[]): void {
    const window = this.current(this.key(parts), Date.now());
    if (window && window.count > 0) window.count -= 1;
  }

  /** Forgets everything counted for these parts. */
  clear(...parts: string[]): void {
    this.windows.delete(this.key(parts));
  }

  /** Memory stays bounded: expired windows go first, then the oldest. */
  private makeRoom(now: number): void {
    if (this.windows.size < this.maxKeys) return;
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}
