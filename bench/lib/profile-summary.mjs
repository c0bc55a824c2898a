// Turns a V8 .cpuprofile into what a reader needs to find the hot path: self and inclusive time
// by function and by package (text), and folded stacks for a flame graph (speedscope.app,
// flamegraph.pl, or `npx 0x`-style viewers). Usable on its own:
//   node bench/lib/profile-summary.mjs bench/results/profiles/<file>.cpuprofile
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function where(url) {
  if (!url) return '(native)';
  let u = url.replace(/^file:\/\//, '');
  if (u.startsWith('node:')) return u;
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = u.slice(nm + 14).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (u.startsWith(ROOT)) u = u.slice(ROOT.length + 1);
  return u;
}

function packageOf(url) {
  const w = where(url);
  if (w.startsWith('apps/server/dist/')) return `server:${w.split('/').slice(3, -1).join('/') || 'root'}`;
  if (w.startsWith('packages/')) return w.split('/').slice(0, 2).join('/');
  if (w.startsWith('node:')) return 'node (internal)';
  return w;
}

export function summariseProfile(file, { top = 40 } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Self time per node from the samples and their time deltas (µs).
  const self = new Map();
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = timeDeltas[i + 1] ?? timeDeltas[i] ?? 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const name = (n) => {
    const cf = n.callFrame;
    const fn = cf.functionName || '(anonymous)';
    if (!cf.url) return fn;
    return `${fn} ${where(cf.url)}:${cf.lineNumber + 1}`;
  };
  const stackOf = (id) => {
    const stack = [];
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) stack.push(nodes.get(cur));
    return stack.reverse();
  };

  const selfByFn = new Map();
  const selfByPkg = new Map();
  const inclusiveByFn = new Map();
  const folded = new Map();
  for (const [id, us] of self) {
    const node = nodes.get(id);
    const label = name(node);
    selfByFn.set(label, (selfByFn.get(label) ?? 0) + us);
    const pkg = node.callFrame.url ? packageOf(node.callFrame.url) : node.callFrame.functionName === '(idle)' ? '(idle)' : node.callFrame.functionName === '(garbage collector)' ? '(gc)' : '(native/program)';
    selfByPkg.set(pkg, (selfByPkg.get(pkg) ?? 0) + us);
    const stack = stackOf(id);
    const seen = new Set();
    for (const frame of stack) {
      const l = name(frame);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusiveByFn.set(l, (inclusiveByFn.get(l) ?? 0) + us);
    }
    const key = stack.map((f) => name(f).replace(/;/g, ',')).join(';');
    folded.set(key, (folded.get(key) ?? 0) + us);
  }
  const idleUs = [...selfByFn].filter(([k]) => k.startsWith('(idle)') || k.startsWith('(program)')).reduce((a, [, v]) => a + v, 0);
  const busyUs = totalUs - idleUs;
  const pct = (us) => `${((us / busyUs) * 100).toFixed(1).padStart(5)}%`;
  const ms = (us) => `${(us / 1000).toFixed(1).padStart(8)} ms`;
  const sorted = (m) => [...m].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(root)') && k !== '(program)').sort((a, b) => b[1] - a[1]);

  const lines = [
    `profile: ${path.relative(ROOT, file)}`,
    `sampled ${(totalUs / 1000).toFixed(0)} ms, busy (not idle/program) ${(busyUs / 1000).toFixed(0)} ms; percentages are of busy time`,
    '',
    'self time by package / server module:',
    ...sorted(selfByPkg).slice(0, 25).map(([k, v]) => `${ms(v)} ${pct(v)}  ${k}`),
    '',
    `self time by function (top ${top}):`,
    ...sorted(selfByFn).slice(0, top).map(([k, v]) => `${ms(v)} ${pct(v)}  ${k}`),
    '',
    `inclusive time by function (top ${top}):`,
    ...sorted(inclusiveByFn).slice(0, top).map(([k, v]) => `${ms(v)} ${pct(v)}  ${k}`),
  ];
  const base = file.replace(/\.cpuprofile$/, '');
  writeFileSync(`${base}.txt`, `${lines.join('\n')}\n`);
  writeFileSync(`${base}.folded`, [...folded].map(([k, v]) => `${k} ${Math.round(v)}`).join('\n') + '\n');
  return {
    text: lines.join('\n'),
    brief: {
      busyMs: Math.round(busyUs / 1000),
      topSelf: sorted(selfByFn).slice(0, 8).map(([k, v]) => ({ fn: k, ms: Math.round(v / 100) / 10, pct: Math.round((v / busyUs) * 1000) / 10 })),
      byPackage: sorted(selfByPkg).slice(0, 8).map(([k, v]) => ({ pkg: k, ms: Math.round(v / 100) / 10, pct: Math.round((v / busyUs) * 1000) / 10 })),
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const f of process.argv.slice(2)) console.log(summariseProfile(f).text);
}
