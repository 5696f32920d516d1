import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createUser } from '../helpers.ts';
import { group } from '../factories.ts';
import { barChart } from '../../src/views/charts.ts';
import { formSchema } from '../../src/views/forms.ts';
import type { LiveBlock } from '../../src/reports/paper.ts';
import { draftPaperFixture, FIXTURE_DRAFT } from '../../src/modules/papers/build.fixtures.ts';
import { LIVE_BLOCKS } from '../../src/modules/papers/papers.blocks.ts';
import {
  assertAccessible,
  launchBrowser,
  signIn,
  skipWithoutChromium,
  startPartnershipHub,
  watchConsole,
} from './browser.ts';

/*
 * A draft's preview in Chromium: accessible on screen (axe), its style sheet allowed by the
 * content security policy, and on paper (print media, then a real PDF) the marking at the top and
 * foot of every page with its page number.
 */

const Settings = formSchema({});
const referrals: LiveBlock<typeof Settings> = {
  key: 'test-referrals-chart',
  title: 'Test referrals',
  description: 'Referrals by sector with a chart',
  settings: Settings,
  build: async (ctx) => ({
    key: 'test-referrals-chart',
    heading: 'Referrals by sector',
    source: 'Home Office, Individuals referred to Prevent',
    asAt: ctx.asAt.toISOString().slice(0, 10),
    marking: 'OFFICIAL',
    parts: [
      { kind: 'sentence', text: 'Prevent referrals have risen by 20% to 7,318 in 2017/18.' },
      { kind: 'table', caption: 'Referrals by sector', head: ['Sector', 'Referrals'], rows: [['Education', '2,462']] },
      {
        kind: 'chart',
        caption: 'Referrals by sector (chart)',
        svg: barChart({
          kind: 'bar',
          id: 'referrals-by-sector',
          title: 'Referrals by sector',
          category: 'Sector',
          bars: [
            { label: 'Education', value: 2462 },
            { label: 'Police', value: 2364 },
          ],
        }),
        alt: 'Referrals by sector: education 2,462; police 2,364.',
      },
    ],
  }),
};

/** Each page's text of a PDF, or null where poppler-utils' pdftotext is not installed. */
async function pdfPages(pdf: Buffer): Promise<string[] | null> {
  const folder = await mkdtemp(path.join(tmpdir(), 'paper-preview-'));
  try {
    await writeFile(path.join(folder, 'paper.pdf'), pdf);
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', 'paper.pdf', '-'], { cwd: folder });
    return stdout.split('\f').filter((page) => page.trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

test(
  'a paper preview: accessible, and printed with the marking and page number on every page',
  { skip: skipWithoutChromium },
  async (t) => {
    LIVE_BLOCKS.push(referrals);
    t.after(() => void LIVE_BLOCKS.splice(LIVE_BLOCKS.indexOf(referrals), 1));
    const hub = await startPartnershipHub(t);
    const coordinator = await createUser(hub, 'coordinator');
    const board = await group(hub, 'monthly', 'Stockton Renaissance Partnership Board');
    const block = { kind: 'block' as const, key: referrals.key, settings: {} };
    const { paperId } = await draftPaperFixture(hub.database.db, {
      groupId: board.id,
      createdBy: coordinator.accountId,
      marking: 'OFFICIAL-SENSITIVE',
      draft: {
        ...FIXTURE_DRAFT,
        sections: { ...FIXTURE_DRAFT.sections, detail: { items: [block] } },
        appendices: [{ title: 'Referral figures', block: { key: referrals.key, settings: {} } }],
      },
    });
    const browser = await launchBrowser(t);
    const page = await signIn(browser, hub.url, coordinator.email);
    const problems = watchConsole(page);

    await page.goto(`${hub.url}/papers/${paperId}/preview`);
    await assertAccessible(page, { moderate: true });
    assert.equal(
      await page.getByRole('heading', { level: 1 }).textContent(),
      'Preventing violent extremism & counter terrorism',
    );
    assert.equal(
      await page.getByRole('img', { name: 'Referrals by sector: education 2,462; police 2,364.' }).count(),
      2,
    );
    assert.ok(await page.locator('header.marking').isVisible(), 'the marking shows at the top of the screen');
    assert.notEqual(
      await page.evaluate(() => getComputedStyle(document.body).fontFamily),
      '',
      'the style sheet applies',
    );

    // On paper the marking moves into the page's margin boxes, with the page number.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.marking').isVisible(), false);
    const pageRules = await page.evaluate(() =>
      [...document.styleSheets]
        .flatMap((sheet) => [...sheet.cssRules])
        .filter((rule) => rule instanceof CSSPageRule)
        .map((rule) => rule.cssText)
        .join('\n'),
    );
    assert.match(pageRules, /@top-center \{ content: "OFFICIAL-SENSITIVE"; \}/);
    assert.match(pageRules, /@bottom-center \{ content: "OFFICIAL-SENSITIVE"; \}/);
    assert.match(pageRules, /@bottom-right \{[^}]*content: "Page " counter\(page\) " of " counter\(pages\)/);
    assert.match(pageRules, /size: a4/i);

    const pages = await pdfPages(await page.pdf({ preferCSSPageSize: true }));
    if (!pages) t.diagnostic('pdftotext (poppler-utils) is not installed: the PDF pages were not read');
    else {
      assert.ok(pages.length >= 2, 'the appendix starts a page of its own');
      pages.forEach((text, i) => {
        const lines = text
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean);
        assert.equal(lines[0], 'OFFICIAL-SENSITIVE', `page ${i + 1} has the marking at its top`);
        const foot = lines.slice(-2).join(' ');
        assert.match(foot, /OFFICIAL-SENSITIVE/, `page ${i + 1} has the marking at its foot`);
        assert.match(foot, new RegExp(`Page ${i + 1} of ${pages.length}`));
      });
      assert.match(pages.at(-1)!, /Appendix A – Referral figures/);
    }
    assert.deepEqual(problems, []);
  },
);
