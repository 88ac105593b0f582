/** `npm run docs:api`: writes docs/api.md, the contract reference, from electron/contract/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { contractDocFile, renderContractDoc } from './contract-doc';

mkdirSync(dirname(contractDocFile), { recursive: true });
writeFileSync(contractDocFile, renderContractDoc());
process.stdout.write(`wrote ${relative(process.cwd(), contractDocFile)}\n`);
