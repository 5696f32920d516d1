import type { CurrentUser } from './auth/sessions.ts';
import type { Role } from './modules/accounts/accounts.tables.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { RouteEntry } from './auth/guard.ts';
import type { RouteInput } from './plugins/input.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answers without signing in. Must also be listed in src/auth/public-routes.ts. */
    public?: boolean;
    /** Only these roles may use the route. */
    roles?: Role[];
    /** Accepts multipart/form-data (file uploads) instead of an ordinary form. */
    upload?: boolean;
  }
  interface FastifyRequest {
    user: CurrentUser | null;
    /** The cookie value identifying this browser: the session token, or a pre-session token. */
    browserToken: string;
    csrfToken: string;
  }
  interface FastifyReply {
    /** Render a Nunjucks page with the layout's globals. */
    page(template: string, context?: Record<string, unknown>): Promise<FastifyReply>;
    /** The same page as HTML, not sent: for a page shared by many requests (see delegate.routes.ts). */
    pageHtml(template: string, context?: Record<string, unknown>): Promise<string>;
    /** Mark the response OFFICIAL-SENSITIVE: never cached anywhere. */
    sensitive(): FastifyReply;
  }
  interface FastifyInstance {
    /** Every route registered, with whether it is public: reviewed by test/access.test.ts. */
    routeTable: RouteEntry[];
    /** Every route's input schemas, as validated: exercised by test/fuzz.test.ts and test/mass-assignment.test.ts. */
    routeInputs: RouteInput[];
    db: Database;
    config: Config;
    /** The partnership's name, or null before setup. */
    partnershipName(): Promise<string | null>;
    setPartnershipName(name: string): void;
  }
}
