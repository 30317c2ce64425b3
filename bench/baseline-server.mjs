// The platform ceiling for the benchmarks: a bare Fastify 5 route on the same Node, no logging, no database.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/readyz', async () => ({ ok: true }));
app.post('/api/heartbeat', async () => ({ ok: true }));
app.get('/', async () => ({ ok: true }));
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
