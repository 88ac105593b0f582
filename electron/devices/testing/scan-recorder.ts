import type { DeviceStatus, ScannerListener } from '../ports';

/** A scanner listener that keeps what it hears, and lets a test wait (bounded) for more of it. */
export class ScanRecorder implements ScannerListener {
  readonly statuses: DeviceStatus[] = [];
  readonly scans: string[] = [];
  private wake: () => void = () => {};

  status(status: DeviceStatus): void {
    this.statuses.push(status);
    this.wake();
  }

  scan(_deviceId: string, text: string): void {
    this.scans.push(text);
    this.wake();
  }

  get states(): Array<[string, string | null]> {
    return this.statuses.map((status) => [status.state, status.code]);
  }

  /** Resolves once `count` statuses have arrived; fails after `timeoutMs`. */
  untilStatuses(count: number, timeoutMs = 10_000): Promise<DeviceStatus[]> {
    return this.until(() => this.statuses.length >= count, timeoutMs).then(() => this.statuses);
  }

  /** Resolves once `count` scans have arrived; fails after `timeoutMs`. */
  untilScans(count: number, timeoutMs = 10_000): Promise<string[]> {
    return this.until(() => this.scans.length >= count, timeoutMs).then(() => this.scans);
  }

  private async until(done: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out: statuses ${JSON.stringify(this.states)}, ${this.scans.length} scans`,
        );
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, Math.min(left, 100));
      });
    }
  }
}
