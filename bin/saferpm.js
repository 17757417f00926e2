#!/usr/bin/env node
// The installed entry point: the bundled build in dist/ (npm run build).
import('../dist/saferpm.mjs').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/saferpm.mjs')) {
    process.stderr.write("saferpm: error: not built yet; run 'npm run build' (or 'npm ci', which builds)\n");
    process.exit(70);
  }
  throw e;
});
