#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'out', 'node', 'cli', 'index.js');
if (!existsSync(built)) {
  process.stderr.write('bringup: the command line is not built yet; run `npm run build` first\n');
  process.exit(1);
}
// Reading a big checkpoint's headers allocates ~100 MB of short-lived strings at once; a larger
// young generation spares many scavenges (measured: ~7% of `bringup weights` on DeepSeek-V3 scale).
require('node:v8').setFlagsFromString('--max-semi-space-size=32');
require(built);
