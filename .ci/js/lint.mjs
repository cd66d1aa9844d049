// The theme's JavaScript held to the Rust code's bar (STYLE.md, points 14 and 21): every module
// starts with `// @ts-check`, is at most 400 lines, has no function over 60 lines, and documents
// each exported function with JSDoc. Uses the TypeScript compiler's parser (installed beside it).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const MAX_MODULE = 400;
const MAX_FUNCTION = 60;
const dir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../themes/default/static/js');
const problems = [];
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort();

for (const file of files) {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (!text.startsWith('// @ts-check')) {
    problems.push(`${file}:1: does not start with // @ts-check`);
  }
  if (lines > MAX_MODULE) {
    problems.push(`${file}: ${lines} lines (at most ${MAX_MODULE})`);
  }
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const visit = (node) => {
    if (ts.isFunctionLike(node) && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.end).line;
      if (end - start + 1 > MAX_FUNCTION) {
        const name = node.name ? node.name.getText() : '(anonymous)';
        problems.push(`${file}:${start + 1}: function ${name} is ${end - start + 1} lines (at most ${MAX_FUNCTION})`);
      }
    }
    const exported = ts.canHaveModifiers(node) && (ts.getModifiers(node) || []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported && ts.isFunctionDeclaration(node) && ts.getJSDocCommentsAndTags(node).length === 0) {
      problems.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: exported function ${node.name?.getText()} has no JSDoc`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`js lint: ${problems.length} problem(s) in ${files.length} modules`);
  process.exit(1);
}
console.log(`js lint: ${files.length} modules, each <= ${MAX_MODULE} lines, functions <= ${MAX_FUNCTION} lines, exports documented`);
