// Unknown fields: the Kubernetes OpenAPI schemas (and so kubernetes-models' validators) allow any extra key, so a
// misspelt `livenesProbe` or a `port` where `ports` was meant passes them, and the API server would drop or refuse it.
// The model type declarations (kubernetes-models' .d.ts files) list every field of every type: this walks an object
// along them and names each key its type does not declare.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const cache = new Map();

/** A package file's path (the packages' `exports` hide their type files from require.resolve). */
function packageFile(specifier) {
  const parts = specifier.split('/');
  const name = parts[0].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const root = require.resolve.paths(name).find((dir) => existsSync(path.join(dir, name, 'package.json')));
  if (!root) throw new Error(`cannot find package ${name}`);
  return path.join(root, specifier);
}

function resolveDts(specifier, fromFile) {
  const js = specifier.startsWith('.') ? path.resolve(path.dirname(fromFile), specifier) : packageFile(specifier);
  return js.replace(/\.js$/, '') + '.d.ts';
}

/** The first interface of a .d.ts file: field name → { ref (a type's .d.ts file), map, array } or null for scalars. */
function typeOf(file) {
  if (cache.has(file)) return cache.get(file);
  const text = readFileSync(file, 'utf8');
  const imports = new Map();
  for (const m of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)) imports.set(m[1], m[2]);
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^export interface I\w+( extends [\w, ]+)? \{$/.test(l));
  let fields = null;
  if (start >= 0) {
    fields = new Map();
    for (let i = start + 1; i < lines.length && lines[i] !== '}'; i++) {
      const m = /^ {4}"([^"]+)"\??: (.*)$/.exec(lines[i]);
      if (!m) continue;
      let type = m[2];
      if (type === '{') {
        // A map: `{ [key: string]: T; };` over the next lines.
        const value = /\[key: string\]: (.*);$/.exec(lines[i + 1] ?? '')?.[1] ?? 'unknown';
        type = `Map<${value}>`;
      }
      const name = /(I\w+)/.exec(type)?.[1];
      const ref = name && imports.has(name) ? resolveDts(imports.get(name), file) : undefined;
      fields.set(m[1], ref ? { ref, map: type.startsWith('Map<'), array: type.startsWith('Array<') } : null);
    }
  }
  cache.set(file, fields);
  return fields;
}

function walk(value, file, at, problems) {
  const fields = typeOf(file);
  if (!fields || value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (!fields.has(key)) {
      problems.push(`${at}.${key}: unknown field`);
      continue;
    }
    const f = fields.get(key);
    if (!f) continue;
    const items =
      f.array && Array.isArray(child)
        ? child.map((c, i) => [c, `${at}.${key}[${i}]`])
        : f.map && child
          ? Object.entries(child).map(([k, c]) => [c, `${at}.${key}.${k}`])
          : [[child, `${at}.${key}`]];
    for (const [c, p] of items) walk(c, f.ref, p, problems);
  }
}

/** Every key of a Kubernetes object that its type does not declare (empty for unknown apiVersion/kind). */
export function unknownFields(object) {
  let file;
  try {
    file = packageFile(`kubernetes-models/${object.apiVersion}/${object.kind}.d.ts`);
  } catch {
    return [];
  }
  if (!existsSync(file)) return [];
  const problems = [];
  walk(object, file, '', problems);
  return problems.map((p) => p.slice(1));
}
