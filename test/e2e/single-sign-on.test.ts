import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../helpers.ts';
import { serviceUser } from '../factories.ts';
import { startTestProvider } from '../oidc-provider.ts';
import { saveSettings } from '../../src/modules/accounts/single-sign-on.service.ts';
import { assertAccessible, launchBrowser, skipWithoutChromium, startPartnershipHub, watchConsole } from './browser.ts';

/*
 * A member clicks "Sign in with …" on the Hub's sign-in page, signs in on the identity provider's
 * own page, and lands in the Hub signed in; a person the Hub does not know is turned away with a
 * page that says why. axe-core finds no serious problem on the Hub's pages.
 */
test(
  'single sign-on: click the button, sign in at the provider, land in the Hub',
  { skip: skipWithoutChromium },
  async (t) => {
    const hub = await startPartnershipHub(t);
    // The Hub's own address is its public one here: the provider sends the browser back to it.
    hub.config.publicUrl = hub.url;
    const provider = await startTestProvider(`${hub.url}/sign-in/single-sign-on/callback`);
    t.after(() => provider.close());
    await saveSettings(hub.database.db, hub.config, await serviceUser(hub, 'administrator'), {
      name: 'Cleveland Police',
      issuer: provider.issuer,
      clientId: provider.hub.clientId,
      clientSecret: provider.hub.clientSecret,
      trustProviderMfa: false,
      accountDomains: [],
    });
    const member = await createUser(hub, 'member', 'Sam Okafor');
    provider.accounts.set(member.email, { email: member.email, emailVerified: true, amr: ['pwd'] });
    provider.accounts.set('unknown@police.example', { email: 'unknown@police.example', emailVerified: true });

    const browser = await launchBrowser(t);
    const page = await (await browser.newContext()).newPage();
    const problems = watchConsole(page);
    await page.goto(`${hub.url}/sign-in`);
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Sign in with Cleveland Police' }).click();
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    await page.getByLabel('Email address').fill(member.email);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${hub.url}/`);
    assert.match((await page.textContent('body')) ?? '', /Sam Okafor/);
    await assertAccessible(page);

    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(`${hub.url}/sign-in`);
    await stranger.getByRole('button', { name: 'Sign in with Cleveland Police' }).click();
    await stranger.waitForURL((url) => url.href.startsWith(provider.issuer));
    await stranger.getByLabel('Email address').fill('unknown@police.example');
    await stranger.getByRole('button', { name: 'Sign in' }).click();
    await stranger.waitForURL((url) => url.pathname === '/sign-in/single-sign-on/callback');
    assert.match((await stranger.textContent('main')) ?? '', /There is no account in the Hub/);
    await assertAccessible(stranger);
    assert.deepEqual(problems, []);
  },
);
