// Preloaded into a server under test (`node --import ./bench/heartbeat-profiler.mjs …`) by bench/heartbeat-cpu.ts:
// SIGUSR2 starts V8's CPU profiler, the next SIGUSR2 stops it and writes the profile to $HEARTBEAT_PROFILE, so the
// profile covers the load alone (not start-up or device registration, as `--cpu-prof` would).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.HEARTBEAT_PROFILE;
if (file) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.setSamplingInterval', { interval: 200 }, () =>
        session.post('Profiler.enable', () => session.post('Profiler.start')),
      );
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(file, JSON.stringify(result.profile));
      process.stderr.write(err ? `profiler: ${err.message}\n` : `profile written to ${file}\n`);
    });
  });
}
