/**
 * The API report: every export of every package entry (package.json "exports"), with its
 * declaration and the first paragraph of its TSDoc, in docs/api.md. A change to the public
 * surface then shows in review as a change to that file.
 *
 *   node scripts/api-report.mjs           rewrites docs/api.md (`npm run api`)
 *   node scripts/api-report.mjs --print   prints it (test/package/api-docs.test.ts compares)
 *
 * It reads the sources through the TypeScript compiler API, with the declarations as the
 * checker sees them (what dist/*.d.ts carries), so it needs no build and no network.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import ts from 'typescript';

const root = fileURLToPath(new URL('../', import.meta.url));
const reportPath = `${root}docs/api.md`;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

/** The entries, as rollup.config.mjs derives them: `.` is src/index.ts, `./x` src/x/index.ts. */
const entries = Object.keys(pkg.exports)
  .filter((key) => key !== './package.json')
  .map((key) => ({
    name: key === '.' ? 'perfwarden' : `perfwarden/${key.slice(2)}`,
    source: `${root}${key === '.' ? 'src/index.ts' : `src/${key.slice(2)}/index.ts`}`,
  }));

const config = ts.getParsedCommandLineOfConfigFile(
  `${root}tsconfig.json`,
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  },
);
const program = ts.createProgram(
  entries.map((entry) => entry.source),
  config.options,
);
const checker = program.getTypeChecker();
const printer = ts.createPrinter({ removeComments: true });
const FLAGS =
  ts.TypeFormatFlags.NoTruncation |
  ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope |
  ts.TypeFormatFlags.WriteArrayAsGenericType;

/** TSDoc text on one line, `{@link name}` written as code. */
function oneLine(text) {
  return text
    .replace(/\{@link\s+([^}|\s]+)[^}]*\}/g, '`$1`')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first paragraph of a symbol's TSDoc, on one line, and whether it is deprecated. */
function summary(symbol) {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker));
  const first = oneLine(text.split(/\n\s*\n/)[0] ?? '');
  const deprecated = symbol.getJsDocTags(checker).find((tag) => tag.name === 'deprecated');
  const note = deprecated
    ? `**Deprecated**: ${oneLine(ts.displayPartsToString(deprecated.text))}`
    : '';
  return [first, note].filter(Boolean).join(' ');
}

function print(node) {
  return printer.printNode(ts.EmitHint.Unspecified, node, node.getSourceFile());
}

/** A public member of a class: not private or protected, not `_`-prefixed (internal). */
function isPublicMember(member) {
  const name = member.name && ts.isIdentifier(member.name) ? member.name.text : '';
  const flags = ts.getCombinedModifierFlags(member);
  return (
    !name.startsWith('_') &&
    !(flags & ts.ModifierFlags.Private) &&
    !(flags & ts.ModifierFlags.Protected) &&
    !(member.name && ts.isPrivateIdentifier(member.name))
  );
}

/** A class as its declaration file shows it: heritage and public members' signatures. */
function classDeclaration(name, declaration) {
  const heritage = (declaration.heritageClauses ?? []).map((clause) => ` ${print(clause)}`);
  const lines = [];
  for (const member of declaration.members) {
    if (!isPublicMember(member)) continue;
    const isStatic = ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Static;
    const prefix = isStatic ? 'static ' : '';
    const memberName = member.name ? member.name.getText() : '';
    if (ts.isConstructorDeclaration(member)) {
      const signature = checker.getSignatureFromDeclaration(member);
      const text = checker.signatureToString(signature, undefined, FLAGS);
      lines.push(`constructor${text.replace(/: [^:]+$/, '')};`);
    } else if (ts.isMethodDeclaration(member)) {
      const signature = checker.getSignatureFromDeclaration(member);
      lines.push(
        `${prefix}${memberName}${checker.signatureToString(signature, undefined, FLAGS)};`,
      );
    } else if (ts.isPropertyDeclaration(member) || ts.isGetAccessorDeclaration(member)) {
      const symbol = checker.getSymbolAtLocation(member.name);
      const type = checker.getTypeOfSymbolAtLocation(symbol, member);
      const readonly =
        ts.isGetAccessorDeclaration(member) &&
        !declaration.members.some(
          (other) => ts.isSetAccessorDeclaration(other) && other.name.getText() === memberName,
        );
      const modifiers = `${prefix}${
        readonly || ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Readonly
          ? 'readonly '
          : ''
      }`;
      lines.push(`${modifiers}${memberName}: ${checker.typeToString(type, member, FLAGS)};`);
    }
  }
  return `class ${name}${heritage.join('')} {\n${lines.map((line) => `  ${line}`).join('\n')}\n}`;
}

/** The declaration of an exported symbol, without bodies or comments. */
function declarationText(name, symbol) {
  const declarations = symbol.getDeclarations() ?? [];
  const texts = [];
  for (const declaration of declarations) {
    if (ts.isFunctionDeclaration(declaration)) {
      const signature = checker.getSignatureFromDeclaration(declaration);
      texts.push(`function ${name}${checker.signatureToString(signature, undefined, FLAGS)};`);
    } else if (ts.isClassDeclaration(declaration)) {
      texts.push(classDeclaration(name, declaration));
    } else if (ts.isVariableDeclaration(declaration)) {
      const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
      texts.push(`const ${name}: ${checker.typeToString(type, declaration, FLAGS)};`);
    } else if (
      ts.isInterfaceDeclaration(declaration) ||
      ts.isTypeAliasDeclaration(declaration) ||
      ts.isEnumDeclaration(declaration)
    ) {
      texts.push(print(declaration).replace(/^export (declare )?/, ''));
    } else {
      texts.push(`${ts.SyntaxKind[declaration.kind]} ${name}`);
    }
  }
  return texts.join('\n');
}

function kindOf(symbol) {
  const flags = symbol.flags;
  if (flags & ts.SymbolFlags.Function) return 'function';
  if (flags & ts.SymbolFlags.Class) return 'class';
  if (flags & ts.SymbolFlags.Variable) return 'constant';
  if (flags & ts.SymbolFlags.Interface) return 'interface';
  if (flags & ts.SymbolFlags.TypeAlias) return 'type';
  if (flags & ts.SymbolFlags.Enum) return 'enum';
  return 'other';
}

function entrySection(entry) {
  const file = program.getSourceFile(entry.source);
  if (!file) throw new Error(`no source for ${entry.name}: ${entry.source}`);
  const moduleSymbol = checker.getSymbolAtLocation(file);
  const exports = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
  const lines = [`## \`${entry.name}\``, ''];
  if (exports.length === 0) {
    lines.push('No exports: importing the entry is what it is for.', '');
    return lines.join('\n');
  }
  const sorted = exports
    .map((exported) => {
      const target =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      return { name: exported.getName(), symbol: target };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { name, symbol } of sorted) {
    lines.push(`### \`${name}\` (${kindOf(symbol)})`, '');
    const text = summary(symbol);
    if (text) lines.push(text, '');
    lines.push('```ts', declarationText(name, symbol), '```', '');
  }
  return lines.join('\n');
}

/** The report, formatted as `prettier --check` expects it. */
export async function renderApiReport() {
  const text = [
    '# API reference',
    '',
    '<!-- Generated by `npm run api` (scripts/api-report.mjs) from the sources; ' +
      'test/package/api-docs.test.ts fails when it is out of date. Do not edit by hand. -->',
    '',
    'Every export of every entry of the package, with its declaration and the first paragraph',
    'of its documentation. The guides explain how the parts fit: start at the',
    '[README](../README.md).',
    '',
    ...entries.map(entrySection),
  ].join('\n');
  const options = (await prettier.resolveConfig(reportPath)) ?? {};
  return prettier.format(text, { ...options, filepath: reportPath });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const report = await renderApiReport();
  if (process.argv.includes('--print')) {
    process.stdout.write(report);
  } else {
    writeFileSync(reportPath, report);
    console.log(`docs/api.md: ${entries.length} entries written.`);
  }
}
