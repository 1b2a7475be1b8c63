// V8 settings for a command-line run of Candor, shared by bin/candor.js and bench/profile.mjs (which profiles a run
// as the command makes it). They must be set before the bundle is compiled: V8 accepts a code cache only when the
// flags are those it was made with, and the build makes dist/cli.js's cache by running bin/candor.js. V8's flags are
// the process's, so the worker threads of a large run get them too; the language server, which runs the same code
// for hours, keeps V8's defaults.
// - Compile each regular expression to native code once, instead of to bytecode first and again to native code
//   when it gets hot: a one-file run compiles every rule's expressions and uses each only a few times. Same
//   matches, same reports; about 20 % less CPU for one template.
// - Inline less (a cumulative budget of 200 bytes of bytecode per function instead of V8's 920): a check lints
//   every file once and each worker compiles the engine for itself, so TurboFan's compiles were about a quarter
//   of all CPU time on 10,000 templates; cheaper compiles of code that runs nearly as fast gave about 9 % less CPU
//   and 5 % less wall time there.
'use strict';

const { setFlagsFromString } = require('node:v8');

setFlagsFromString('--no-regexp-tier-up');
setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');
