import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'node_modules/**', 'out/**', 'e2e/**'],
    pool: 'forks',
    // Set-up that starts real processes (pcscd, socat, a station) gets the bound a test gets.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
