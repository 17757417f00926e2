import { defineConfig } from 'vitest/config';

// Two projects: unit (pure code and captured real text, fast) and integration
// (the real rpm, rpmbuild, dnf, grub-editenv in temporary roots).
// 'npx vitest run --project unit' runs the fast subset alone.
export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'fuzz', include: ['test/fuzz/**/*.test.ts'] } },
      // Real boot loaders booted in QEMU/TCG (test/boot/lab): minutes, not seconds.
      {
        extends: true,
        test: {
          name: 'boot',
          include: ['test/boot/**/*.test.ts'],
          globalSetup: ['test/boot/global-setup.ts'],
          // A scenario waits for a free qemu slot (one per core) behind the others: minutes on a busy machine.
          testTimeout: 900_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
