import type { FastifyInstance, FastifySchemaValidationError } from 'fastify';
import { NotFoundError } from '../errors.ts';
import { MAX_ID, NO_NUL } from '../views/forms.ts';

type Schema = Record<string, unknown>;

/*
 * Rules every route's input obeys, applied here once rather than remembered in each schema:
 * - no string holds the NUL character (PostgreSQL refuses it in text, which was a 500);
 * - no integer is bigger than the database's integer columns (out of range was a 500, and one
 *   such vote failed every vote written in the same statement), nor written as "1e400";
 * - a body or querystring carries only the fields its schema names (Ajv's `removeAdditional`
 *   drops the rest), so no hidden field reaches a service.
 * Schemas normally say so themselves (`formSchema`, `querySchema`, `Id`); this makes sure a new
 * route that forgets cannot reopen the door.
 */
export function registerInputRules(app: FastifyInstance): void {
  const inputs: RouteInput[] = [];
  app.decorate('routeInputs', inputs);
  app.addHook('onRoute', (route) => {
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    for (const part of ['params', 'querystring', 'body'] as const) {
      if (schema[part]) schema[part] = bounded(schema[part] as Schema, part !== 'params');
    }
    if (route.schema) route.schemaErrorFormatter ??= validationError;
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      inputs.push({
        method,
        url: route.url,
        upload: Boolean(route.config?.upload),
        params: schema.params as Schema,
        querystring: schema.querystring as Schema,
        body: schema.body as Schema,
      });
    }
  });
}

/** What one route reads, as validated: the fuzz and mass-assignment tests post to each. */
export interface RouteInput {
  method: string;
  url: string;
  upload: boolean;
  params?: Schema;
  querystring?: Schema;
  body?: Schema;
}

/** A path that does not parse (`/groups/2147483648`, `/groups/x`) names nothing: a missing page, as for an unknown URL. */
function validationError(errors: FastifySchemaValidationError[], context: string): Error {
  if (context === 'params') return new NotFoundError();
  return new Error(errors.map((error) => `${context}${error.instancePath} ${error.message}`).join(', '));
}

/**
 * Form values arrive as text, and Ajv's coercion takes "1e400" or "Infinity" for an integer
 * (Infinity) without its minimum or maximum ever failing; that reached SQL. So the text must
 * first look like a whole number, then the number must be in range.
 */
const WHOLE_NUMBER_TEXT = '^\\s*[-+]?[0-9]+(\\.0*)?\\s*$';
function wholeNumber(schema: Schema): Schema {
  return {
    allOf: [
      { type: 'string', pattern: WHOLE_NUMBER_TEXT },
      { ...schema, maximum: schema.maximum ?? MAX_ID },
    ],
  };
}

/** A copy of the schema with the rules applied, all the way down. */
export function bounded(schema: Schema, closeObject = false): Schema {
  const out: Schema = { ...schema };
  if (out.type === 'string' && out.pattern === undefined && out.enum === undefined && out.const === undefined)
    out.pattern = NO_NUL;
  if (out.type === 'integer') return wholeNumber(out);
  if (out.type === 'object' && out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, Schema>).map(([name, value]) => [name, bounded(value)]),
    );
    // Only the top: the parts of a multipart body are objects whose other keys the upload needs.
    if (closeObject && out.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (out.items && typeof out.items === 'object') out.items = bounded(out.items as Schema);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(out[key])) out[key] = (out[key] as Schema[]).map((s) => bounded(s, closeObject));
  }
  return out;
}
