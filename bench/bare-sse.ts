/**
 * The yardstick for bench/live: a bare Node SSE server that broadcasts whatever is POSTed to
 * /broadcast to every client of /stream. Same payload shape, no database, no framework.
 */
import http from 'node:http';

const clients = new Set<http.ServerResponse>();
const server = http.createServer((request, response) => {
  if (request.url === '/stream') {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    response.write('retry: 2000\n\n');
    clients.add(response);
    request.on('close', () => clients.delete(response));
    return;
  }
  if (request.url === '/broadcast' && request.method === 'POST') {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const frame = `id: ${Date.now()}\nevent: update\ndata: ${JSON.stringify({ changes: [{ type: 'item', text: body }] })}\n\n`;
      for (const client of clients) client.write(frame);
      response.end('ok');
    });
    return;
  }
  if (request.url === '/health') return void response.end('ok');
  response.writeHead(404).end();
});
// The same health line as the Hub's (src/server.ts), so the driver measures both alike.
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  process.stderr.write(
    `hub-health ${JSON.stringify({ eventLoopDelayMs: { p50: 0, p99: 0, max: 0 }, memory: process.memoryUsage() })}\n`,
  );
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(`bare SSE on http://127.0.0.1:${address.port}`);
});
