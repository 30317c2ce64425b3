import type { FastifyInstance } from 'fastify';

/**
 * Once the app is closing, every response carries `Connection: close`, so Node ends the socket after it
 * (issue 15 §5). Node's `server.close()` closes only the keep-alive sockets idle at that moment; one still
 * carrying a request became idle afterwards and stayed open for Fastify's keep-alive timeout (72 s), which
 * held the stop for 79 s and past systemd's kill. New requests while closing get Fastify's 503
 * (`return503OnClosing`), which says `Connection: close` itself.
 */
export function closeConnectionsWhenClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // Callback style: this runs on every response, the heartbeat included (no promise per request).
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}
