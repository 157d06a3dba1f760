// Jest transform: compiles ES-module-only packages in node_modules (NestJS 12, jose, …) to CommonJS.
// Why: the workspace is CommonJS and runs on Node 20, where plain Node can require() ESM but Jest's module
// registry cannot (Jest needs Node ≥ 24.9 for that). Files of CommonJS packages pass through untouched.
// `createRequire(import.meta.url)` becomes the module's own `require`, so optional packages that NestJS loads
// lazily (e.g. @apollo/subgraph) come from Jest's registry too and `graphql` is never loaded twice.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const typeCache = new Map();
function isEsmFile(filename) {
  if (filename.endsWith('.mjs')) return true;
  if (filename.endsWith('.cjs')) return false;
  let dir = path.dirname(filename);
  const seen = [];
  for (;;) {
    if (typeCache.has(dir)) {
      const answer = typeCache.get(dir);
      seen.forEach((d) => typeCache.set(d, answer));
      return answer;
    }
    seen.push(dir);
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      let answer = false;
      try {
        answer = JSON.parse(fs.readFileSync(pkg, 'utf8')).type === 'module';
      } catch {
        answer = false;
      }
      seen.forEach((d) => typeCache.set(d, answer));
      return answer;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      seen.forEach((d) => typeCache.set(d, false));
      return false;
    }
    dir = parent;
  }
}

function toCommonJs(source, filename) {
  const code = source
    .replace(/\b(?:const|let|var)\s+require\s*=\s*createRequire\(\s*import\.meta\.url\s*\)\s*;?/g, '')
    .replace(/\bcreateRequire\(\s*import\.meta\.url\s*\)/g, 'require')
    .replace(/\bimport\.meta\.url\b/g, 'require("node:url").pathToFileURL(__filename).href')
    .replace(/\bimport\.meta\.dirname\b/g, '__dirname')
    .replace(/\bimport\.meta\.filename\b/g, '__filename');
  return ts.transpileModule(code, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      allowJs: true,
      esModuleInterop: true,
      inlineSourceMap: false,
      sourceMap: false,
    },
  }).outputText;
}

module.exports = {
  process(source, filename) {
    return { code: isEsmFile(filename) ? toCommonJs(source, filename) : source };
  },
  getCacheKey(source, filename) {
    return crypto
      .createHash('sha256')
      .update('esm-to-cjs-v1\0')
      .update(ts.version)
      .update('\0')
      .update(filename)
      .update('\0')
      .update(source)
      .digest('hex');
  },
};
