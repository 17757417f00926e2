/**
 * The real-boot lab: build a disk from a test root's /boot, boot it in QEMU
 * with a real boot loader, and read from the serial console which kernel
 * came up. Used by test/boot/ (issue 12) and the trial-boot tests (issue 14).
 */
export { labKernel, fetchLabKernel, type LabKernel } from './kernel.js';
export { makeInitramfs, MARKER, type InitramfsOptions } from './initramfs.js';
export { buildDisk, readFileFromDisk, type BuildDiskOptions, type LabDisk, type LoaderKind } from './disk.js';
export { bootDisk, type BootOptions, type BootRun } from './qemu.js';
export { parseSerial, type BootSeen } from './serial.js';
export { putLabKernels, initramfsVersion, type RealKernelOptions } from './real-kernels.js';
export { needLab, LAB_TOOLS } from './tools.js';
export { withBootSlot, slotCount } from './slots.js';
