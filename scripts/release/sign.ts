// npm run release:sign -- --key FILE [--dir dist]
// Signs the release electron-builder built in --dir with the Ed25519 private key in FILE (PEM).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signRelease } from './sign-release';

const { values } = parseArgs({
  options: { key: { type: 'string' }, dir: { type: 'string', default: 'dist' } },
});
if (!values.key) {
  console.error('Usage: npm run release:sign -- --key PRIVATE_KEY.pem [--dir dist]');
  process.exit(2);
}
const signed = await signRelease(values.dir, readFileSync(values.key, 'utf8'));
for (const name of signed) console.log(`signed ${values.dir}/${name}`);
