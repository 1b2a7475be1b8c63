// Discovery's walk: the paths it yields are the ones `path.join` gives, and every folder's globs are asked for once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, sep } from 'node:path';
import { discoverFiles } from '../../server/src/cli/discover.ts';
import { tempTree } from '../helpers.ts';

test('a walk finds the templates of nested folders under the paths path.join gives, however the folder is named', () => {
  const root = tempTree({
    'a.hbs': 'x',
    'notes.txt': 'x',
    'billing/refund.hbs': 'x',
    'billing/deep/er/late.handlebars': 'x',
    'ignored/skip.hbs': 'x',
    '.gitignore': 'ignored/\n',
  });
  const asked: string[] = [];
  const globsFor = (dir: string) => {
    asked.push(dir);
    return { baseDir: root, include: [], exclude: [] };
  };
  const expected = [join(root, 'a.hbs'), join(root, 'billing', 'deep', 'er', 'late.handlebars'), join(root, 'billing', 'refund.hbs')].sort();
  for (const input of [root, root + sep, '.', `.${sep}`, join('billing', '..')]) {
    asked.length = 0;
    const { files, problems } = discoverFiles([input], { cwd: root, globsFor });
    assert.deepEqual(files, expected, `input ${JSON.stringify(input)}`);
    assert.deepEqual(problems, []);
    assert.deepEqual([...asked].sort(), [root, join(root, 'billing'), join(root, 'billing', 'deep', 'er')].sort(), 'each folder with a template, once');
  }
});
