import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { DrizzleQueryError } from 'drizzle-orm';
import { FormError, HubError } from '../errors.ts';

/*
 * What the Hub's log may hold. Delegates are told "we do not store your IP address", and the
 * access log is not an audit trail (the audit log is), so for every request, staff or delegate,
 * the log keeps the method, the route's pattern (`/e/:code/items/:itemId/vote`, never the code or
 * the ids), the status and the time taken: no address, port, host, user agent, URL or query.
 * Errors keep their kind, code, SQL text and stack, never the values in them (SQL parameters,
 * Postgres' detail, quoted values in messages): a delegate's question must not reach the log
 * because saving it failed.
 */

type LoggerOption = FastifyServerOptions['logger'];

/** The logger options and access log for `Fastify({...})`: the Hub's one logging rule. */
export function hubLogging(logger: LoggerOption): Pick<FastifyServerOptions, 'logger' | 'logController'> {
  if (!logger) return { logger: false };
  const options = logger === true ? {} : logger;
  return {
    logger: { ...options, serializers: { ...options.serializers, ...SERIALIZERS } },
    logController: new AccessLog(),
  };
}

/** The route's pattern as registered, or nothing for a URL no route matched. */
function routeOf(request: FastifyRequest): string | undefined {
  return request.routeOptions?.url;
}

const SERIALIZERS = {
  req: (request: FastifyRequest) => ({ method: request.method, route: routeOf(request) }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
  err: loggedError,
  error: loggedError,
};

/**
 * One line per request, when it ends (Fastify's "incoming request" line moves to debug).
 * Not-found URLs are not echoed: a mistyped join code is still a join code.
 */
class AccessLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, res: reply, responseTime: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }

  override routeNotFound(request: FastifyRequest): void {
    request.log.info({ req: request }, 'no route for this URL');
  }
}

export type LoggedError = {
  type: string;
  message: string;
  stack: string;
  code?: string;
  statusCode?: number;
  /** The SQL that failed, with its placeholders ($1…) and without quoted literals. */
  query?: string;
  /** Postgres' description of where it failed: names from the schema, never values. */
  severity?: string;
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
  dataType?: string;
  routine?: string;
  cause?: LoggedError;
};

// Allowlisted: anything else on an error (params, detail, where, hint, internalQuery, a body,
// Ajv's validation data…) may hold what someone typed.
const SCHEMA_FIELDS = ['severity', 'schema', 'table', 'column', 'constraint', 'dataType', 'routine'] as const;
const MAX_CAUSES = 3;
const MAX_MESSAGE = 500;

/** An error as the log may keep it: see the note at the top of this file. */
export function loggedError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error))
    return { type: typeof error, message: 'a thrown value that is not an Error', stack: '' };
  const source = error as Error & Record<string, unknown>;
  const type = error.constructor?.name || error.name || 'Error';
  const message = error instanceof DrizzleQueryError ? 'Failed query' : withoutValues(error.message);
  const logged: LoggedError = { type, message, stack: framesOf(error.stack, `${type}: ${message}`) };
  if (typeof source.code === 'string') logged.code = source.code;
  else if (error instanceof HubError) logged.code = error.id;
  if (typeof source.statusCode === 'number') logged.statusCode = source.statusCode;
  if (error instanceof DrizzleQueryError) logged.query = sqlWithoutLiterals(error.query);
  for (const field of SCHEMA_FIELDS) if (typeof source[field] === 'string') logged[field] = source[field];
  if (error.cause !== undefined && depth < MAX_CAUSES) logged.cause = loggedError(error.cause, depth + 1);
  return logged;
}

/**
 * A message without the values it quotes. Postgres quotes the offending value
 * (`invalid input syntax for type integer: "abc"`, `value "2147483648" is out of range`), Drizzle
 * appends "params: …", and our own messages may quote what someone typed. Apostrophes inside
 * words ("don't") are not quotes.
 */
export function withoutValues(message: string): string {
  return message
    .split(/\n\s*params:/)[0]!
    .replace(/(?<![\p{L}\p{N}])(["'`])(?:(?!\1)[^\\]|\\.)*\1(?![\p{L}\p{N}])/gsu, '$1…$1')
    .replace(/“[^”]*”/g, '“…”')
    .replace(/‘[^’]*’/g, '‘…’')
    .slice(0, MAX_MESSAGE);
}

/** SQL text keeps its shape and names (double-quoted identifiers) but not its string literals. */
export function sqlWithoutLiterals(query: string): string {
  return query.replace(/'(?:[^']|'')*'/g, "'…'");
}

/** The stack's frames under a first line we wrote: V8 repeats the whole message on its first line. */
function framesOf(stack: string | undefined, firstLine: string): string {
  const frames = (stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return [firstLine, ...frames].join('\n');
}

/**
 * What a refused request (4xx) logs. The Hub's own refusals by their kind only: their words may
 * name what was typed or stored. Fastify's (validation, media type) by their message, which names
 * the field and the rule, without quoted values.
 */
export function refusal(
  status: number,
  error: Error,
): { status: number; code?: string; field?: string; reason?: string } {
  if (error instanceof FormError) return { status, code: error.id, field: error.field };
  if (error instanceof HubError) return { status, code: error.id };
  const code = (error as { code?: unknown }).code;
  return { status, code: typeof code === 'string' ? code : undefined, reason: withoutValues(error.message) };
}
