import { test } from 'node:test';
import assert from 'node:assert/strict';
import type os from 'node:os';
import { buildTestHub, signedIn, withPartnership, type TestHub } from '../../test/helpers.ts';
import { event } from '../../test/factories.ts';
import { lanAddresses, startupAddresses } from './join-address.ts';

const v4 = (address: string, internal = false) =>
  ({
    address,
    family: 'IPv4',
    internal,
    netmask: '255.255.255.0',
    mac: '00:00:00:00:00:00',
    cidr: null,
  }) as os.NetworkInterfaceInfo;
const v6 = (address: string) =>
  ({
    address,
    family: 'IPv6',
    internal: false,
    netmask: 'ffff::',
    mac: '00:00:00:00:00:00',
    cidr: null,
    scopeid: 0,
  }) as os.NetworkInterfaceInfo;

// A laptop at a venue: loopback, a container bridge, a link-local leftover, wired and Wi-Fi.
const LAPTOP = {
  lo: [v4('127.0.0.1', true)],
  docker0: [v4('172.17.0.1')],
  eth1: [v4('169.254.10.20')],
  eth0: [v4('10.20.0.7'), v6('fe80::1')],
  wlan0: [v4('192.168.1.5'), v6('fd00::5')],
};

test('network addresses: IPv4 only, no loopback or container bridges, the likeliest Wi-Fi address first', () => {
  assert.deepEqual(lanAddresses(LAPTOP), ['192.168.1.5', '10.20.0.7', '169.254.10.20']);
  assert.deepEqual(lanAddresses({ lo: [v4('127.0.0.1', true)] }), []);
});

test('start-up addresses: PUBLIC_URL, then the network, then this computer; one HOST is the only way in', () => {
  assert.deepEqual(startupAddresses({ host: '0.0.0.0' }, 3000, LAPTOP), [
    'http://192.168.1.5:3000',
    'http://10.20.0.7:3000',
    'http://169.254.10.20:3000',
    'http://localhost:3000',
  ]);
  assert.deepEqual(
    startupAddresses({ host: '0.0.0.0', publicUrl: 'https://hub.example.org' }, 3000, LAPTOP)[0],
    'https://hub.example.org',
  );
  assert.deepEqual(startupAddresses({ host: '127.0.0.1' }, 3000, LAPTOP), ['http://127.0.0.1:3000']);
  assert.deepEqual(startupAddresses({ host: '192.168.1.5' }, 8080, LAPTOP), ['http://192.168.1.5:8080']);
  assert.deepEqual(
    startupAddresses({ host: '0.0.0.0' }, 3000, { lo: [v4('127.0.0.1', true)] }),
    ['http://localhost:3000'],
    'no network: localhost only',
  );
});

/** The join link and QR code caption on the event page and the presenter screen, as opened at `host`. */
async function joinLinksShown(hub: TestHub, host: string, headers: Record<string, string> = {}) {
  const { browser, user } = await signedIn(hub, 'coordinator');
  const { id, joinCode } = await event(hub, user.accountId);
  const open = (url: string) =>
    hub.app.inject({ method: 'GET', url, headers: { cookie: browser.cookieHeader, host, ...headers } });
  const page = (await open(`/events/${id}`)).body;
  const presenter = (await open(`/events/${id}/present`)).body;
  return {
    joinCode,
    eventPage: /Link: <a class="govuk-link" href="([^"]+)"/.exec(page)?.[1],
    qrCaption: /QR code for ([^<"]+)/.exec(page)?.[1],
    others: [...(/id="other-join-links"[^>]*>[^]*?<\/p>/.exec(page)?.[0].matchAll(/href="([^"]+)"/g) ?? [])].map(
      (m) => m[1],
    ),
    presenter: /Join at <strong>([^<]+)<\/strong>/.exec(presenter)?.[1],
  };
}

test('opened at localhost, the event page and presenter screen offer this computer’s network addresses', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const shown = await joinLinksShown(hub, 'localhost:3000');
  // Only computed, never contacted: the test machine's own addresses, or localhost when it has none.
  const [first, ...others] = lanAddresses().map((address) => `http://${address}:3000/e/${shown.joinCode}`);
  const expected = first ?? `http://localhost:3000/e/${shown.joinCode}`;
  assert.equal(shown.eventPage, expected);
  assert.equal(shown.qrCaption, expected, 'the QR code carries the same link');
  assert.equal(shown.presenter, expected);
  assert.deepEqual(shown.others, others, 'the other addresses are offered too');
});

test('opened at a network address, that address is already the right one', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const shown = await joinLinksShown(hub, 'hub.test:3000');
  assert.equal(shown.eventPage, `http://hub.test:3000/e/${shown.joinCode}`);
  assert.equal(shown.presenter, `http://hub.test:3000/e/${shown.joinCode}`);
  assert.deepEqual(shown.others, []);
});

test('with PUBLIC_URL, the join link and QR code use it wherever the page was opened', async (t) => {
  const hub = await buildTestHub(t, { publicUrl: 'https://prevent.example.org/hub' });
  await withPartnership(hub);
  const shown = await joinLinksShown(hub, 'localhost:3000');
  assert.equal(shown.eventPage, `https://prevent.example.org/hub/e/${shown.joinCode}`);
  assert.equal(shown.qrCaption, shown.eventPage);
  assert.equal(shown.presenter, shown.eventPage);
});
