import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HubError } from '../errors.ts';
import { refusal } from './logging.ts';

const PAGES: Record<number, string> = {
  400: 'errors/bad-request.njk',
  401: 'errors/signed-out.njk',
  403: 'errors/forbidden.njk',
  404: 'errors/not-found.njk',
  413: 'errors/bad-request.njk',
  415: 'errors/bad-request.njk',
};

/** One error handler: typed errors get their page; anything unexpected a 500 that leaks nothing. */
export function registerErrorPages(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    // Unknown URLs look the same signed in or out, so they reveal nothing about what exists.
    return reply.code(404).page('errors/not-found.njk');
  });

  app.setErrorHandler((error: FastifyError | HubError, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      // The logger's `err` serializer keeps the error's kind, code and SQL text, never its values.
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).page('errors/server-error.njk');
    }
    request.log.info(refusal(status, error), 'request refused');
    const message = error instanceof HubError || status !== 400 ? error.message : 'The request could not be read.';
    return reply.code(status).page(PAGES[status] ?? 'errors/bad-request.njk', { message });
  });
}
