import { defineConfig } from 'vitest/config';

// Projects: unit (pure code and captured real text, fast), integration (the real
// rpm, rpmbuild, dnf, grub-editenv in temporary roots), fuzz, and boot (QEMU).
// 'npx vitest run --project unit' runs the fast subset alone.
export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test files at a time on the 2-core CI machine (vitest's default there is one):
    // most integration time is spent waiting on rpm, dnf and qemu, one qemu per core at most.
    maxWorkers: 2,
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
