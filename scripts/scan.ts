/**
 * `npm run scan -- '<text>'`: what the console makes of one scan, as JSON, for support staff
 * diagnosing a scanner. `\x1d` in the text stands for GS (ASCII 29). Exits 1 when the scan is
 * refused or not recognised, 2 when no text is given.
 */
import { localise } from '../electron/contract/errors';
import { malaysiaDate } from '../electron/core/shared/time';
import { classifyScan } from '../electron/devices/scan/classify';

const [text] = process.argv.slice(2);
if (text === undefined) {
  process.stderr.write("usage: npm run scan -- '<scanned text>'   (\\x1d stands for GS)\n");
  process.exit(2);
}

const result = classifyScan(text.replaceAll('\\x1d', '\u001d'), {
  today: malaysiaDate(Date.now()),
});
const message =
  result.kind === 'refused'
    ? localise(result.code, result.params)
    : result.kind === 'unrecognised'
      ? localise('SCAN_UNRECOGNISED')
      : null;
const shown =
  result.kind === 'unrecognised'
    ? { ...result, code: 'SCAN_UNRECOGNISED', message }
    : message
      ? { ...result, message }
      : result;
process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
process.exitCode = message ? 1 : 0;
