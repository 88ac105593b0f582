// What electron-builder.yml, its fuses and the code must agree on, as problems in words. Run by
// packaging.test.ts on the real project and on altered copies of it, and before `npm run package`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface BuilderConfig {
  files?: string[];
  extraResources?: unknown;
  extraFiles?: unknown;
  asar?: boolean;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  buildDependenciesFromSource?: boolean;
  electronFuses?: Record<string, boolean>;
  win?: { verifyUpdateCodeSignature?: boolean; signtoolOptions?: { publisherName?: unknown } };
  publish?: { provider?: string; url?: string };
}

export interface Project {
  builder: BuilderConfig;
  /** Source files that run in the app (not tests), by path from the root. */
  sources: Map<string, string>;
  /** Installed production packages holding a native addon (binding.gyp or a .node file). */
  nativePackages: string[];
}

const main = 'electron/main';

/** Everything wrong with the project as packaged; empty when it is consistent. */
export function packagingProblems(project: Project): string[] {
  const { builder, sources } = project;
  const problems: string[] = [];
  const fuses = builder.electronFuses ?? {};
  const inMain = [...sources].filter(([file]) => file.startsWith(`${main}/`));

  // Fuses against the code.
  if (fuses['runAsNode'] === false) {
    for (const [file, text] of sources) {
      if (text.includes('ELECTRON_RUN_AS_NODE')) {
        problems.push(
          `${file} runs a child with ELECTRON_RUN_AS_NODE, which the runAsNode fuse stops.`,
        );
      }
    }
    for (const [file, text] of inMain) {
      if (/\bfrom 'node:child_process'/.test(text) || text.includes('pcsc-node-process')) {
        problems.push(
          `${file} starts a Node child process; with runAsNode off, use utilityProcess.`,
        );
      }
    }
  }
  if (fuses['grantFileProtocolExtraPrivileges'] === false) {
    for (const [file, text] of inMain) {
      if (/\bloadFile\(|pathToFileURL\(/.test(text)) {
        problems.push(
          `${file} loads a page from file://, which the file-protocol fuse leaves unprivileged.`,
        );
      }
    }
  }
  if (fuses['enableNodeCliInspectArguments'] === false) {
    const index = sources.get(`${main}/index.ts`) ?? '';
    if (!index.includes('debuggingSwitch(')) {
      problems.push(`${main}/index.ts does not quit when started with a debugging switch.`);
    }
  }
  if (
    (fuses['onlyLoadAppFromAsar'] || fuses['enableEmbeddedAsarIntegrityValidation']) &&
    builder.asar === false
  ) {
    problems.push('The asar fuses are on but the app is not packed into an asar.');
  }

  // Native modules: rebuilt for Electron, and unpacked from the asar.
  if (builder.npmRebuild !== true || builder.buildDependenciesFromSource !== true) {
    problems.push(
      'Native modules must be rebuilt from source for Electron (npmRebuild, buildDependenciesFromSource).',
    );
  }
  const unpacked = (builder.asarUnpack ?? []).map((pattern) => {
    const prefix = /^node_modules\/(.+)\/\*\*$/.exec(pattern)?.[1];
    if (prefix === undefined)
      problems.push(`asarUnpack entry ${pattern} is not node_modules/<package>/**.`);
    return prefix;
  });
  for (const name of project.nativePackages) {
    if (
      !unpacked.includes(name) &&
      !unpacked.some((prefix) => prefix && name.startsWith(`${prefix}/`))
    ) {
      problems.push(`The native module ${name} is missing from asarUnpack.`);
    }
  }
  for (const prefix of unpacked) {
    if (
      prefix &&
      !project.nativePackages.some((name) => name === prefix || name.startsWith(`${prefix}/`))
    ) {
      problems.push(`asarUnpack names ${prefix}, which is not an installed native module.`);
    }
  }

  // Migrations: inside the asar, bundled into main.
  const shipped = JSON.stringify([
    builder.extraResources ?? [],
    builder.extraFiles ?? [],
    builder.files ?? [],
  ]);
  if (shipped.includes('migrations') || shipped.includes('db/')) {
    problems.push(
      'Migrations ship outside the asar, where its integrity check does not cover them.',
    );
  }
  const index = sources.get(`${main}/index.ts`) ?? '';
  if (
    !index.includes('migrations: bundledMigrations') ||
    /migrationsFolder|resourcesPath/.test(index)
  ) {
    problems.push(`${main}/index.ts must open the database with the bundled migrations only.`);
  }

  // Updates.
  if (builder.publish?.provider !== 'generic' || !builder.publish.url?.startsWith('https://')) {
    problems.push('Updates must come from a generic provider over HTTPS.');
  }
  const publishers = builder.win?.signtoolOptions?.publisherName;
  if (
    builder.win?.verifyUpdateCodeSignature !== true ||
    !publishers ||
    (Array.isArray(publishers) && publishers.length === 0)
  ) {
    problems.push('Windows updates must be checked against a publisher name (Authenticode).');
  }
  return problems;
}

/** The project as it is on disk. */
export function readProject(root: string): Project {
  const builder = parse(
    readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'),
  ) as BuilderConfig;
  const sources = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const name of readdirSync(path.join(root, folder))) {
      const file = `${folder}/${name}`;
      if (statSync(path.join(root, file)).isDirectory()) walk(file);
      else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !file.includes('/testing/')) {
        sources.set(file, readFileSync(path.join(root, file), 'utf8'));
      }
    }
  };
  for (const folder of ['electron', 'db']) walk(folder);
  return { builder, sources, nativePackages: nativeProductionPackages(root) };
}

/** The production dependencies (with optional ones), all the way down, that hold native code. */
function nativeProductionPackages(root: string): string[] {
  const manifest = (dir: string) =>
    JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
  const seen = new Set<string>();
  const pending = Object.keys({
    ...manifest(root).dependencies,
    ...manifest(root).optionalDependencies,
  });
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    const dir = path.join(root, 'node_modules', name);
    if (!existsSync(dir)) continue;
    seen.add(name);
    const own = manifest(dir);
    pending.push(...Object.keys({ ...own.dependencies, ...own.optionalDependencies }));
  }
  return [...seen].filter((name) => hasNativeCode(path.join(root, 'node_modules', name))).sort();
}

function hasNativeCode(dir: string): boolean {
  if (existsSync(path.join(dir, 'binding.gyp'))) return true;
  const search = (folder: string, depth: number): boolean =>
    depth >= 0 &&
    readdirSync(folder, { withFileTypes: true }).some((entry) =>
      entry.isDirectory()
        ? entry.name !== 'node_modules' && search(path.join(folder, entry.name), depth - 1)
        : entry.name.endsWith('.node'),
    );
  return search(dir, 3);
}
