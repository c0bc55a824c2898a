// Loaded into benchmarked processes with `node -r`: a dormant probe on the IPC channel the
// benchmark opens. It changes nothing until asked: it can start/stop the V8 CPU profiler for
// exactly the measured window (a `--cpu-prof` profile would only be written on a clean exit,
// which a signal-stopped Nest app never has), force a GC before a memory reading, and report
// process.memoryUsage().
'use strict';
if (typeof process.send === 'function') {
  const inspector = require('node:inspector');
  const fs = require('node:fs');
  const v8 = require('node:v8');
  const vm = require('node:vm');
  let session = null;
  let gc = null;
  const reply = (seq, body) => {
    try {
      process.send({ type: 'harness', seq, ...body });
    } catch {
      /* the benchmark is gone */
    }
  };
  process.on('message', (msg) => {
    if (!msg || msg.type !== 'harness') return;
    try {
      if (msg.cmd === 'profile-start') {
        session = new inspector.Session();
        session.connect();
        session.post('Profiler.enable', () => {
          session.post('Profiler.setSamplingInterval', { interval: msg.intervalUs ?? 200 }, () => {
            session.post('Profiler.start', () => reply(msg.seq, { ok: true }));
          });
        });
      } else if (msg.cmd === 'profile-stop') {
        if (!session) return reply(msg.seq, { ok: false, error: 'not profiling' });
        session.post('Profiler.stop', (err, result) => {
          if (err) return reply(msg.seq, { ok: false, error: String(err) });
          fs.writeFileSync(msg.file, JSON.stringify(result.profile));
          session.disconnect();
          session = null;
          reply(msg.seq, { ok: true, file: msg.file });
        });
      } else if (msg.cmd === 'gc') {
        if (!gc) {
          v8.setFlagsFromString('--expose-gc');
          gc = vm.runInNewContext('gc');
        }
        gc();
        reply(msg.seq, { ok: true, memory: process.memoryUsage() });
      } else if (msg.cmd === 'memory') {
        reply(msg.seq, { ok: true, memory: process.memoryUsage() });
      }
    } catch (error) {
      reply(msg.seq, { ok: false, error: String(error && error.message) });
    }
  });
  // The IPC channel must not keep a server alive that wants to exit, nor crash it when closed.
  process.channel && process.channel.unref();
  // The benchmark is gone (crashed or interrupted): do not linger as an orphan.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
