// Node modules that most runs never use, loaded on first use instead of when the bundle starts: requiring
// node:crypto, node:child_process and node:worker_threads up front cost ≈ 3 ms of every one-file `candor check`
// (the bundles are CommonJS, so `require` is there; each module is still loaded once).
import type * as Crypto from 'node:crypto';
import type * as ChildProcess from 'node:child_process';
import type * as WorkerThreads from 'node:worker_threads';

let crypto: typeof Crypto | undefined;
let childProcess: typeof ChildProcess | undefined;
let workerThreads: typeof WorkerThreads | undefined;

export function nodeCrypto(): typeof Crypto {
  return (crypto ??= require('node:crypto') as typeof Crypto);
}

export function nodeChildProcess(): typeof ChildProcess {
  return (childProcess ??= require('node:child_process') as typeof ChildProcess);
}

export function nodeWorkerThreads(): typeof WorkerThreads {
  return (workerThreads ??= require('node:worker_threads') as typeof WorkerThreads);
}
