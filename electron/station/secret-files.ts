// Where browser mode and the Node desk keep the hub's authority key and a desk's identity without
// an OS key store: files in a folder only their owner may enter, each readable by its owner only
// (mode 0600), refused if anyone else may read it — as the development database key is kept.
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from './pki';

export function fileSecretStore(folder: string): SecretStore {
  const fileOf = (name: string) => {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`not a secret's name: ${name}`);
    return path.join(folder, name);
  };
  return {
    async read(name) {
      const file = fileOf(name);
      let mode: number;
      try {
        mode = (await stat(file)).mode & 0o777;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      if ((mode & 0o077) !== 0) {
        throw new Error(
          `${file} may be read by other users (mode ${mode.toString(8)}); run chmod 600 on it.`,
        );
      }
      return readFile(file);
    },
    async write(name, data) {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const file = fileOf(name);
      const temporary = `${file}.tmp`;
      await writeFile(temporary, data, { mode: 0o600 });
      await chmod(temporary, 0o600);
      await rename(temporary, file);
    },
  };
}
