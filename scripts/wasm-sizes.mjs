// Where a wasm module's bytes go: the code of each function (from the code section), named by
// the name section and grouped by crate and, for our own crates, by module; data segments and
// the rest as their own lines. Usage: node scripts/wasm-sizes.mjs FILE.wasm [--crate NAME] [--top N]
// The module must keep its name section: scripts/bench.sh optimises a copy with `wasm-opt -g`.
import { readFileSync } from 'node:fs';

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

/** The crate and module path a (demangled) Rust symbol belongs to, generics stripped. */
export function owner(name) {
  let n = name.replace(/^<+/, '').replace(/^&(mut )?/, '').replace(/^(dyn |impl )/, '');
  // `<T as Trait>::f`: the code is T's; generic arguments and closures go.
  let depth = 0, plain = '';
  for (const c of n) {
    if (c === '<') depth++;
    else if (c === '>') depth--;
    else if (depth === 0) plain += c;
  }
  plain = plain.split(' as ')[0].split('{{closure}}')[0];
  const parts = plain.split('::').filter((p) => p && !/^h[0-9a-f]{16}$/.test(p));
  return parts;
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

/** Lines for the bench: bytes by crate, and by module of our own crate. */
export function report(file, { top = 12, depth = 3 } = {}) {
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
  const ours = (f) => {
    const hit = OWN.find((o) => f.name.includes(`${o}::`));
    if (!hit) return null;
    const after = f.name.slice(f.name.indexOf(`${hit}::`));
    const parts = owner(after).slice(1, depth);
    // Drop a trailing item name (an uppercase type or a function) to keep modules only.
    while (parts.length > 1 && !/^[a-z_][a-z0-9_]*$/.test(parts.at(-1))) parts.pop();
    return parts.join('::') || '(crate root)';
  };
  for (const [name, { size, count }] of group(functions, ours).slice(0, top * 2)) {
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
    console.log(report(file, { top: Number(opt('--top', 12)), depth: Number(opt('--depth', 3)) }).join('\n'));
  }
}
