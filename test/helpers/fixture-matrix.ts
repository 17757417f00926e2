/**
 * The fake packages built at test time from fixtures/specs, three versions of
 * each. Kernel versions look like a stable series; userland like 1.0, 2.0, 3.0.
 */
export interface Release {
  kver: string;
  krel: string;
  uver: string;
}

export const RELEASES = {
  v1: { kver: '6.1.10', krel: '1', uver: '1.0' },
  v2: { kver: '6.1.12', krel: '1', uver: '2.0' },
  v3: { kver: '6.1.15', krel: '1', uver: '3.0' },
} as const satisfies Record<string, Release>;

export type ReleaseName = keyof typeof RELEASES;

export const KERNEL_SPECS = ['kernel-core', 'kernel-modules', 'kernel'];
export const USERLAND_SPECS = ['dracut', 'openssh-server'];

/** uname -r of a release's kernel on this machine's architecture. */
export function kuname(r: ReleaseName, arch = archName()): string {
  const rel = RELEASES[r];
  return `${rel.kver}-${rel.krel}.${arch}`;
}

export function archName(): string {
  return process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch;
}
