/**
 * The architecture rules in eslint.config.js fire: each forbidden import between layers, an
 * import cycle, React/DOM-only packages, browser-only globals and Node modules in the engine, and
 * the React hooks rules. Snippets are linted in memory under fake paths (src/core/lint-probe.ts importing
 * a real file of src/state, say) with the repository's own config; the cycle, which the rule finds
 * by reading the files it imports, is two small files in a temporary folder. Each case also has an
 * allowed counterpart, so a rule that fires on everything fails here too.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** The snippets are not in tsconfig's program: lint them without type information. */
const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });

async function ruleIds(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal).toEqual([]);
  return result.messages.map((m) => m.ruleId ?? '');
}

/** A real module of a layer, as an import specifier from a file directly in another layer's folder. */
function moduleOf(layer: string): string {
  const file = readdirSync(join(root, 'src', layer))
    .filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.'))
    .sort()[0];
  expect(file, `src/${layer} has a module`).toBeDefined();
  return `../${layer}/${file.replace(/\.tsx?$/, '')}`;
}

const forbidden: [from: string, to: string][] = [
  ['core', 'state'],
  ['core', 'viz'],
  ['core', 'ui'],
  ['core', 'platform'],
  ['viz', 'state'],
  ['viz', 'ui'],
  ['state', 'ui'],
  ['state', 'viz'],
];

const allowed: [from: string, to: string][] = [
  ['ui', 'state'],
  ['ui', 'viz'],
  ['ui', 'core'],
  ['state', 'core'],
  ['state', 'platform'],
  ['viz', 'core'],
  ['platform', 'core'],
];

describe('eslint.config.js: layer boundaries', () => {
  it.each(forbidden)('src/%s may not import src/%s', async (from, to) => {
    const ids = await ruleIds(`src/${from}/lint-probe.ts`, `import * as m from '${moduleOf(to)}';\nexport const probe = m;\n`);
    expect(ids).toEqual(['import-x/no-restricted-paths']);
  });

  it.each(allowed)('src/%s may import src/%s', async (from, to) => {
    const ids = await ruleIds(`src/${from}/lint-probe.ts`, `import * as m from '${moduleOf(to)}';\nexport const probe = m;\n`);
    expect(ids).toEqual([]);
  });

  it('the engine imports no React or DOM-only package, in its tests too', async () => {
    for (const path of ['src/core/lint-probe.ts', 'src/core/lint-probe.test.ts']) {
      expect(await ruleIds(path, `import { useState } from 'react';\nexport const probe = useState;\n`)).toEqual(['no-restricted-imports']);
      expect(await ruleIds(path, `import { create } from 'zustand';\nexport const probe = create;\n`)).toEqual(['no-restricted-imports']);
    }
    expect(await ruleIds('src/core/lint-probe.ts', `import { randomLcg } from 'd3';\nexport const probe = randomLcg;\n`)).toEqual([]);
    expect(await ruleIds('src/viz/lint-probe.ts', `import { select } from 'd3-selection';\nexport const probe = select;\n`)).toEqual([]);
  });

  it('the engine uses no browser-only global; Node has TextEncoder and setTimeout', async () => {
    expect(await ruleIds('src/core/lint-probe.ts', 'export const probe = () => window.innerWidth;\n')).toEqual(['no-restricted-globals']);
    expect(await ruleIds('src/core/lint-probe.ts', "export const probe = () => document.createElement('canvas');\n")).toEqual([
      'no-restricted-globals',
    ]);
    expect(await ruleIds('src/core/lint-probe.ts', 'export const probe = () => [new TextEncoder(), setTimeout];\n')).toEqual([]);
    expect(await ruleIds('src/viz/lint-probe.ts', 'export const probe = () => window.innerWidth;\n')).toEqual([]);
  });

  it('the engine imports Node modules and src/node only in its tests', async () => {
    const fs = `import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n`;
    const node = `import * as m from '../node/tf-node';\nexport const probe = m;\n`;
    expect(await ruleIds('src/core/lint-probe.ts', fs)).toEqual(['import-x/no-nodejs-modules']);
    expect(await ruleIds('src/core/lint-probe.ts', node)).toEqual(['import-x/no-restricted-paths']);
    expect(await ruleIds('src/core/lint-probe.test.ts', fs)).toEqual([]);
    expect(await ruleIds('src/core/lint-probe.test.ts', node)).toEqual([]);
  });

  it('React hooks follow the rules of hooks', async () => {
    const conditional = `import { useState } from 'react';\nexport function Probe({ on }: { on: boolean }) {\n  if (on) useState(0);\n  return null;\n}\n`;
    const plain = `import { useState } from 'react';\nexport function Probe() {\n  const [n] = useState(0);\n  return n;\n}\n`;
    expect(await ruleIds('src/ui/LintProbe.tsx', conditional)).toEqual(['react-hooks/rules-of-hooks']);
    expect(await ruleIds('src/ui/LintProbe.tsx', plain)).toEqual([]);
  });
});

describe('eslint.config.js: import cycles', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'neurounify-lint-'));
    mkdirSync(join(dir, 'src', 'state'), { recursive: true });
    const files: Record<string, string> = {
      'a.ts': "import { b } from './b';\nexport const a = () => b() + 1;\n",
      'b.ts': "import { a } from './a';\nexport const b = () => (a ? 1 : 0);\n",
      'c.ts': "import type { A } from './d';\nexport type C = A;\nexport const c = 1;\n",
      'd.ts': "import { c } from './c';\nexport type A = number;\nexport const d = c;\n",
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'src', 'state', name), text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a value import cycle is an error on both sides; a cycle closed only by a type import is not', async () => {
    const cycles = new ESLint({
      cwd: dir,
      overrideConfigFile: join(root, 'eslint.config.js'),
      overrideConfig: tseslint.configs.disableTypeChecked,
    });
    const results = await cycles.lintFiles(['src/state/*.ts']);
    const byFile = Object.fromEntries(results.map((r) => [r.filePath.slice(dir.length + 1), r.messages.map((m) => m.ruleId)]));
    expect(byFile).toEqual({
      'src/state/a.ts': ['import-x/no-cycle'],
      'src/state/b.ts': ['import-x/no-cycle'],
      'src/state/c.ts': [],
      'src/state/d.ts': [],
    });
  });
});
