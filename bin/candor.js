#!/usr/bin/env node
// Entry point of the `candor` command: runs the bundled CLI.
require('../dist/cli.js').main();
