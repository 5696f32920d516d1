/**
 * The load generator of bench/pages, run pinned to its own core: warms each page for two seconds,
 * then measures it; prints one JSON line per page. Any answer but 200 fails the run.
 *   page-load.ts '{"seconds":10,"connections":10,"pages":[{"name":"…","url":"…","cookie":"…"}]}'
 */
import autocannon from 'autocannon';

interface Plan {
  seconds: number;
  connections: number;
  pages: { name: string; url: string; cookie?: string }[];
}

const plan = JSON.parse(process.argv[2]!) as Plan;
for (const page of plan.pages) {
  const options = {
    url: page.url,
    connections: plan.connections,
    headers: page.cookie ? { cookie: page.cookie } : {},
  };
  await autocannon({ ...options, duration: 2 });
  const result = await autocannon({ ...options, duration: plan.seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${page.name}: ${result.non2xx} answers other than 200, ${result.errors} errors`);
  console.log(
    JSON.stringify({
      name: page.name,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      bytes: result.throughput.average / Math.max(1, result.requests.average),
    }),
  );
}
