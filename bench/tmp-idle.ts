import { startDeskGate } from './lib/processes.ts';

const s = await startDeskGate();
await new Promise((r) => setTimeout(r, 3000));
const a = s.cpuMs();
await new Promise((r) => setTimeout(r, 20000));
console.log('idle CPU ms per s', (s.cpuMs() - a) / 20);
await s.stop();
