import { Type } from 'typebox';
import { signedIn, type HubApp } from '../../routes.ts';
import { type FormErrors, querySchema, readForm } from '../../views/forms.ts';
import { MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, search } from './search.service.ts';

export const SearchQuery = querySchema({
  q: Type.Optional(
    Type.String({ title: 'Search', errorMessage: 'Enter what you are looking for', maxLength: MAX_QUERY_LENGTH }),
  ),
});

const tooShort = (): FormErrors => {
  const text = `Enter at least ${MIN_QUERY_LENGTH} characters to search`;
  return { summary: [{ text, href: '#q' }], fields: { q: { text } } };
};

export async function searchRoutes(app: HubApp) {
  app.get('/search', { schema: { querystring: SearchQuery }, attachValidation: true }, async (request, reply) => {
    const form = readForm(request, SearchQuery, 'querystring');
    const raw = form.values.q;
    const q = typeof raw === 'string' ? raw.trim() : undefined;
    const page = (context: Record<string, unknown>, status = 200) =>
      reply.code(status).page('search/views/search.njk', { title: 'Search', q: raw, ...context });
    if (!form.ok) return page({ errors: form.errors }, 400);
    // No words yet: just the box.
    if (q === undefined) return page({});
    if (q.length < MIN_QUERY_LENGTH) return page({ errors: tooShort() }, 400);
    const results = await search(app.db, signedIn(request), q);
    if (results.documents.some((d) => d.marking === 'OFFICIAL-SENSITIVE')) reply.sensitive();
    return page({ query: q, results });
  });
}
