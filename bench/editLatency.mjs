// Where a fresh language server's slow edits come from: the bench's 5 KB edit loop (bench/lsp.mjs) with each
// edit's latency printed as it happens, interleaved with what V8 says on the server's stdout when given tracing
// flags (the messages go over Node's IPC channel, so stdout is free for them).
// Usage: node bench/editLatency.mjs [--edits 400] [--all] [--workspace 10000] [-- <V8 flags for the server, e.g. --trace-gc --trace-opt --trace-deopt>]
// (CANDOR_DEBUG=timing in the environment: the server's own time for each edit too, from its log.)
// (--workspace n: edit the 5 KB template of the n-template corpus, after the server has indexed it.)
// Prints edits over 4 ms (every edit with --all) and, per 200 edits, the median and p99. Build first.
// With CANDOR_DEBUG=timing, each slow edit is also split into its three legs (the server's log says when the change
// reached it, on the clock both processes read): the change's way in (client sent → server received), the server's
// own time (received → diagnostics sent) and the diagnostics' way out (sent → client received).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ensureCorpus } from './corpus.mjs';
import { BenchClient, editLoop, percentile, serverTiming } from './lsp.mjs';

const args = process.argv.slice(2);
const dashes = args.indexOf('--');
const execArgv = dashes >= 0 ? args.slice(dashes + 1) : [];
const own = dashes >= 0 ? args.slice(0, dashes) : args;
const editsAt = own.indexOf('--edits');
const edits = editsAt >= 0 ? Number(own[editsAt + 1]) : 400;
const all = own.includes('--all');
const workspaceAt = own.indexOf('--workspace');

const small = ensureCorpus(workspaceAt >= 0 ? Number(own[workspaceAt + 1]) : 1, { log: console.error });
const started = performance.now();
const stamp = () => (performance.now() - started).toFixed(1).padStart(9);
const client = new BenchClient(small.dir, { ipc: true, execArgv, onStdout: (line) => console.log(`${stamp()}  server  ${line}`) });
try {
  await client.initialize(10_000);
  await client.indexed(150_000).catch(() => undefined);
  const uri = pathToFileURL(small.fiveKb).href;
  const text = readFileSync(small.fiveKb, 'utf8');
  console.log(`${stamp()}  client  didOpen → diagnostics ${(await client.open(uri, text, 10_000)).ms.toFixed(1)} ms`);
  // With CANDOR_DEBUG=timing the server logs its own time for each lint (by document version): printed as they come.
  let logged = client.logs.length;
  const serverMs = new Map();
  const receivedAt = new Map();
  const stamps = [];
  const serverLogs = () => {
    for (; logged < client.logs.length; logged++) {
      const timing = serverTiming(client.logs[logged]);
      if (!timing) continue;
      serverMs.set(timing.version, timing.ms);
      if (timing.receivedAt !== undefined) receivedAt.set(timing.version, timing.receivedAt);
      if (all) console.log(`${stamp()}  server  ${client.logs[logged]}`);
    }
  };
  const times = await editLoop(client, uri, text, edits, {
    timeoutMs: 10_000,
    onEdit: (i, ms, result) => {
      stamps[i] = result;
      serverLogs();
      if (all || ms > 4) console.log(`${stamp()}  client  edit ${i}: ${ms.toFixed(1)} ms`);
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  serverLogs();
  // Edit i is document version i + 2 (didOpen is version 1).
  const legs = (i) => {
    const at = receivedAt.get(i + 2);
    const own = serverMs.get(i + 2);
    if (at === undefined || own === undefined) return undefined;
    return { in: at - stamps[i].sentAt, server: own, out: stamps[i].gotAt - (at + own) };
  };
  for (let i = 0; i < times.length; i++) {
    const split = times[i] > 4 || all ? legs(i) : undefined;
    if (split) console.log(`edit ${i}: ${times[i].toFixed(2)} ms = in ${split.in.toFixed(2)} + server ${split.server.toFixed(2)} + out ${split.out.toFixed(2)} ms`);
  }
  for (let from = 0; from < times.length; from += 200) {
    const window = times.slice(from, from + 200);
    const server = window.map((_, k) => serverMs.get(from + k + 2)).filter((ms) => ms !== undefined);
    const inside = server.length ? `; the server's own, from the change to diagnostics sent: median ${percentile(server, 50).toFixed(2)} ms, p99 ${percentile(server, 99).toFixed(2)} ms` : '';
    const split = window.map((_, k) => legs(from + k)).filter((x) => x !== undefined);
    const ways = split.length ? `; the way in p99 ${percentile(split.map((x) => x.in), 99).toFixed(2)} ms, the way out p99 ${percentile(split.map((x) => x.out), 99).toFixed(2)} ms` : '';
    console.log(`edits ${from}–${from + window.length - 1}: median ${percentile(window, 50).toFixed(2)} ms, p99 ${percentile(window, 99).toFixed(2)} ms, max ${Math.max(...window).toFixed(1)} ms${inside}${ways}`);
  }
} finally {
  await client.stop();
}
