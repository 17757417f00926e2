/**
 * The boot loader module's public API (ARCHITECTURE.md, src/bootloader/):
 *   readBootConfig(opts)      detection and parsing of the root's boot loader
 *   checkBoot(opts)           the ordered required/wanted checks and the verdict
 *   renderBootVerdict(v)      its human text, ending "safe to reboot" or "do not reboot: ..."
 *   renderBootInfo(config)    `saferpm boot info` text; bootConfigJson(config) its JSON
 */
export { readBootConfig, type ReadBootConfigOptions } from './read.js';
export { checkBoot, entryRef, verdictOf, BOOT_VERDICT_SCHEMA, type BootVerdict, type EntryRef } from './verdict.js';
export type { CheckBootOptions } from './checks/context.js';
export { CHECKS } from './checks/index.js';
export type { CheckResult, CheckLevel, CheckStatus } from './checks/types.js';
export { renderBootVerdict, verdictLine } from './render-verdict.js';
export { renderBootInfo, bootConfigJson, BOOT_CONFIG_SCHEMA, type BootConfigJson } from './render-info.js';
export { installedKernels, sortKernels } from './kernels.js';
export { BOOT_LOADER_TYPES, LOADER_NAMES } from './model.js';
export type { BootConfig, BootEntry, BootLoaderType, BootPrefix, DefaultChoice, FallbackChoice, ConfigWarning, GrubEnvReport } from './model.js';
