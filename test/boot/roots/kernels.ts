/**
 * The two kernels every scenario root holds: the same real vmlinuz under two
 * RHEL-style versions, "old" (running, known good) and "new" (just
 * installed). Each gets its own labelled initramfs, so the serial console
 * tells which one came up even without BOOT_IMAGE= (systemd-boot).
 */
export const OLD = '6.1.10-100.fake.x86_64';
export const NEW = '6.1.12-100.fake.x86_64';
/** A version with no files: what a stale saved_entry or default names. */
export const GONE = '6.1.11-100.fake.x86_64';
export const MACHINE_ID = '0123456789abcdef0123456789abcdef';
export const BOOT_UUID = '5a5a5a5a-0000-4000-8000-000000000001';
export const ROOT_DEV = '/dev/mapper/rhel-root';
/**
 * console= so the kernel talks on the serial port; panic=3 so a failing /init reboots into the boot loader;
 * no_timer_check because under TCG on a busy host the kernel's IO-APIC timer test can miss its ticks and
 * panic ("IO-APIC + timer doesn't work!"), seen here with systemd-boot on OVMF while other guests ran.
 */
export const CMDLINE = `root=${ROOT_DEV} ro console=ttyS0,115200 panic=3 no_timer_check`;
