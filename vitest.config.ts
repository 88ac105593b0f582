import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'node_modules/**', 'out/**', 'e2e/**'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
