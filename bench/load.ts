/** What the load benchmarks share: their options (`-- --seconds 10 --connections 10`) and autocannon runs. */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } },
});
export const duration = Number(values.seconds);
export const connections = Number(values.connections);

/** Two seconds of load first, so that templates are compiled and the code is warm. */
export async function warm(url: string, headers: Record<string, string> = {}) {
  await autocannon({ url, duration: 2, connections, headers });
}

/** Requests per second and latencies (ms) of `url` under load; any non-2xx answer or error fails the run. */
export async function measure(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, duration, connections, headers });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, mean: result.latency.mean, p99: result.latency.p99 };
}
