import type { Static } from 'typebox';
import { Type } from 'typebox';
import { field, formSchema, Id, querySchema } from '../../views/forms.ts';
import { BREAKDOWNS, GEOGRAPHY_KINDS, MEASURES } from './categories.ts';

export const FigureImportParams = Type.Object({ importId: Id() });

/** The upload carries nothing but the file (and the CSRF token). */
export const FigureUploadForm = formSchema({});
export const FigureCommitForm = formSchema({});

/** Long: one row per figure. Wide: a row per period and a column per category. */
export const FILE_SHAPES = ['long', 'wide'] as const;
export type FileShape = (typeof FILE_SHAPES)[number];

/** What a long file's columns can fill, in the order the mapping page asks. */
export const FIGURE_FIELDS = [
  'period',
  'geographyKind',
  'geography',
  'measure',
  'breakdown',
  'category',
  'value',
] as const;
export type FigureField = (typeof FIGURE_FIELDS)[number];

export const FIGURE_FIELD_WORDS: Record<FigureField, { label: string; hint: string }> = {
  period: { label: 'Period', hint: 'A financial year such as 2017/18, or a quarter such as 2017/18 Q1.' },
  geographyKind: {
    label: 'Kind of area',
    hint: 'National, Region, Police force area, Local authority or City or county. Not in the file: chosen below.',
  },
  geography: {
    label: 'Area',
    hint: 'Such as England and Wales, East Midlands or Leicester. Not in the file: typed below.',
  },
  measure: {
    label: 'Measure',
    hint: 'Referred, Discussed at a Channel panel, Adopted as a Channel case, Signposted or No further action. Not in the file: chosen below.',
  },
  breakdown: {
    label: 'Breakdown',
    hint: 'Sector of referral, Type of concern, Age band or Gender; blank for a total.',
  },
  category: { label: 'Category', hint: 'Such as Education or Extreme right-wing; blank for a total.' },
  value: { label: 'Number', hint: 'The figure itself. [c], - or a blank cell means no figure was published.' },
};

const column = (name: FigureField) => field.optionalId(FIGURE_FIELD_WORDS[name].label, 'Select a column from the list');
const kindIds = GEOGRAPHY_KINDS.map((kind) => kind.id);
const measureIds = MEASURES.map((measure) => measure.id);
const breakdownIds = BREAKDOWNS.map((breakdown) => breakdown.id);

/**
 * The mapping page: the file's shape, its columns, what holds for the whole file where no column
 * says it, and the release the figures come from.
 */
export const FigureMappingForm = formSchema({
  shape: field.choice(
    'Shape of the file',
    'Select whether the file has a row per figure or a column per category',
    FILE_SHAPES,
  ),
  period: field.id('Period', 'Select the column that holds the period of each figure'),
  geographyKind: column('geographyKind'),
  geography: column('geography'),
  measure: column('measure'),
  breakdown: column('breakdown'),
  category: column('category'),
  value: column('value'),
  categoryColumns: field.ids('Category columns', 'Select the columns that hold a category each'),
  fixedGeographyKind: Type.Optional(field.choice('Kind of area', 'Select the kind of area', kindIds)),
  fixedGeography: field.optionalText('Area', 120),
  fixedMeasure: Type.Optional(field.choice('Measure', 'Select the measure', measureIds)),
  fixedBreakdown: Type.Optional(field.choice('Breakdown', 'Select the breakdown', breakdownIds)),
  sourceTitle: field.text('Source', 'Enter the title of the publication the figures come from', 300),
  sourceUrl: field.optionalText('Web address of the source', 500),
  release: field.text(
    'Release',
    'Enter who published the figures and when, such as Home Office, 14 December 2023',
    200,
  ),
  releaseDate: field.date('Date published', 'Enter the date the figures were published, such as 2023-12-14'),
  notComparable: Type.Optional(field.choice('Not comparable', 'Select whether the release is comparable', ['yes'])),
});
export type FigureMappingValues = Omit<Static<typeof FigureMappingForm>, '_csrf'>;

/** The preview's category-name form: which Hub category a name in the file stands for. */
export const CategoryNameForm = formSchema({
  breakdown: field.choice('Breakdown', 'Select the breakdown', breakdownIds),
  sourceName: field.text('Name in the file', 'Enter the name as the file writes it', 200),
  category: field.text('Hub category', 'Select the Hub category this name stands for', 60),
});

/** The figures page's filter: which area and measure to list. */
export const FiguresQuery = querySchema({
  geography: Type.Optional(Type.String({ maxLength: 200 })),
  measure: Type.Optional(Type.String({ maxLength: 40 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});
