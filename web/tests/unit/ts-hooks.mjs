// Module hooks that let node's own test runner import the app's TypeScript: '@/x' resolves to src/x
// (the tsconfig path), extension-less imports find their .ts/.tsx/.js file, and TypeScript is
// transpiled (types dropped, nothing checked: `npm run typecheck` does that) with the compiler the build uses.
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = new URL('../../src/', import.meta.url);
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

async function isFile(url) {
  try {
    return (await stat(fileURLToPath(url))).isFile();
  } catch {
    return false;
  }
}

export async function resolve(specifier, context, next) {
  let url = null;
  if (specifier.startsWith('@/')) url = new URL(specifier.slice(2), SRC);
  else if (specifier.startsWith('.') && context.parentURL?.startsWith('file:')) url = new URL(specifier, context.parentURL);
  if (url && !(await isFile(url))) {
    for (const ext of EXTENSIONS) {
      const candidate = new URL(url.href + ext);
      if (await isFile(candidate)) return { url: candidate.href, shortCircuit: true };
    }
  }
  try {
    return await next(url ? url.href : specifier, context);
  } catch (e) {
    // Packages without an exports map (next/link, next/navigation) are imported without their '.js'.
    if (e?.code !== 'ERR_MODULE_NOT_FOUND' || url || /\.[cm]?js$/.test(specifier)) throw e;
    return next(`${specifier}.js`, context);
  }
}

export async function load(url, context, next) {
  if (!/\.tsx?$/.test(url)) return next(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.ReactJSX },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
