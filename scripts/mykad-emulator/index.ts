/**
 * The MyKad card emulator for vpcd: `npm run mykad-emulator -- --card normal [--port 35963]`.
 * Inserts the card (if `--card` is given), prints each event as a JSON line, and takes commands on
 * stdin, one a line: `insert <card>`, `remove`, `quit`. Synthetic identities only.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { cards, isCardName } from './cards';
import { startEmulator, VPCD_PORT } from './vpcd';

const { values } = parseArgs({
  options: {
    card: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: String(VPCD_PORT) },
  },
});

const print = (line: object): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

const emulator = startEmulator({
  host: values.host,
  port: Number(values.port),
  onEvent: print,
});

async function insert(name: string): Promise<void> {
  if (!isCardName(name)) {
    print({
      type: 'error',
      message: `unknown card "${name}"; cards: ${Object.keys(cards).join(', ')}`,
    });
    return;
  }
  try {
    await emulator.insert(name);
  } catch (error) {
    print({
      type: 'error',
      message: `cannot reach vpcd on ${values.host}:${values.port}: ${String(error)}`,
    });
  }
}

async function quit(): Promise<never> {
  await emulator.close();
  process.exit(0);
}

process.on('SIGTERM', () => void quit());
process.on('SIGINT', () => void quit());

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, argument] = line.trim().split(/\s+/);
  if (command === 'insert') void insert(argument ?? values.card ?? 'normal');
  else if (command === 'remove') void emulator.remove();
  else if (command === 'quit') void quit();
  else if (command) print({ type: 'error', message: `unknown command "${command}"` });
});

if (values.card) await insert(values.card);
