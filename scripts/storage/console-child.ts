// The console in a process of its own for the power-loss and full-disk tests: it opens the
// encrypted database file it is given, signs in a vaccinator, and serves dose.record calls from
// its parent over IPC, answering each as a transport would: once the dispatcher has answered, after
// the group commit's sync.
//   argv: <database file> <clock ms> <migrations folder>
import { openDatabase } from '../../db/open';
import { createConsole } from '../../electron/core/app';
import { manualClock } from '../../electron/core/shared/clock';
import { silentLogger } from '../../electron/core/shared/log';
import { TEST_KEY, TEST_PIN } from '../../electron/core/testing/harness';

const [file, clockMs, migrationsFolder] = process.argv.slice(2);
const db = openDatabase({ file: file!, key: TEST_KEY, migrationsFolder: migrationsFolder! });
const ppv = createConsole({
  db,
  clock: manualClock(Number(clockMs)),
  stationId: 'power-loss',
  log: silentLogger,
});
const call = { connectionId: 'vax', stationId: 'power-loss' };
void ppv.dispatch('auth.signIn', { staffId: 'VAX01', secret: TEST_PIN }, call).then((signedIn) => {
  if (!signedIn.ok) throw new Error(`sign-in refused: ${signedIn.error.code}`);
  process.on('message', (message: { id: number; input: unknown }) => {
    void ppv.dispatch('dose.record', message.input, call).then((result) => {
      process.send!({ id: message.id, result });
    });
  });
  process.send!({ ready: true });
});
