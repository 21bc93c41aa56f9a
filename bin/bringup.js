#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'out', 'node', 'cli', 'index.js');
if (!existsSync(built)) {
  process.stderr.write('bringup: the command line is not built yet; run `npm run build` first\n');
  process.exit(1);
}
require(built);
