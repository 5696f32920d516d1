import type { FastifyReply, FastifyRequest } from 'fastify';
import { COORDINATORS, isCoordinator } from '../../auth/policy.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { formErrorsFrom, formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { FormError } from '../../errors.ts';
import { columnOptions, columnsOfFile } from '../../imports/columns.ts';
import { multipartBody, readUploadedFile } from '../documents/index.ts';
import {
  BREAKDOWNS,
  GEOGRAPHY_KINDS,
  MEASURES,
  breakdownLabel,
  categoryLabel,
  geographyKindLabel,
  measureLabel,
  type Breakdown,
} from './categories.ts';
import {
  CategoryNameForm,
  FIGURE_FIELD_WORDS,
  FIGURE_FIELDS,
  FigureCommitForm,
  FigureImportParams,
  FigureMappingForm,
  FiguresQuery,
  FigureUploadForm,
  type FigureMappingValues,
} from './figures.forms.ts';
import { LEFT_OUT, TOTAL } from './figures.names.ts';
import * as service from './figures.service.ts';

const VIEW = 'referrals/views/figures';
/** A table of 50,000 figures is a few megabytes as CSV, less as XLSX. */
export const MAX_FIGURES_BYTES = 10 * 1024 * 1024;
const MAX_MEGABYTES = MAX_FIGURES_BYTES / 1024 / 1024;
/** The preview lists this many figures; the summary counts them all. */
const PREVIEW_FIGURES = 200;
const PREVIEW_ERRORS = 200;
/*
 * A file over the limit is cut short rather than thrown, so the guard still checks the CSRF
 * token and the form can answer with a GOV.UK message (as the plan import does).
 */
const UPLOAD = {
  ...COORDINATORS,
  upload: true,
  multipartOptions: { throwFileSizeLimit: false, limits: { fileSize: MAX_FIGURES_BYTES } },
};

const importPath = (importId: number, step: 'mapping' | 'preview' | 'commit' | 'category-names') =>
  `/referrals/figures/imports/${importId}/${step}`;

/** Published referral figures: the list of what is held, and the import (upload, mapping, preview, commit). */
export async function figuresRoutes(app: HubApp): Promise<void> {
  listPage(app);
  uploadPages(app);
  mappingPages(app);
  previewPages(app);
}

const DONE: Record<string, string> = {
  imported: 'The figures were imported. Revised figures keep the earlier figure and its source.',
};

function listPage(app: HubApp) {
  app.get('/referrals/figures', { schema: { querystring: FiguresQuery } }, async (request, reply) => {
    const query = request.query;
    const geographies = await service.figureGeographies(app.db);
    // An area is named with its kind: Leicestershire the county and Leicestershire the police force area differ.
    const placeOf = (g: { geographyKind: string; geography: string }) => `${g.geographyKind}|${g.geography}`;
    const chosen = geographies.find((g) => placeOf(g) === query.geography) ?? geographies[0];
    const measure = MEASURES.find((m) => m.id === query.measure)?.id;
    const figures = chosen ? await service.figuresFor(app.db, chosen, measure) : [];
    const user = signedIn(request);
    return reply.page(`${VIEW}/list.njk`, {
      flash: query.done ? DONE[query.done] : undefined,
      canImport: isCoordinator(user),
      imports: isCoordinator(user) ? await service.listFigureImports(app.db) : [],
      geographyItems: geographies.map((g) => ({
        value: placeOf(g),
        text: `${g.geography} (${geographyKindLabel(g.geographyKind)})`,
        selected: g === chosen,
      })),
      measureItems: [
        { value: '', text: 'Every measure' },
        ...MEASURES.map((m) => ({ value: m.id, text: m.label, selected: m.id === measure })),
      ],
      chosen,
      figures: figures.map((f) => ({
        ...f,
        measureLabel: measureLabel(f.measure),
        breakdownLabel: f.breakdown ? breakdownLabel(f.breakdown) : 'Total',
        categoryLabel: f.breakdown && f.category ? categoryLabel(f.breakdown, f.category) : '',
      })),
    });
  });
}

function uploadPages(app: HubApp) {
  const render = (reply: FastifyReply, errors?: FormErrors, status = 400) =>
    reply.code(errors ? status : 200).page(`${VIEW}/upload.njk`, {
      errors,
      maxMegabytes: MAX_MEGABYTES,
      maxRows: service.FIGURES_SPREADSHEET.maxRows.toLocaleString('en-GB'),
    });

  app.get('/referrals/figures/import', { config: COORDINATORS }, async (_request, reply) => render(reply));

  app.post(
    '/referrals/figures/import',
    { config: UPLOAD, schema: { body: multipartBody(FigureUploadForm, true) } },
    async (request, reply) => {
      const file = await readUploadedFile(request.body);
      if (file?.truncated)
        return render(
          reply,
          formErrorsFrom(new FormError('file', `The selected file must be smaller than ${MAX_MEGABYTES}MB`)),
          413,
        );
      let importId = 0;
      const errors = await formErrorsOf(
        async () => (importId = await service.stageFigures(app.db, signedIn(request), file)),
      );
      if (errors) return render(reply, errors);
      return reply.redirect(importPath(importId, 'mapping'), 303);
    },
  );
}

/** The mapping form's values from what the import holds (the guess, or the last saved mapping). */
function valuesOf(staged: service.StagedFigures): Partial<FigureMappingValues> {
  const { settings, release } = staged;
  return {
    shape: settings.shape,
    ...settings.mapping,
    categoryColumns: settings.categoryColumns,
    fixedGeographyKind: settings.fixed.geographyKind,
    fixedGeography: settings.fixed.geography,
    fixedMeasure: settings.fixed.measure,
    fixedBreakdown: settings.fixed.breakdown,
    sourceTitle: release?.sourceTitle,
    sourceUrl: release?.sourceUrl ?? undefined,
    release: release?.release,
    releaseDate: release?.releaseDate,
    notComparable: release?.notComparable ? 'yes' : undefined,
  };
}

const choices = (list: readonly { id: string; label: string }[], chosen: unknown, blank: string) => [
  { value: '', text: blank },
  ...list.map((item) => ({ value: item.id, text: item.label, selected: item.id === chosen })),
];

function mappingPages(app: HubApp) {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    importId: number,
    values?: Partial<FigureMappingValues>,
    errors?: FormErrors,
  ) => {
    const staged = await service.getStagedFigures(app.db, signedIn(request), importId);
    const chosen = values ?? valuesOf(staged);
    const chosenColumns = new Set((chosen.categoryColumns ?? []).map(Number));
    return reply.code(errors ? 400 : 200).page(`${VIEW}/mapping.njk`, {
      staged,
      values: chosen,
      errors,
      columns: columnsOfFile(staged.sheet),
      fields: FIGURE_FIELDS.map((name) => ({
        name,
        label: FIGURE_FIELD_WORDS[name].label + (name === 'period' ? '' : ' (optional)'),
        hint: FIGURE_FIELD_WORDS[name].hint,
        items: columnOptions(staged.sheet, chosen[name], name === 'period' ? 'Select a column' : 'Not in the file'),
      })),
      categoryColumnItems: columnsOfFile(staged.sheet).map((c) => ({
        value: c.number,
        text: `${c.letter}: ${c.header}`,
        checked: chosenColumns.has(c.number),
      })),
      kindItems: choices(GEOGRAPHY_KINDS, chosen.fixedGeographyKind, 'From the column'),
      measureItems: choices(MEASURES, chosen.fixedMeasure, 'From the column'),
      breakdownItems: choices(BREAKDOWNS, chosen.fixedBreakdown, 'None: totals only, or from the column'),
    });
  };

  app.get(
    '/referrals/figures/imports/:importId/mapping',
    { config: COORDINATORS, schema: { params: FigureImportParams } },
    async (request, reply) => render(request, reply, request.params.importId),
  );

  app.post(
    '/referrals/figures/imports/:importId/mapping',
    { config: COORDINATORS, schema: { params: FigureImportParams, body: FigureMappingForm }, attachValidation: true },
    async (request, reply) => {
      const { importId } = request.params;
      const form = readForm(request, FigureMappingForm);
      if (!form.ok) return render(request, reply, importId, form.values, form.errors);
      const errors = await formErrorsOf(() =>
        service.saveFigureMapping(app.db, signedIn(request), importId, form.values),
      );
      if (errors) return render(request, reply, importId, form.values, errors);
      return reply.redirect(importPath(importId, 'preview'), 303);
    },
  );
}

/** Each figure as the preview's table shows it. */
function previewRow(f: service.PlannedFigure) {
  return {
    row: f.row,
    outcome: f.outcome,
    period: f.period.label,
    geography: f.geography,
    measure: measureLabel(f.measure),
    category: f.breakdown && f.category ? categoryLabel(f.breakdown, f.category) : 'Total',
    categoryName: f.categoryName,
    value: f.value,
    heldValue: f.heldValue,
    heldRelease: f.heldRelease,
  };
}

function matchWords(row: service.NameRow) {
  if (row.match === 'saved') return 'Chosen by a coordinator';
  if (row.match === 'known') return 'A name the Hub knows';
  if (row.match === 'hub') return 'The Hub’s own name';
  return 'Not matched yet';
}

function categoryWords(breakdown: Breakdown, category: string | null) {
  if (category === TOTAL) return 'The total';
  if (category === LEFT_OUT) return 'Left out';
  return category ? categoryLabel(breakdown, category) : 'Not matched';
}

function previewPages(app: HubApp) {
  const render = async (request: FastifyRequest, reply: FastifyReply, importId: number, errors?: FormErrors) => {
    const { staged, preview } = await service.previewFigures(app.db, signedIn(request), importId);
    if (!preview) return reply.redirect(importPath(importId, 'mapping'), 303);
    const { counts } = preview;
    return reply.code(errors ? 400 : 200).page(`${VIEW}/preview.njk`, {
      staged,
      preview,
      errors,
      names: preview.names.map((n) => ({
        ...n,
        breakdownLabel: breakdownLabel(n.breakdown),
        matchWords: matchWords(n),
        categoryWords: categoryWords(n.breakdown, n.category),
      })),
      rowErrors: preview.errors.slice(0, PREVIEW_ERRORS),
      moreErrors: Math.max(0, preview.errors.length - PREVIEW_ERRORS),
      figures: preview.figures.slice(0, PREVIEW_FIGURES).map(previewRow),
      moreFigures: Math.max(0, preview.figures.length - PREVIEW_FIGURES),
      canCommit: !staged.committedAt && counts.errors === 0 && counts.added + counts.revised + counts.older > 0,
    });
  };

  app.get(
    '/referrals/figures/imports/:importId/preview',
    { config: COORDINATORS, schema: { params: FigureImportParams } },
    async (request, reply) => render(request, reply, request.params.importId),
  );

  app.post(
    '/referrals/figures/imports/:importId/category-names',
    { config: COORDINATORS, schema: { params: FigureImportParams, body: CategoryNameForm }, attachValidation: true },
    async (request, reply) => {
      const { importId } = request.params;
      const form = readForm(request, CategoryNameForm);
      if (!form.ok) return render(request, reply, importId, form.errors);
      const errors = await formErrorsOf(() => service.saveCategoryName(app.db, signedIn(request), form.values));
      if (errors) return render(request, reply, importId, errors);
      return reply.redirect(`${importPath(importId, 'preview')}#category-names`, 303);
    },
  );

  app.post(
    '/referrals/figures/imports/:importId/commit',
    { config: COORDINATORS, schema: { params: FigureImportParams, body: FigureCommitForm } },
    async (request, reply) => {
      const { importId } = request.params;
      const errors = await formErrorsOf(() => service.commitFigures(app.db, signedIn(request), importId, request.ip));
      if (errors) return render(request, reply, importId, errors);
      return reply.redirect('/referrals/figures?done=imported', 303);
    },
  );
}
