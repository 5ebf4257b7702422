// Where a wasm module's bytes go: the code of each function (from the code section), named by
// the name section and grouped by crate and, for our own crates, by module; data segments and
// the rest as their own lines.
// Usage: node scripts/wasm-sizes.mjs FILE.wasm [--top N] [--depth N] | [--crate NAME [--top N]]
// The module must keep its name section: scripts/bench.sh optimises a copy with `wasm-opt -g`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

const OWN = ['canarytoken_manager'];

function leb(buf, pos) {
  let result = 0, shift = 0, byte;
  do {
    byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, pos];
}

/** Sections by id: { id, start, end } (payload range), custom sections with their name. */
function sections(buf) {
  const out = [];
  let pos = 8;
  while (pos < buf.length) {
    const id = buf[pos++];
    let size;
    [size, pos] = leb(buf, pos);
    const section = { id, start: pos, end: pos + size };
    if (id === 0) {
      let len, p;
      [len, p] = leb(buf, pos);
      section.name = buf.subarray(p, p + len).toString('utf8');
      section.payload = p + len;
    }
    out.push(section);
    pos += size;
  }
  return out;
}

function importedFunctions(buf, section) {
  let [count, pos] = leb(buf, section.start);
  let functions = 0;
  for (let i = 0; i < count; i++) {
    for (let s = 0; s < 2; s++) {
      let len;
      [len, pos] = leb(buf, pos);
      pos += len;
    }
    const kind = buf[pos++];
    if (kind === 0) {
      [, pos] = leb(buf, pos);
      functions++;
    } else if (kind === 1) {
      pos += 1;
      const flags = buf[pos++];
      [, pos] = leb(buf, pos);
      if (flags & 1) [, pos] = leb(buf, pos);
    } else if (kind === 2) {
      const flags = buf[pos++];
      [, pos] = leb(buf, pos);
      if (flags & 1) [, pos] = leb(buf, pos);
    } else if (kind === 3) {
      pos += 2;
    } else if (kind === 4) {
      pos += 1;
      [, pos] = leb(buf, pos);
    }
  }
  return functions;
}

function functionNames(buf, section) {
  const names = new Map();
  let pos = section.payload;
  while (pos < section.end) {
    const sub = buf[pos++];
    let size;
    [size, pos] = leb(buf, pos);
    if (sub === 1) {
      let [count, p] = leb(buf, pos);
      for (let i = 0; i < count; i++) {
        let index, len;
        [index, p] = leb(buf, p);
        [len, p] = leb(buf, p);
        names.set(index, buf.subarray(p, p + len).toString('utf8'));
        p += len;
      }
    }
    pos += size;
  }
  return names;
}

/** `s[open]` is `<`: the index of the `>` closing it. */
function closing(s, open) {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '<') depth++;
    else if (s[i] === '>' && --depth === 0) return i;
  }
  return s.length;
}

/** `a::b<X<Y>>::c` → `a::b::c`: the path without its generic arguments. */
function withoutGenerics(s) {
  let depth = 0, plain = '';
  for (const c of s) {
    if (c === '<') depth++;
    else if (c === '>') depth--;
    else if (depth === 0) plain += c;
  }
  return plain;
}

// Self types whose inherent methods live in core or alloc (`<str>::to_lowercase`).
const PRIMITIVE = /^(str|bool|char|[iuf](8|16|32|64|128|size)|\[.*\]|\(.*\))$/;

/**
 * The crate and module path a (demangled) Rust symbol belongs to, generics stripped:
 * - `core[c5930c85a12de822]::fmt::write`: v0 symbols carry a crate disambiguator; it goes.
 * - `<T as reactive_graph::traits::Read>::try_read`: a blanket impl over a bare type parameter is
 *   the trait's code, so the trait's path counts; `<Foo as Trait>::f` is Foo's.
 * - `<str>::to_lowercase`, `<&str as Pattern>`: primitives' own methods count as core (alloc
 *   for some; the name does not say which); with a trait, the trait's crate.
 * - `_` (the `const _: () = { impl … }` blocks serde's derives emit) and hashes are dropped.
 */
export function owner(name) {
  let path = name.replace(/\[[0-9a-f]{8,}\]/g, '');
  if (path.startsWith('<')) {
    const end = closing(path, 0);
    const inner = path.slice(1, end);
    const rest = path.slice(end + 1);
    const as = topLevelAs(inner);
    const self = (as < 0 ? inner : inner.slice(0, as)).replace(/^&(mut )?/, '').replace(/^(dyn |impl )/, '').trim();
    const trait = as < 0 ? null : inner.slice(as + 4);
    const bareParam = /^[A-Z][A-Za-z0-9_]*$/.test(self);
    if (trait && (bareParam || PRIMITIVE.test(self))) path = trait + rest;
    else if (PRIMITIVE.test(self)) return ['core'];
    else path = self + rest;
  }
  path = withoutGenerics(path).split('{{closure}}')[0];
  return path.split('::').filter((p) => p && p !== '_' && !/^h[0-9a-f]{16}$/.test(p));
}

/** Where ` as ` splits `Self as Trait` (outside any generic arguments), or -1. */
function topLevelAs(s) {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '<') depth++;
    else if (s[i] === '>') depth--;
    else if (depth === 0 && s.startsWith(' as ', i)) return i;
  }
  return -1;
}

/**
 * Our crates' module paths, from the files under src/ (`src/ui/screens/inventory/mod.rs` is
 * `ui::screens::inventory`): a symbol's path is cut back to the longest of them, so that a
 * function (`time::civil`) is not taken for a module.
 */
function ownModules() {
  const modules = new Set();
  const walk = (dir, prefix) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        walk(join(dir, entry.name), [...prefix, entry.name]);
      } else if (entry.name.endsWith('.rs')) {
        const stem = entry.name.slice(0, -3);
        const path = ['mod', 'lib', 'main'].includes(stem) ? prefix : [...prefix, stem];
        modules.add(path.join('::'));
      }
    }
  };
  walk(join(ROOT, 'src'), []);
  return modules;
}

export function analyse(file) {
  const buf = readFileSync(file);
  const secs = sections(buf);
  const imports = secs.find((s) => s.id === 2);
  const importCount = imports ? importedFunctions(buf, imports) : 0;
  const nameSec = secs.find((s) => s.id === 0 && s.name === 'name');
  const names = nameSec ? functionNames(buf, nameSec) : new Map();
  const code = secs.find((s) => s.id === 10);
  const functions = [];
  let [count, pos] = leb(buf, code.start);
  for (let i = 0; i < count; i++) {
    let size;
    const at = pos;
    [size, pos] = leb(buf, pos);
    functions.push({ name: names.get(importCount + i) ?? `func[${importCount + i}]`, size: pos - at + size });
    pos += size;
  }
  const data = secs.filter((s) => s.id === 11).reduce((n, s) => n + s.end - s.start, 0);
  const custom = secs.filter((s) => s.id === 0).reduce((n, s) => n + s.end - s.start, 0);
  const total = buf.length - custom;
  return { total, code: code.end - code.start, data, functions, named: names.size > 0 };
}

function group(functions, key) {
  const sums = new Map();
  for (const f of functions) {
    const k = key(f);
    if (k == null) continue;
    const entry = sums.get(k) ?? { size: 0, count: 0 };
    entry.size += f.size;
    entry.count++;
    sums.set(k, entry);
  }
  return [...sums.entries()].sort((a, b) => b[1].size - a[1].size);
}

/** Lines for the bench: bytes by crate, and by module (at most `depth` levels) of our crate. */
export function report(file, { top = 15, depth = 3 } = {}) {
  const { total, code, data, functions, named } = analyse(file);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
  const pct = (n) => `${((100 * n) / total).toFixed(1)}%`.padStart(6);
  const lines = [`  module ${kb(total)} (without custom sections): code ${kb(code)}, data ${kb(data)}`];
  if (!named) return [...lines, '  (no name section: nothing more to say)'];
  const crate = (f) => {
    const parts = owner(f.name);
    if (!parts.length || f.name.startsWith('func[')) return '(unnamed)';
    const c = parts[0];
    return /^[a-z_][a-z0-9_]*$/.test(c) ? c : '(other)';
  };
  lines.push('  by crate (code):');
  for (const [name, { size, count }] of group(functions, crate).slice(0, top)) {
    lines.push(`    ${name.padEnd(28)} ${kb(size)} ${pct(size)}  ${count} functions`);
  }
  lines.push(`  by module of ${OWN.join(', ')} (code, generic code instantiated for our types included):`);
  const modules = ownModules();
  const ours = (f) => {
    const hit = OWN.find((o) => f.name.includes(`${o}::`));
    if (!hit) return null;
    // The path right after our crate's name (a type argument, say), up to the first `<` or `>`.
    const path = f.name.slice(f.name.indexOf(`${hit}::`)).match(/^[A-Za-z0-9_:]*/)[0];
    const parts = path.split('::').slice(1, depth + 1).filter((p) => p && p !== '_');
    while (parts.length && !modules.has(parts.join('::'))) parts.pop();
    return parts.join('::') || '(crate root)';
  };
  for (const [name, { size, count }] of group(functions, ours).slice(0, top)) {
    lines.push(`    ${name.padEnd(28)} ${kb(size)} ${pct(size)}  ${count} functions`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, ...rest] = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : fallback;
  };
  const crateFilter = opt('--crate');
  if (crateFilter) {
    const { functions } = analyse(file);
    const mine = functions.filter((f) => f.name.includes(crateFilter)).sort((a, b) => b.size - a.size);
    for (const f of mine.slice(0, Number(opt('--top', 40)))) console.log(`${String(f.size).padStart(7)} ${f.name}`);
  } else {
    console.log(report(file, { top: Number(opt('--top', 15)), depth: Number(opt('--depth', 3)) }).join('\n'));
  }
}
