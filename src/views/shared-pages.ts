/**
 * Pages many requests share, rendered at most once per `ttlMs` for each key. Requests that
 * arrive while a key is being rendered wait for that render instead of starting their own; a
 * render that fails is not kept.
 */
export class SharedPages {
  private readonly pages = new Map<string, { at: number; html: Promise<string> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys = 500,
  ) {}

  get(key: string, render: () => Promise<string>): Promise<string> {
    const now = performance.now();
    const kept = this.pages.get(key);
    if (kept && now - kept.at < this.ttlMs) return kept.html;
    if (this.pages.size >= this.maxKeys) this.dropOld(now);
    const html = render();
    this.pages.set(key, { at: now, html });
    html.catch(() => {
      if (this.pages.get(key)?.html === html) this.pages.delete(key);
    });
    return html;
  }

  /** Forgets the pages whose keys start with `prefix`: what they show has changed. */
  forget(prefix: string): void {
    for (const key of this.pages.keys()) if (key.startsWith(prefix)) this.pages.delete(key);
  }

  private dropOld(now: number) {
    for (const [key, page] of this.pages) if (now - page.at >= this.ttlMs) this.pages.delete(key);
    // Still full of fresh pages: start again rather than grow.
    if (this.pages.size >= this.maxKeys) this.pages.clear();
  }
}
