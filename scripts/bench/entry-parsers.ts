// What the parser and boot-info benchmarks load in-process: the parsers, the
// same generated configuration files as the fuzz project's 10 MB tests, and
// the boot-info path.
export { CONFIGS, tenMegabytes } from '../../test/fuzz/support/big-inputs.js';
export { parseGrub2 } from '../../src/bootloader/parse-grub2.js';
export { parseGrubLegacy } from '../../src/bootloader/parse-grub-legacy.js';
export { parseLilo } from '../../src/bootloader/parse-lilo.js';
export { parseExtlinux } from '../../src/bootloader/parse-extlinux.js';
export { parseBlsEntry } from '../../src/bootloader/parse-bls.js';
export { parseGrubEnv } from '../../src/bootloader/parse-grubenv.js';
export { parseIni } from '../../src/dnf-config/parse-ini.js';
export { parsePlanText } from '../../src/recovery/patch-plan/file.js';
export { readBootConfig, renderBootInfo } from '../../src/bootloader/index.js';
