#!/usr/bin/env node
// Protobuf tooling for libs/events, all offline (buf and protoc-gen-es come from npm):
//   generate       src/gen/ from ../../proto; skipped when the stamp says the sources did not change;
//                  safe when several processes (nx build + test) run it at once
//   lint           buf lint
//   breaking       buf breaking against the checked-in image proto/breaking-baseline.binpb
//   breaking-git   buf breaking against another git ref (default: main), e.g. `proto.js breaking-git HEAD~1`
//   baseline       rewrite proto/breaking-baseline.binpb from the current sources (a deliberate, reviewed step)
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const libDir = path.resolve(__dirname, '..');
const workspace = path.resolve(libDir, '..', '..');
const protoDir = path.join(workspace, 'proto');
const genDir = path.join(libDir, 'src', 'gen');
const stampFile = path.join(genDir, '.stamp');
const lockDir = path.join(libDir, 'src', '.gen.lock');
const baseline = path.join(protoDir, 'breaking-baseline.binpb');

const bufBin = require.resolve('@bufbuild/buf/bin/buf');
const pluginBinDir = path.dirname(require.resolve('@bufbuild/protoc-gen-es/bin/protoc-gen-es'));

function buf(args, opts = {}) {
  const res = spawnSync(process.execPath, [bufBin, ...args], {
    cwd: protoDir,
    stdio: 'inherit',
    env: {
      ...process.env,
      PATH: `${pluginBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
      BUF_CACHE_DIR: process.env.BUF_CACHE_DIR ?? path.join(workspace, '.nx', 'buf-cache'),
    },
    ...opts,
  });
  if (res.error) throw res.error;
  if (res.status !== 0) process.exit(res.status ?? 1);
}

function listFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => /\.(proto|ya?ml)$/.test(f))
    .sort();
}

function packageVersion(pkg) {
  // Not every package exports ./package.json (or has a main): look in the node_modules folders Node would search.
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const file = path.join(dir, pkg, 'package.json');
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  }
  throw new Error(`cannot find ${pkg}`);
}

function sourceHash() {
  const h = createHash('sha256');
  for (const f of listFiles(protoDir)) h.update(path.relative(protoDir, f)).update('\0').update(fs.readFileSync(f));
  for (const pkg of ['@bufbuild/buf', '@bufbuild/protoc-gen-es', '@bufbuild/protobuf']) h.update(packageVersion(pkg));
  return h.digest('hex');
}

function upToDate(hash) {
  try {
    return fs.readFileSync(stampFile, 'utf8') === hash;
  } catch {
    return false;
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock(fn) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const age = Date.now() - fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 60_000) fs.rmSync(lockDir, { recursive: true, force: true }); // a crashed generator
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
      sleep(100);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function generate() {
  const hash = sourceHash();
  if (upToDate(hash)) return;
  withLock(() => {
    if (upToDate(hash)) return; // another process generated while we waited
    fs.rmSync(genDir, { recursive: true, force: true });
    buf(['generate']);
    fs.writeFileSync(stampFile, hash);
    console.log(`proto: generated ${path.relative(workspace, genDir)}`);
  });
}

const [cmd, arg] = process.argv.slice(2);
switch (cmd) {
  case 'generate':
    generate();
    break;
  case 'lint':
    buf(['lint']);
    break;
  case 'breaking':
    buf(['breaking', '--against', baseline]);
    break;
  case 'breaking-git':
    buf(['breaking', '--against', `${path.join(workspace, '.git')}#ref=${arg ?? 'main'},subdir=proto`]);
    break;
  case 'baseline':
    buf(['build', '--exclude-source-info', '-o', baseline]);
    break;
  default:
    console.error('usage: proto.js generate|lint|breaking|breaking-git [ref]|baseline');
    process.exit(2);
}
