// `CANDOR_DEBUG=timing` in the server's environment: every lint after a change is logged with its own duration,
// the time since the change reached the server and when it reached it, so a client's latency can be told apart
// from the server's work.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TestClient } from './lspClient.ts';
import { fixtureWorkspace, outage } from './fixture.ts';

const TIMING = /^Candor: timing: lint (\S+) version (\d+): (\d+\.\d\d) ms, (\d+\.\d\d) ms since the change, received at (\d+\.\d{3}) ms Unix time$/;

describe('the server timing its lints (CANDOR_DEBUG=timing)', { timeout: 60_000 }, () => {
  let timed: TestClient;
  let plain: TestClient;

  before(async () => {
    const root = fixtureWorkspace();
    timed = new TestClient({ root, env: { CANDOR_DEBUG: 'timing' }, settings: { debounceMs: 0 } });
    plain = new TestClient({ root, settings: { debounceMs: 0 } });
    await Promise.all([timed.initialize(), plain.initialize()]);
    // The start-up lint of the workspace first: it lints open documents too and takes over a lint pending for a
    // change (so that change's lint is not timed), which a slow machine let happen to the edit below.
    await Promise.all([timed, plain].map((client) => client.waitFor('the start-up lint', () => client.logs.some((l) => /^Candor: linted \d+ templates?\./.test(l)), 20_000)));
  });
  after(async () => {
    await Promise.all([timed?.stop(), plain?.stop()]);
  });

  it('logs each lint after a change with its duration and the time since the change, and only when asked', async () => {
    for (const client of [timed, plain]) {
      const uri = await client.open('templates/outage.hbs', outage);
      await client.pushed(uri, (d) => d.some((x) => x.code === 'vague-timeline'));
      const sentAt = performance.timeOrigin + performance.now();
      const version = await client.change(uri, outage.replace(' soon', ' by 4pm today'));
      await client.pushed(uri, (d) => !d.some((x) => x.code === 'vague-timeline'));
      const pushedAt = performance.timeOrigin + performance.now();
      if (client === plain) {
        assert.ok(!client.logs.some((l) => l.startsWith('Candor: timing')), client.logs.join('\n'));
        continue;
      }
      const line = await client.waitFor('the timing of the lint', () => client.logs.map((l) => TIMING.exec(l)).find((m) => m && Number(m[2]) === version));
      const [, loggedUri, , lint, since, receivedAt] = line!;
      assert.equal(loggedUri, uri);
      assert.ok(Number(since) >= Number(lint), `${since} ms since the change, ${lint} ms of lint`);
      // The same clock in both processes: the change arrived after this client sent it and before the diagnostics
      // came back (with leeway for the two processes' time origins, each read from the system clock at start-up).
      const leewayMs = 50;
      assert.ok(Number(receivedAt) >= sentAt - leewayMs && Number(receivedAt) + Number(since) <= pushedAt + leewayMs, `sent ${sentAt}, received ${receivedAt}, pushed ${pushedAt}`);
    }
  });
});
