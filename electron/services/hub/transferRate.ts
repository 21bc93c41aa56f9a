/** Bytes per second over a sliding window, and the time left at that rate. */
export class TransferRate {
  private samples: Array<{ t: number; bytes: number }> = [];
  constructor(private readonly windowMs = 3000, private readonly now: () => number = Date.now) {}

  /** Records the running count of bytes transferred in this session. */
  record(bytes: number): void {
    const t = this.now();
    this.samples.push({ t, bytes });
    while (this.samples.length > 2 && t - this.samples[0].t > this.windowMs) this.samples.shift();
  }

  /** Bytes per second, 0 until two samples exist. */
  rate(): number {
    if (this.samples.length < 2) return 0;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const dt = (last.t - first.t) / 1000;
    return dt > 0 ? (last.bytes - first.bytes) / dt : 0;
  }

  /** Seconds left for `remaining` bytes, null while the rate is unknown. */
  eta(remaining: number): number | null {
    const r = this.rate();
    return r > 0 ? remaining / r : remaining === 0 ? 0 : null;
  }
}
