/**
 * How long the thread that serves every desk stalls while sign-ins hash at the production cost:
 * 20 connections sign in while 20 vaccinators' desks record doses, and the event loop's delay is
 * sampled every millisecond throughout (p99 and max), next to the doses' own latency.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ConsoleApp } from '../../electron/core/app';
import { fmt } from './format';
import { PIN } from './seed';

export const STALL_DESKS = 20;
export const STALL_DOSES_PER_DESK = 10;
const stationId = 'bench-stall';

export async function benchSignInStall(
  app: ConsoleApp,
  prepared: { registrations: string[]; vials: string[] },
): Promise<void> {
  const vaccinators = Array.from({ length: STALL_DESKS }, (_, index) => `stall-vax-${index}`);
  for (const connectionId of vaccinators) {
    const signedIn = await app.dispatch(
      'auth.signIn',
      { staffId: 'VAX01', secret: PIN },
      { connectionId, stationId },
    );
    if (!signedIn.ok) throw new Error(`auth.signIn: ${signedIn.error.code}`);
  }

  const delay = monitorEventLoopDelay({ resolution: 1 });
  const doseLatencies: number[] = [];
  let next = 0;
  delay.enable();
  const started = performance.now();
  const signIns = Array.from({ length: STALL_DESKS }, (_, index) =>
    app.dispatch(
      'auth.signIn',
      { staffId: 'CLERK01', secret: index % 4 === 0 ? '000000' : PIN },
      { connectionId: `stall-desk-${index}`, stationId },
    ),
  );
  const desks = vaccinators.map(async (connectionId) => {
    for (let dose = 0; dose < STALL_DOSES_PER_DESK; dose += 1) {
      const index = next++;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
      const t0 = performance.now();
      const result = await app.dispatch(
        'dose.record',
        {
          registrationId: prepared.registrations[index]!,
          vialId: prepared.vials[Math.floor(index / 10)]!,
          administeredAt: Date.now(),
          site: 'L_DELTOID',
        },
        { connectionId, stationId },
      );
      doseLatencies.push(performance.now() - t0);
      if (!result.ok) throw new Error(`dose.record: ${result.error.code}`);
    }
  });
  await Promise.all([...signIns, ...desks]);
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  doseLatencies.sort((a, b) => a - b);
  const doseP99 = doseLatencies[Math.floor(0.99 * (doseLatencies.length - 1))] ?? 0;
  console.log(
    `\nevent-loop stall while ${STALL_DESKS} connections sign in (scrypt N=2^17, off the event loop) and ${STALL_DESKS} desks record ${fmt(doseLatencies.length)} doses, over ${seconds.toFixed(1)} s:`,
  );
  console.log(
    `  event-loop delay p99 ${fmt(delay.percentile(99) / 1e6, 1)} ms, max ${fmt(delay.max / 1e6, 1)} ms (target < 20 ms); dose.record p99 ${fmt(doseP99, 2)} ms`,
  );
}
