/**
 * electron-builder.yml, its fuses and the code agree: checked on the project as it is, and shown to
 * fail on copies altered the ways the first packaging went wrong.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMigrations } from '../../db/migrate';
import { defaultMigrationsFolder } from '../../db/open';
import { bundledMigrations } from '../../electron/main/migrations';
import { readReleaseConfig } from '../../electron/main/release-config';
import viteConfig from '../../electron.vite.config';
import { packagingProblems, readProject, type Project } from './check';

const root = path.resolve(import.meta.dirname, '..', '..');
const project = readProject(root);

function altered(change: (copy: Project) => void): string[] {
  const copy: Project = structuredClone(project);
  change(copy);
  return packagingProblems(copy);
}

describe('packaging', () => {
  it('is consistent as it stands', () => {
    expect(packagingProblems(project)).toEqual([]);
    expect(project.nativePackages).toEqual(
      expect.arrayContaining(['better-sqlite3', 'pcsclite', 'node-hid']),
    );
  });

  it('fails when a child is spawned with ELECTRON_RUN_AS_NODE while runAsNode is off', () => {
    expect(
      altered((copy) =>
        copy.sources.set(
          'electron/devices/mykad/pcsc.ts',
          "spawn(process.execPath, [], { env: { ELECTRON_RUN_AS_NODE: '1' } })",
        ),
      ),
    ).toEqual([
      'electron/devices/mykad/pcsc.ts runs a child with ELECTRON_RUN_AS_NODE, which the runAsNode fuse stops.',
    ]);
    expect(
      altered((copy) =>
        copy.sources.set(
          'electron/main/devices.ts',
          "import { nodePcscSpawner } from '../devices/mykad/pcsc-node-process';",
        ),
      ),
    ).toEqual([
      'electron/main/devices.ts starts a Node child process; with runAsNode off, use utilityProcess.',
    ]);
  });

  it('fails when a native module is missing from asarUnpack, or a stale one is named', () => {
    expect(
      altered((copy) => {
        copy.builder.asarUnpack = copy.builder.asarUnpack!.filter((p) => !p.includes('pcsclite'));
      }),
    ).toEqual(['The native module pcsclite is missing from asarUnpack.']);
    expect(
      altered((copy) => {
        copy.builder.asarUnpack!.push('node_modules/better-sqlite3-multiple-ciphers/**');
      }),
    ).toEqual([
      'asarUnpack names better-sqlite3-multiple-ciphers, which is not an installed native module.',
    ]);
    expect(altered((copy) => delete copy.builder.buildDependenciesFromSource)).toEqual([
      'Native modules must be rebuilt from source for Electron (npmRebuild, buildDependenciesFromSource).',
    ]);
  });

  it('fails when the migrations ship outside the asar', () => {
    expect(
      altered((copy) => {
        copy.builder.extraResources = [{ from: 'db/migrations', to: 'migrations' }];
      }),
    ).toEqual(['Migrations ship outside the asar, where its integrity check does not cover them.']);
    expect(
      altered((copy) =>
        copy.sources.set(
          'electron/main/index.ts',
          copy.sources
            .get('electron/main/index.ts')!
            .replace('migrations: bundledMigrations', 'migrationsFolder'),
        ),
      ),
    ).toEqual(['electron/main/index.ts must open the database with the bundled migrations only.']);
  });

  it('fails when the page is loaded from file:// with the file-protocol fuse off', () => {
    expect(
      altered((copy) => copy.sources.set('electron/main/window.ts', 'window.loadFile(indexFile)')),
    ).toEqual([
      'electron/main/window.ts loads a page from file://, which the file-protocol fuse leaves unprivileged.',
    ]);
  });

  it('fails when Windows updates are not checked against a publisher', () => {
    expect(
      altered((copy) => {
        copy.builder.win = { verifyUpdateCodeSignature: true, signtoolOptions: {} };
      }),
    ).toEqual(['Windows updates must be checked against a publisher name (Authenticode).']);
  });

  it('bundles every migration into main, the same text as db/migrations', () => {
    const onDisk = readMigrations(defaultMigrationsFolder);
    expect(bundledMigrations.map((m) => [m.tag, m.hash])).toEqual(
      onDisk.map((m) => [m.tag, m.hash]),
    );
  });

  it('builds the update address and publisher from electron-builder.yml into main, and the PC/SC process beside it', () => {
    const release = readReleaseConfig(root);
    const main = viteConfig.main as {
      define: Record<string, string>;
      build: { rolldownOptions: { input: Record<string, string> } };
    };
    expect(JSON.parse(main.define['__PPV_RELEASE__']!)).toEqual(release);
    expect(release.updateUrl).toBe(project.builder.publish!.url);
    expect(Object.keys(main.build.rolldownOptions.input)).toEqual(['index', 'pcsc-child']);
    expect(project.sources.get('electron/main/pcsc-process.ts')).toContain(
      "pcscChildEntry = 'pcsc-child.js'",
    );
  });
});
