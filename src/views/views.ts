import path from 'node:path';
import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sourceDir } from '../paths.ts';
import * as filters from './filters.ts';

const here = path.join(sourceDir, 'views');
export const govukFrontendDist = path.join(
  path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist',
);

/**
 * GOV.UK Frontend's macros import each other by relative path on every call, and nunjucks
 * resolves the path each time before finding the compiled template in its cache: remembered
 * here, since the same few dozen pairs recur on every page.
 */
class TemplateLoader extends nunjucks.FileSystemLoader {
  private readonly resolved = new Map<string, string>();
  override resolve(from: string, to: string): string {
    const key = `${from}\n${to}`;
    let path = this.resolved.get(key);
    if (path === undefined) this.resolved.set(key, (path = super.resolve(from, to)));
    return path;
  }
}

/**
 * Templates are found by path from src/views (layout, partials, error pages), from
 * src/modules (so a module's page is "groups/views/group.njk") and from govuk-frontend.
 */
export function createViewEnvironment(watch = false): nunjucks.Environment {
  const loader = new TemplateLoader([here, path.join(here, '..', 'modules'), govukFrontendDist], {
    noCache: watch,
    watch,
  });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
  env.addFilter('label', filters.label);
  env.addFilter('formatDate', filters.formatDate);
  env.addFilter('formatDateTime', filters.formatDateTime);
  env.addFilter('isoDate', filters.isoDate);
  env.addFilter('isoTime', filters.isoTime);
  env.addFilter('fileSize', filters.fileSize);
  env.addGlobal('optionsFrom', filters.optionsFrom);
  // GOV.UK Frontend's macros trim every block they build; nunjucks's own trim is a regular
  // expression that rescans long runs of whitespace, and showed in every page's profile.
  env.addFilter('trim', (value: unknown) => {
    const trimmed = String(value).trim();
    return value instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(trimmed) : trimmed;
  });
  return env;
}

export const NAVIGATION = [
  { href: '/', text: 'Home' },
  { href: '/structure', text: 'Structure' },
  { href: '/groups', text: 'Groups' },
  { href: '/meetings', text: 'Meetings' },
  { href: '/organisations', text: 'Organisations' },
  { href: '/documents', text: 'Documents' },
  { href: '/plans', text: 'Plans' },
  { href: '/evidence', text: 'Evidence' },
  { href: '/tension', text: 'Tension' },
  { href: '/projects', text: 'Projects' },
  { href: '/training', text: 'Training' },
  { href: '/search', text: 'Search' },
];
const COORDINATOR_NAVIGATION = [{ href: '/events', text: 'Events' }];
const ADMIN_NAVIGATION = [
  { href: '/accounts', text: 'Accounts' },
  { href: '/audit-log', text: 'Audit log' },
  { href: '/admin/retention', text: 'Retention' },
  { href: '/admin/backups', text: 'Backups' },
];

export function registerViews(app: FastifyInstance, env: nunjucks.Environment): void {
  const pageHtml = async (reply: FastifyReply, template: string, context: Record<string, unknown>) => {
    const request = reply.request;
    const serviceName = await app.partnershipName();
    const user = request.user;
    const path = request.url.split('?')[0] ?? '/';
    const navigation = user
      ? [
          ...NAVIGATION,
          ...(user.role === 'administrator' || user.role === 'coordinator' ? COORDINATOR_NAVIGATION : []),
          ...(user.role === 'administrator' ? ADMIN_NAVIGATION : []),
        ].map((item) => ({
          ...item,
          active: item.href === '/' ? path === '/' : path.startsWith(item.href),
        }))
      : [];
    return env.render(template, {
      serviceName: serviceName ?? 'Prevent Partnership Hub',
      user,
      navigation,
      csrfToken: request.csrfToken,
      currentPath: path,
      ...context,
    });
  };
  app.decorateReply('pageHtml', function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    return pageHtml(this, template, context);
  });
  app.decorateReply(
    'page',
    async function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
      return this.type('text/html; charset=utf-8').send(await pageHtml(this, template, context));
    },
  );
}
