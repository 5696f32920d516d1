/** The yardstick for bench/pages: a bare Fastify route answering "hello world", nothing else. */
import Fastify from 'fastify';

const app = Fastify();
app.get('/', () => 'hello world');
app.get('/health', () => 'ok');
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
