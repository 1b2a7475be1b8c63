// Protocol tests: files nothing else watches (a config's `data` file, its `extends` targets), unsaved partials,
// and `extends` checked against the workspace root.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from './lspClient.ts';
import { outage, refund } from './fixture.ts';
import { tempTree } from '../helpers.ts';

const sample = { customer: { firstName: 'Ada', email: 'ada@example.com' }, case: { resolved: false }, ticket: { id: 42 } };

describe('config data and extends files are watched and re-lint everything', { timeout: 60_000 }, () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = tempTree({
      '.candorrc.json': JSON.stringify({ extends: './config/base.json', partials: ['partials/**/*.hbs'], data: 'data/sample.json' }),
      'config/base.json': JSON.stringify({ rules: {} }),
      'data/sample.json': JSON.stringify(sample),
      'partials/signature.hbs': 'Thanks,\nThe Support Team\nHave a great day!\n',
      'templates/outage.hbs': outage,
      'templates/refund.hbs': refund,
    });
    client = new TestClient({ root });
    await client.initialize();
    await client.pushed(client.uri('templates/refund.hbs'), () => true, 'the background lint');
  });
  after(async () => {
    await client?.stop();
  });

  it('registers watchers for exactly the data file and the extends target', async () => {
    const patterns = await client.waitFor('the watcher registration', () => {
      const found = client.watchedPatterns().filter((p): p is { baseUri: string; pattern: string } => typeof p === 'object' && p !== null);
      return found.length >= 2 ? found : undefined;
    });
    const watched = patterns.map((p) => `${p.baseUri}/${p.pattern}`).sort();
    assert.deepEqual(watched, [pathToFileURL(join(root, 'config')).href + '/base.json', pathToFileURL(join(root, 'data')).href + '/sample.json']);
    assert.ok(client.watchedPatterns().includes('**/.candorrc.json'), 'config files are still watched by name');
  });

  it('re-lints when the data file changes on disk', async () => {
    const refundUri = client.uri('templates/refund.hbs');
    assert.ok(!client.diagnostics.get(refundUri)!.diagnostics.some((d) => d.code === 'unknown-variable'));
    writeFileSync(join(root, 'data/sample.json'), JSON.stringify({ ...sample, customer: { email: 'ada@example.com' } }));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('data/sample.json'), type: 2 }] });
    await client.pushed(refundUri, (d) => d.some((x) => x.code === 'unknown-variable'), 'unknown-variable after firstName left the data');
  });

  it('re-lints when an extends target changes on disk', async () => {
    const outageUri = client.uri('templates/outage.hbs');
    await client.pushed(outageUri, (d) => d.some((x) => x.code === 'vague-timeline'));
    writeFileSync(join(root, 'config/base.json'), JSON.stringify({ rules: { 'vague-timeline': 'off' } }));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('config/base.json'), type: 2 }] });
    await client.pushed(outageUri, (d) => !d.some((x) => x.code === 'vague-timeline'), 'vague-timeline turned off by the extended file');
  });
});

describe('an open partial is read with its unsaved text', { timeout: 60_000 }, () => {
  let client: TestClient;
  const signature = 'Thanks,\nThe Support Team\nHave a great day!\n';

  before(async () => {
    const root = tempTree({
      '.candorrc.json': JSON.stringify({ partials: ['partials/**/*.hbs'] }),
      'partials/signature.hbs': signature,
      'templates/outage.hbs': outage,
      'templates/closed.hbs': '---\ncase: unresolved\n---\nI will update you by 4pm.\n{{> signature}}\n',
    });
    client = new TestClient({ root });
    await client.initialize();
  });
  after(async () => {
    await client?.stop();
  });

  it('re-lints the templates that include a partial while it is edited, and again when it is closed unsaved', async () => {
    const viaPartial = (d: Array<{ code?: unknown; range: { start: { line: number } } }>, line: number) => d.some((x) => x.code === 'cheerful-sign-off' && x.range.start.line === line);
    const outageUri = await client.open('templates/outage.hbs', outage);
    const closedUri = client.uri('templates/closed.hbs');
    await client.pushed(outageUri, (d) => viaPartial(d, 7));
    await client.pushed(closedUri, (d) => viaPartial(d, 4), 'the closed template sees the sign-off in the partial');

    const partialUri = await client.open('partials/signature.hbs', signature);
    await client.change(partialUri, 'Thanks,\nThe Support Team\n');
    await client.pushed(outageUri, (d) => !viaPartial(d, 7) && d.some((x) => x.code === 'cheerful-sign-off'), 'the open template reads the unsaved partial');
    await client.pushed(closedUri, (d) => !viaPartial(d, 4), 'a template that is not open reads the unsaved partial too');

    await client.change(partialUri, 'Thanks,\nThe Support Team\nEnjoy your day!\n');
    await client.pushed(outageUri, (d) => viaPartial(d, 7), 'each edit of the partial reaches the template');

    await client.change(partialUri, 'Thanks,\n');
    await client.pushed(outageUri, (d) => !viaPartial(d, 7));
    await client.close(partialUri);
    await client.pushed(outageUri, (d) => viaPartial(d, 7), 'closed without saving: the text on disk counts again');
    await client.pushed(closedUri, (d) => viaPartial(d, 4));
    assert.ok(client.alive);
  });
});

describe('extends is checked against the workspace root', { timeout: 30_000 }, () => {
  let client: TestClient;
  let tree: string;

  before(async () => {
    // A config above the workspace would make `..` legal for the CLI; in the editor the workspace root is the limit.
    tree = tempTree({
      '.candorrc.json': '{}',
      'shared.json': JSON.stringify({ rules: { idiom: 'off' } }),
      'ws/.candorrc.json': JSON.stringify({ extends: '../shared.json' }),
      'ws/templates/a.hbs': 'Hi {{customer.firstName}},\nYour refund left today.\n',
    });
    client = new TestClient({ root: join(tree, 'ws') });
    await client.initialize();
  });
  after(async () => {
    await client?.stop();
  });

  it('reports an extends path outside the workspace folder on the config file', async () => {
    const configUri = client.uri('.candorrc.json');
    const [error] = await client.pushed(configUri, (d) => d.length === 1, 'the config error');
    assert.equal(error!.severity, 1);
    assert.match(String(error!.message), /`extends\[0\]`.*outside/);
  });
});
