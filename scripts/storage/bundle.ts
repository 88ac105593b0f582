import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * console-child.ts as one plain JavaScript file, so each of the power-loss test's hundred processes
 * starts in a blink instead of compiling TypeScript again. Built inside node_modules so the
 * packages it imports resolve.
 */
export async function bundleConsoleChild(): Promise<string> {
  const outDir = path.join(root, 'node_modules', '.cache', 'ppv-storage-tests');
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      ssr: 'scripts/storage/console-child.ts',
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rolldownOptions: { output: { entryFileNames: 'console-child.mjs' } },
    },
  });
  return path.join(outDir, 'console-child.mjs');
}
