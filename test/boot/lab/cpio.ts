/**
 * A cpio archive in the "newc" format the kernel unpacks as an initramfs
 * (Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte
 * ASCII header ("070701" and 13 eight-digit hex fields), the NUL-terminated
 * name, the data, each padded to 4 bytes, ended by "TRAILER!!!". Written
 * here so that device nodes (/dev/console) need neither cpio nor root.
 */
export type CpioMember =
  | { kind: 'dir'; name: string }
  | { kind: 'file'; name: string; data: Buffer; mode?: number }
  | { kind: 'symlink'; name: string; target: string }
  | { kind: 'chardev'; name: string; major: number; minor: number };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function pad4(n: number): Buffer {
  return Buffer.alloc((4 - (n % 4)) % 4);
}

function record(ino: number, name: string, mode: number, data: Buffer, rdev: [number, number] = [0, 0]): Buffer {
  const nameBuf = Buffer.from(`${name}\0`);
  const fields = [ino, mode, 0, 0, mode & S_IFDIR ? 2 : 1, 0, data.length, 0, 0, rdev[0], rdev[1], nameBuf.length, 0];
  const header = Buffer.from(`070701${fields.map(hex8).join('')}`, 'ascii');
  return Buffer.concat([header, nameBuf, pad4(header.length + nameBuf.length), data, pad4(data.length)]);
}

export function cpioNewc(members: readonly CpioMember[]): Buffer {
  const parts = members.map((m, i) => {
    const ino = i + 1;
    switch (m.kind) {
      case 'dir': return record(ino, m.name, S_IFDIR | 0o755, Buffer.alloc(0));
      case 'file': return record(ino, m.name, S_IFREG | (m.mode ?? 0o644), m.data);
      case 'symlink': return record(ino, m.name, S_IFLNK | 0o777, Buffer.from(m.target));
      case 'chardev': return record(ino, m.name, S_IFCHR | 0o600, Buffer.alloc(0), [m.major, m.minor]);
    }
  });
  return Buffer.concat([...parts, record(0, 'TRAILER!!!', 0, Buffer.alloc(0))]);
}
