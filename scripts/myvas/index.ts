/**
 * `npm run myvas -- [--port N] [--ppv CODE:TOKEN ...] [--store FILE] [--fault name=p ...] [--seed N]`
 *
 * Starts the reference MyVAS on 127.0.0.1 and prints its URL and the development tokens it accepts.
 * Faults: dropBeforeApply, tooManyRequests, unavailable, serverError, slow, dropAfterApply, truncate
 * (each a probability 0..1), and retryAfterSeconds, slowMs.
 */
import { parseArgs } from 'node:util';
import { FAULT_NAMES, startMyvasServer, type FaultPlan } from './server';

const DEVELOPMENT_PPV = 'PPV-WPKL-0001:dev-token-ppv-wpkl-0001';
const FAULT_SETTINGS = [...FAULT_NAMES, 'retryAfterSeconds', 'slowMs'] as const;

function fail(message: string): never {
  process.stderr.write(`npm run myvas: ${message}\n`);
  process.exit(2);
}

function parsePpvs(values: readonly string[]): Record<string, string> {
  const ppvs: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(':');
    if (colon <= 0 || colon === value.length - 1) fail(`--ppv wants CODE:TOKEN, not "${value}"`);
    ppvs[value.slice(0, colon)] = value.slice(colon + 1);
  }
  return ppvs;
}

function parseFaults(values: readonly string[]): FaultPlan {
  const plan: FaultPlan = {};
  for (const value of values) {
    const [name, number] = value.split('=');
    const setting = FAULT_SETTINGS.find((known) => known === name);
    const amount = Number(number);
    if (!setting) fail(`unknown fault "${name}"; known: ${FAULT_SETTINGS.join(', ')}`);
    if (number === undefined || !Number.isFinite(amount) || amount < 0) {
      fail(`--fault ${name} wants a number, as in ${name}=0.2`);
    }
    if ((FAULT_NAMES as readonly string[]).includes(setting) && amount > 1) {
      fail(`--fault ${name} is a probability between 0 and 1`);
    }
    plan[setting] = amount;
  }
  return plan;
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8780' },
    ppv: { type: 'string', multiple: true, default: [DEVELOPMENT_PPV] },
    store: { type: 'string' },
    fault: { type: 'string', multiple: true, default: [] },
    seed: { type: 'string', default: '1' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port wants a port number');
const ppvs = parsePpvs(values.ppv);
const myvas = await startMyvasServer({
  port,
  ppvs,
  faults: parseFaults(values.fault),
  seed: Number(values.seed),
  ...(values.store ? { storeFile: values.store } : {}),
});

process.stdout.write(`Reference MyVAS listening on ${myvas.url}\n`);
process.stdout.write(`Store: ${values.store ?? 'in memory (gone when stopped)'}\n`);
for (const [code, token] of Object.entries(ppvs)) {
  process.stdout.write(`  PPV ${code}  token ${token}\n`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void myvas.close().then(() => process.exit(0));
  });
}
