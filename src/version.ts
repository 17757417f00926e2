/** Replaced at build time with package.json's version (scripts/build.mjs). */
declare const __SAFERPM_VERSION__: string | undefined;
export const VERSION: string = typeof __SAFERPM_VERSION__ === 'string' ? __SAFERPM_VERSION__ : '0.0.0-dev';
