// Lint: type-aware rules from typescript-eslint, with no-floating-promises on, over every package's src;
// the doors rule below over the packages and over bench/ and scripts/.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;
const packagesDir = join(root, 'packages');

/**
 * `doors/only-doors`: a package's `src/index.ts` is its only public door, and inside a package a
 * folder with an `index.ts` is entered only through it (STYLE.md, "How we apply it" 1).
 *
 * Why a rule of our own: `no-restricted-imports` matches the specifier's text against fixed
 * patterns. It can forbid `/dist/` and `@bigchaindb-ts/x/...` (part a), but part b depends on where
 * the importing file is and on which folders have an `index.ts` on disk: `../bigchain.js` is fine
 * from `node/test/x.ts` and a breach from `cli/x.ts`, with the same text. That needs the specifier
 * resolved against the importer and the file system consulted, which no built-in rule does (and
 * eslint-plugin-import's `no-internal-modules`, which comes close, is a dependency we would add for
 * one rule).
 *
 * (a) Reported anywhere: a path through `/dist/`, a subpath of one of our packages
 *     (`@bigchaindb-ts/x/...`), or a relative path into `packages/` from outside it or into another
 *     package than the importer's.
 * (b) Reported in a package's `src`: for importer F and target T (a relative import), let D be the
 *     outermost directory on T's path that does not contain F; if D has an `index.ts` and T is not
 *     that file, the import bypasses D's door. One exception: a test (`*.test.ts`, or a file under
 *     a `test/` folder) may import another folder's test fixtures (files under its `test/`
 *     folder), which no door exports because production code must not see them.
 */
const onlyDoors = {
  meta: {
    type: 'problem',
    docs: { description: 'import other packages and other folders only through their index.ts' },
    schema: [],
    messages: {
      dist: "'{{path}}' reaches into a build output; import the package by name ('@bigchaindb-ts/x').",
      subpath: "'{{path}}' reaches into a package's internals; import '{{pkg}}' (its src/index.ts) instead.",
      otherPackage:
        "'{{path}}' reaches into packages/{{pkg}} by path; import '@bigchaindb-ts/{{pkg}}' instead.",
      folderDoor: "'{{path}}' bypasses the door of {{folder}}/; import '{{door}}' instead.",
    },
  },
  create(context) {
    const file = context.filename;
    const isTest = /\.test\.ts$/.test(file) || file.split(sep).includes('test');
    const importerPackage = packageOf(file);

    function check(node, path) {
      if (typeof path !== 'string') return;
      if (/(^|\/)dist(\/|$)/.test(path)) {
        context.report({ node, messageId: 'dist', data: { path } });
        return;
      }
      const scoped = /^(@bigchaindb-ts\/[^/]+)\/./.exec(path);
      if (scoped) {
        context.report({ node, messageId: 'subpath', data: { path, pkg: scoped[1] } });
        return;
      }
      if (!path.startsWith('.')) return;
      const target = resolve(dirname(file), path);
      const targetPackage = packageOf(target);
      if (targetPackage !== undefined && targetPackage !== importerPackage) {
        context.report({ node, messageId: 'otherPackage', data: { path, pkg: targetPackage } });
        return;
      }
      if (importerPackage === undefined) return;
      const src = join(packagesDir, importerPackage, 'src');
      if (!file.startsWith(src + sep) || !target.startsWith(src + sep)) return;
      if (isTest && relative(src, target).split(sep).includes('test')) return;
      // The outermost directory on the target's path that does not hold the importer: the first
      // path segment where the two part ways, unless that segment is the target file itself.
      const fileParts = relative(src, file).split(sep);
      const targetParts = relative(src, target).split(sep);
      let i = 0;
      while (i < targetParts.length - 1 && targetParts[i] === fileParts[i]) i++;
      if (i === targetParts.length - 1) return; // the target sits in a directory holding the importer
      const folder = join(src, ...targetParts.slice(0, i + 1));
      const door = join(folder, 'index.ts');
      if (!existsSync(door)) return;
      if (target.replace(/\.js$/, '.ts') === door) return;
      let doorPath = relative(dirname(file), join(folder, 'index.js')).split(sep).join('/');
      if (!doorPath.startsWith('.')) doorPath = `./${doorPath}`;
      context.report({
        node,
        messageId: 'folderDoor',
        data: { path, folder: relative(src, folder).split(sep).join('/'), door: doorPath },
      });
    }

    const fromSource = (node) => {
      if (node.source) check(node.source, node.source.value);
    };
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node.source, node.source.value);
      },
    };
  },
};

/** The package (folder name under packages/) a path lies in, or undefined outside packages/. */
function packageOf(path) {
  const rel = relative(packagesDir, path);
  if (rel.startsWith('..') || rel === '') return undefined;
  return rel.split(sep)[0];
}

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'packages/server/bin/**', 'eslint.config.js'],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test/describe return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    // bench/ and scripts/ are plain .mjs outside every TypeScript project, so the type-aware rules
    // cannot run on them; the syntactic ones and the doors rule do.
    files: ['bench/**/*.mjs', 'scripts/**/*.mjs', 'packages/*/scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    plugins: { doors: { rules: { 'only-doors': onlyDoors } } },
    rules: { 'doors/only-doors': 'error' },
  },
);
