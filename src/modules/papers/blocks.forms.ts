import type { TObject, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { AnyLiveBlock, BlockChoice, BlockContext } from '../../reports/paper.ts';
import type { FormErrors } from '../../views/forms.ts';
import { SETTING_PREFIX } from './papers.forms.ts';

/*
 * A live block's settings form, built from the block's own `settings` schema and `choices`: a
 * select where the block offers choices or the schema lists values, a date field for a date,
 * text otherwise. The values are posted as `setting_<name>` and stored with the draft as text.
 */

interface PropertySchema {
  title?: string;
  errorMessage?: string;
  format?: string;
  enum?: unknown[];
}

export interface SettingField {
  name: string;
  id: string;
  title: string;
  optional: boolean;
  kind: 'select' | 'date' | 'text';
  items: { value: string; text: string; selected: boolean }[];
}

/** A block's settings schema (the list of blocks holds them untyped). */
const settingsOf = (block: AnyLiveBlock): TObject & { required?: string[] } => block.settings as TObject;

const propertiesOf = (schema: TObject) =>
  Object.entries(schema.properties as Record<string, TSchema & PropertySchema>).filter(([name]) => name !== '_csrf');

/** The fields of a block's settings form, with what the author chose (or typed) so far. */
export async function settingFields(
  block: AnyLiveBlock,
  ctx: BlockContext,
  values: Record<string, string>,
): Promise<SettingField[]> {
  const choices = (await block.choices?.(ctx)) ?? {};
  const required = new Set(settingsOf(block).required ?? []);
  return propertiesOf(settingsOf(block)).map(([name, schema]) => {
    const options: BlockChoice[] | undefined =
      choices[name] ?? schema.enum?.map((value) => ({ value: String(value), text: String(value) }));
    const optional = !required.has(name);
    return {
      name,
      id: `${SETTING_PREFIX}${name}`,
      title: `${schema.title ?? name}${optional ? ' (optional)' : ''}`,
      optional,
      kind: options ? 'select' : schema.format === 'date' ? 'date' : 'text',
      items: [
        ...(options && optional ? [{ value: '', text: 'None', selected: !values[name] }] : []),
        ...(options ?? []).map((o) => ({ value: o.value, text: o.text, selected: values[name] === o.value })),
      ],
    };
  });
}

/** The settings as posted (`setting_<name>`), empty ones left out. */
export function postedSettings(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body).flatMap(([key, value]) =>
      key.startsWith(SETTING_PREFIX) && typeof value === 'string' && value.trim()
        ? [[key.slice(SETTING_PREFIX.length), value.trim()]]
        : [],
    ),
  );
}

/** The problems with the settings, worded from the block's schema, or none; a choice must be one offered. */
export async function settingErrors(
  block: AnyLiveBlock,
  ctx: BlockContext,
  settings: Record<string, string>,
): Promise<FormErrors | undefined> {
  const schema = settingsOf(block);
  const properties = new Map(propertiesOf(schema));
  const known = Object.fromEntries(Object.entries(settings).filter(([name]) => properties.has(name)));
  const value = Value.Convert(schema, { _csrf: '-', ...known });
  const wrong = new Set<string>();
  for (const error of Value.Errors(schema, value)) {
    const missing = (error.params as { requiredProperties?: string[] }).requiredProperties ?? [];
    for (const name of [error.instancePath.split('/')[1] ?? '', ...missing]) if (properties.has(name)) wrong.add(name);
  }
  const choices = (await block.choices?.(ctx)) ?? {};
  for (const [name, offered] of Object.entries(choices))
    if (known[name] !== undefined && !offered?.some((o) => o.value === known[name])) wrong.add(name);
  if (!wrong.size) return undefined;
  const errors: FormErrors = { summary: [], fields: {} };
  for (const [name, property] of properties) {
    if (!wrong.has(name)) continue;
    const text = property.errorMessage ?? `Check ${(property.title ?? name).toLowerCase()}`;
    errors.fields[`${SETTING_PREFIX}${name}`] = { text };
    errors.summary.push({ text, href: `#${SETTING_PREFIX}${name}` });
  }
  return errors;
}
