import type { FastifySchemaValidationError } from 'fastify';
import type { Static, TObject, TSchema } from 'typebox';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { field, formErrors, formSchema, type FormInput, Id, querySchema } from '../../views/forms.ts';
import { AUDIENCES, MARKINGS } from './documents.tables.ts';

const FIELDS = {
  title: field.text('Title', 'Enter a title', 200),
  description: field.optionalText('Description', 5000),
  marking: Type.Optional(field.choice('Protective marking', 'Select a protective marking', MARKINGS)),
  audience: Type.Optional(field.choice('Who may see it', 'Select who may see it', AUDIENCES)),
  audienceGroupIds: field.ids('Groups who may see it', 'Select the groups who may see it'),
  // The number of people shown beside the box: an OFFICIAL-SENSITIVE paper for everyone signed in.
  confirmEveryone: Type.Optional(
    Type.Integer({
      title: 'Confirm',
      errorMessage: 'Confirm who may see it, or choose named groups',
      minimum: 0,
      maximum: 1_000_000,
    }),
  ),
};

/** What the "add a document" form sends, once multipart fields are turned into plain values. */
export const NewDocumentForm = formSchema({
  ...FIELDS,
  groupId: field.optionalId('Library group', 'Select a group'),
  meetingId: field.optionalId('Meeting', 'Select a meeting'),
  areaId: field.optionalId('Area', 'Select an area'),
  expectedOn: field.optionalDate('Expected date', 'Expected date must be a real date, like 2009-06-05'),
});
export type NewDocumentValues = Static<typeof NewDocumentForm>;

export const EditDocumentForm = formSchema(FIELDS);
export type EditDocumentValues = Static<typeof EditDocumentForm>;

/** A new version carries nothing but the file (and the CSRF token). */
export const NewVersionForm = formSchema({});

/** The file input's name in every upload form. */
export const FILE_FIELD = 'file';

/*
 * Multipart bodies arrive as { value } objects (one, or an array for repeated names) and the
 * file as a multipart file object. The route schema checks only that shape; the values are
 * then taken out and checked against the plain form schema by `readMultipart`, so the same
 * field words produce the same GOV.UK messages as an ordinary form.
 */
const Part = Type.Object({ value: Type.String() });
const FilePart = Type.Object({ type: Type.String() });

export function multipartBody(schema: TObject, withFile: boolean) {
  const properties: Record<string, TSchema> = {};
  for (const name of Object.keys(schema.properties)) {
    properties[name] = Type.Optional(Type.Union([Part, Type.Array(Part, { maxItems: 500 })]));
  }
  if (withFile) properties[FILE_FIELD] = Type.Optional(Type.Union([FilePart, Part]));
  return Type.Object(properties, { additionalProperties: false });
}

const isArraySchema = (schema: unknown) => (schema as { type?: string }).type === 'array';

function partValues(raw: unknown): string[] {
  const parts = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return parts
    .map((part) => (part as { value?: unknown }).value)
    .filter((value): value is string => typeof value === 'string')
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** Multipart fields to a plain object: trimmed, empty ones dropped (as dropEmptyFields does for forms). */
export function multipartFields(body: unknown, schema: TObject): Record<string, unknown> {
  const record = (body ?? {}) as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    if (name === '_csrf') continue;
    const found = partValues(record[name]);
    if (isArraySchema(property)) {
      if (found.length) values[name] = found;
    } else if (found[0] !== undefined) {
      values[name] = found[0];
    }
  }
  return values;
}

/** TypeBox reports all missing properties in one error; Ajv (and formErrors) one per property. */
function asAjvErrors(schema: TObject, value: unknown): FastifySchemaValidationError[] {
  const list: FastifySchemaValidationError[] = [];
  for (const error of Value.Errors(schema, value)) {
    const missing = (error.params as { requiredProperties?: string[] }).requiredProperties;
    if (error.keyword === 'required' && missing) {
      for (const name of missing) list.push({ ...error, params: { missingProperty: name } });
    } else {
      list.push(error);
    }
  }
  return list;
}

/**
 * Read a multipart form: its plain values (numbers converted) and, when they do not fit the
 * schema, GOV.UK errors in the same shape as formErrors gives for an ordinary form.
 */
export function readMultipart<T extends TObject>(body: unknown, schema: T): FormInput<T> {
  const values = Value.Convert(schema, multipartFields(body, schema)) as Record<string, unknown>;
  const checked = { _csrf: '', ...values };
  if (Value.Check(schema, checked)) return { ok: true, values: checked };
  return { ok: false, values, errors: formErrors({ validation: asAjvErrors(schema, checked) }, schema) };
}

export interface UploadedFile {
  filename: string;
  contentType: string;
  content: Buffer;
  /** The upload went past the size limit and was cut short. */
  truncated: boolean;
}

/** The uploaded file, or undefined when the file input was left empty. */
export async function readUploadedFile(body: unknown): Promise<UploadedFile | undefined> {
  const part = (body as Record<string, unknown> | undefined)?.[FILE_FIELD] as
    | {
        type?: string;
        filename?: string;
        mimetype?: string;
        toBuffer?: () => Promise<Buffer>;
        file?: { truncated?: boolean };
      }
    | undefined;
  if (!part || part.type !== 'file' || typeof part.toBuffer !== 'function') return undefined;
  const content = await part.toBuffer();
  // A browser sends an empty, unnamed part for a file input left empty.
  if (!part.filename && content.length === 0) return undefined;
  return {
    filename: part.filename ?? '',
    contentType: part.mimetype ?? '',
    content,
    truncated: Boolean(part.file?.truncated),
  };
}

export const DocumentParams = Type.Object({ documentId: Id() });
export const FileParams = Type.Object({ documentId: Id(), fileId: Id() });

// Selects left on "any" arrive empty and are dropped app-wide before validation.
export const LibraryQuery = querySchema({
  groupId: Type.Optional(Id()),
  areaId: Type.Optional(Id()),
  marking: Type.Optional(Type.Enum([...MARKINGS])),
  expected: Type.Optional(Type.Boolean()),
});

/** "Add a document" from a group's library or a meeting's page preselects them. */
export const NewDocumentQuery = querySchema({
  groupId: Type.Optional(Id()),
  meetingId: Type.Optional(Id()),
});
