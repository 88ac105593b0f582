// Before `npm run package`: the packaging consistency check, and the update key the build needs.
// The app refuses every update without a public key built in, so a release without one is an
// installation that can never be updated.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { publicKeyFile } from '../../electron/main/release-config';
import { packagingProblems, readProject } from './check';

const root = path.resolve(import.meta.dirname, '..', '..');
const problems = packagingProblems(readProject(root));
if (!existsSync(path.join(root, publicKeyFile))) {
  problems.push(`${publicKeyFile} is missing: make the release key pair first (README, Updates).`);
}
if (problems.length > 0) {
  for (const problem of problems) console.error(`packaging: ${problem}`);
  process.exit(1);
}
