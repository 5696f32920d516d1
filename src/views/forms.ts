import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { Type } from 'typebox';
import { FormError, NotFoundError } from '../errors.ts';

/** GOV.UK error summary and per-field messages, as the govuk* macros want them. */
export interface FormErrors {
  summary: { text: string; href: string }[];
  fields: Record<string, { text: string }>;
}

interface FieldSchema {
  title?: string;
  errorMessage?: string;
  maxLength?: number;
  maxItems?: number;
}

/** The largest id the database's integer columns hold: a bigger one names nothing, and must not reach SQL. */
export const MAX_ID = 2_147_483_647;

/**
 * Text the database can store: PostgreSQL refuses the NUL character in text with an error, so
 * every string the Hub reads carries this pattern (src/plugins/input.ts adds it to each route).
 */
export const NO_NUL = '^[^\\u0000]*$';

/** A record's id, in a path, a filter or a form: a whole number the database can hold. */
export const Id = (options: { title?: string; errorMessage?: string } = {}) =>
  Type.Integer({ ...options, minimum: 1, maximum: MAX_ID });

/**
 * An id as a re-shown form holds it (what the user sent, not yet valid): a number only if it is
 * one the database could hold, so a bad value is never carried into a query.
 */
export function asId(value: unknown): number | undefined {
  const id = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(id) && id >= 1 && id <= MAX_ID ? id : undefined;
}

/** The ids a set of checkboxes sent, keeping only real ones. */
export const asIds = (value: unknown): number[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .map(asId)
    .filter((id): id is number => id !== undefined);

/** Path parameters that are all ids: `idParams('eventId', 'itemId')`. */
export function idParams<const K extends string>(...names: K[]) {
  return Type.Object(Object.fromEntries(names.map((name) => [name, Id()])) as { [P in K]: ReturnType<typeof Id> });
}

/** A filter's querystring: parameters it does not name are dropped, never passed on. */
export function querySchema<T extends Record<string, TSchema>>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}

/*
 * Form fields carry their own words: `title` names the field, `errorMessage` says what to do
 * when the value is missing or wrong. One schema then validates the route and writes its messages.
 */
export const field = {
  text: (title: string, errorMessage: string, maxLength = 200) =>
    Type.String({ title, errorMessage, minLength: 1, maxLength }),
  optionalText: (title: string, maxLength = 2000) => Type.Optional(Type.String({ title, maxLength })),
  choice: <const T extends readonly string[]>(title: string, errorMessage: string, values: T) =>
    Type.Enum([...values] as T[number][], { title, errorMessage }),
  date: (title: string, errorMessage: string) => Type.String({ title, errorMessage, format: 'date' }),
  optionalDate: (title: string, errorMessage: string) =>
    Type.Optional(Type.String({ title, errorMessage, format: 'date' })),
  time: (title: string, errorMessage: string) =>
    Type.String({ title, errorMessage, pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
  id: (title: string, errorMessage: string) => Id({ title, errorMessage }),
  optionalId: (title: string, errorMessage: string) => Type.Optional(Id({ title, errorMessage })),
  ids: (title: string, errorMessage: string) => Type.Optional(Type.Array(Id(), { title, errorMessage, maxItems: 500 })),
  email: (title: string, errorMessage: string) => Type.String({ title, errorMessage, format: 'email', maxLength: 254 }),
  csrf: () => Type.String({ maxLength: 100 }),
};

/**
 * A form body schema: the CSRF token plus the form's own fields, and nothing else. Closed, so
 * Ajv (`removeAdditional`) drops any field the form does not have before a service sees the body.
 */
export function formSchema<T extends Record<string, TSchema>>(properties: T) {
  return Type.Object({ _csrf: field.csrf(), ...properties }, { additionalProperties: false });
}

function fieldName(error: FastifySchemaValidationError): string {
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  if (missing) return missing;
  return error.instancePath.split('/')[1] ?? '';
}

function message(name: string, error: FastifySchemaValidationError, schema: TSchema): string {
  const property = (schema as { properties?: Record<string, FieldSchema> }).properties?.[name] ?? {};
  const title = property.title ?? name;
  if (error.keyword === 'pattern' && (error.params as { pattern?: string }).pattern === NO_NUL) {
    return `${title} must not contain the null character`;
  }
  if (error.keyword === 'maxLength' && property.maxLength) {
    return `${title} must be ${property.maxLength} characters or fewer`;
  }
  return property.errorMessage ?? `Check ${title.toLowerCase()}`;
}

/** Turn Ajv's errors into GOV.UK ones: the first problem with each field, in form order. */
export function formErrors(
  validation: { validation?: FastifySchemaValidationError[] } | Error | undefined,
  schema: TSchema,
): FormErrors {
  const errors: FormErrors = { summary: [], fields: {} };
  const list = (validation as { validation?: FastifySchemaValidationError[] })?.validation ?? [];
  for (const error of list) {
    const name = fieldName(error);
    if (!name || errors.fields[name] || name === '_csrf') continue;
    errors.fields[name] = { text: message(name, error, schema) };
  }
  const order = Object.keys((schema as { properties?: object }).properties ?? {});
  for (const name of order) {
    const entry = errors.fields[name];
    if (entry) errors.summary.push({ text: entry.text, href: `#${name}` });
  }
  return errors;
}

export function formErrorsFrom(error: FormError): FormErrors {
  return {
    summary: [{ text: error.message, href: `#${error.field}` }],
    fields: { [error.field]: { text: error.message } },
  };
}

/**
 * Empty inputs arrive as "" from a form; they mean "not given". Dropping them lets optional
 * fields stay optional and required ones report "missing" rather than "too short".
 */
export function dropEmptyFields(body: unknown): void {
  if (!body || typeof body !== 'object') return;
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() === '') delete record[key];
    else if (typeof value === 'string' && !/password/i.test(key)) record[key] = value.trim();
  }
}

/** Select items from records; `selected` compared as numbers, since a re-shown form may hold strings. */
export const selectItems = (options: { id: number; name: string }[], selected: unknown, blank: string) => [
  { value: '', text: blank },
  ...options.map((o) => ({ value: o.id, text: o.name, selected: Number(selected) === o.id })),
];

/** One message on one field, as the form loop shows it. */
export function fieldError(field: string, text: string): FormErrors {
  return formErrorsFrom(new FormError(field, text));
}

/**
 * The problems with what the user sent (the body, or the querystring of a filter form), or none.
 * A bad id in the path is not a form problem: it names nothing, so it is a missing page.
 */
export function inputErrors(
  request: FastifyRequest,
  schema: TSchema,
  context: 'body' | 'querystring' = 'body',
): FormErrors | undefined {
  const error = request.validationError as (Error & { validationContext?: string }) | undefined;
  if (!error) return undefined;
  if (error.validationContext !== context) throw new NotFoundError();
  return formErrors(error, schema);
}

/** What a form sent: its values, typed by its schema, or the errors to show beside what the user typed. */
export type FormInput<T extends TSchema> =
  { ok: true; values: Static<T> } | { ok: false; values: Record<string, unknown>; errors: FormErrors };

/**
 * The one way a route reads a form (or a filter form's querystring) validated with
 * `attachValidation: true`: the values when they pass the schema, else the GOV.UK errors.
 *
 *   const form = readForm(request, GroupForm);
 *   if (!form.ok) return renderForm(reply, { values: form.values, errors: form.errors });
 *   const errors = await formErrorsOf(() => service.createGroup(app.db, user, form.values));
 */
export function readForm<T extends TSchema>(
  request: FastifyRequest,
  schema: T,
  context: 'body' | 'querystring' = 'body',
): FormInput<T> {
  const sent = (context === 'body' ? request.body : request.query) ?? {};
  const errors = inputErrors(request, schema, context);
  if (errors) return { ok: false, values: sent as Record<string, unknown>, errors };
  return { ok: true, values: sent as Static<T> };
}

/** Runs a service call; a FormError it throws becomes the page's errors, anything else carries on up. */
export async function formErrorsOf(work: () => Promise<unknown>): Promise<FormErrors | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    if (error instanceof FormError) return formErrorsFrom(error);
    throw error;
  }
}
