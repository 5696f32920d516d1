import os from 'node:os';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { servedOverHttps } from '../plugins/security.ts';

type Interfaces = ReturnType<typeof os.networkInterfaces>;
/** Never empty: the first is the one to show. */
type Addresses = [string, ...string[]];

// Bridges to containers and virtual machines on this computer: no phone in the room can reach them.
const VIRTUAL_INTERFACE = /^(docker|br-|veth|virbr|vmnet|vboxnet|cni|flannel|podman|lxc|lxd)/;

/** Home and venue Wi-Fi hand out 192.168.x.x and 10.x.x.x first; link-local (169.254) means no network. */
function likelihood(address: string): number {
  if (address.startsWith('192.168.')) return 0;
  if (address.startsWith('10.')) return 1;
  if (/^172\.(1[6-9]|2\d|3[01])\./.test(address)) return 2;
  if (address.startsWith('169.254.')) return 4;
  return 3;
}

/** This computer's IPv4 addresses on its networks, the likeliest to reach from a phone first. */
export function lanAddresses(interfaces: Interfaces = os.networkInterfaces()): string[] {
  const found: string[] = [];
  for (const [name, addresses] of Object.entries(interfaces)) {
    if (VIRTUAL_INTERFACE.test(name)) continue;
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) found.push(address.address);
    }
  }
  return found.sort((a, b) => likelihood(a) - likelihood(b));
}

/** Names that only ever mean this computer. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(name) || name === '::1';
}

/** The Hub's own address for links people copy elsewhere: PUBLIC_URL, or the address this request came in by. */
export function hubBaseUrl(request: FastifyRequest): string {
  const { publicUrl } = request.server.config;
  if (publicUrl) return publicUrl;
  return `${servedOverHttps(request) ? 'https' : request.protocol}://${request.host}`;
}

/**
 * Where delegates' phones can open the Hub, best first. PUBLIC_URL when set; otherwise the address
 * the page was opened at, unless that was localhost (the coordinator's own laptop): then this
 * computer's network addresses, on the same port, as development servers print them.
 */
export function joinBaseUrls(request: FastifyRequest, interfaces?: Interfaces): Addresses {
  const own = hubBaseUrl(request);
  if (request.server.config.publicUrl || !isLoopbackHost(request.hostname)) return [own];
  const port = request.port ? `:${request.port}` : '';
  const [first, ...others] = lanAddresses(interfaces).map((address) => `${request.protocol}://${address}${port}`);
  return first ? [first, ...others] : [own];
}

/** The join links for an event's code, best first (the QR code carries the first). */
export function joinLinks(request: FastifyRequest, code: string, interfaces?: Interfaces): Addresses {
  const [first, ...others] = joinBaseUrls(request, interfaces);
  return [`${first}/e/${code}`, ...others.map((base) => `${base}/e/${code}`)];
}

/**
 * What `npm start` and `npm run demo` print, best first: PUBLIC_URL when set, then the addresses
 * other machines reach this one at, then this computer's own. Listening on one address (HOST),
 * that address is the only way in.
 */
export function startupAddresses(
  config: Pick<Config, 'publicUrl' | 'host'>,
  port: number,
  interfaces?: Interfaces,
): Addresses {
  const everywhere = ['0.0.0.0', '::', ''].includes(config.host);
  const url = (address: string) => `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  const onThisComputer = url(everywhere ? 'localhost' : config.host);
  const onNetwork = everywhere ? lanAddresses(interfaces).map(url) : [];
  return [...new Set([...(config.publicUrl ? [config.publicUrl] : []), ...onNetwork, onThisComputer])] as Addresses;
}
