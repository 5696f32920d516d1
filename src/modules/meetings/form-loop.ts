import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { FormError, NotFoundError } from '../../errors.ts';
import { dropEmptyFields, formErrors, formErrorsFrom, type FormErrors } from '../../views/forms.ts';

/**
 * The problems with what the user sent (the body, or the querystring of a filter form), or none.
 * A bad id in the path is not a form problem: it names nothing, so it is a missing page.
 */
export function inputErrors(request: FastifyRequest, schema: TSchema, context: 'body' | 'querystring' = 'body'): FormErrors | undefined {
  const error = request.validationError as (Error & { validationContext?: string }) | undefined;
  if (!error) return undefined;
  if (error.validationContext !== context) throw new NotFoundError();
  return formErrors(error, schema);
}

/** Runs a service call; a FormError becomes the page re-rendered with its message. */
export async function orFormError(action: () => Promise<unknown>, render: (errors: FormErrors) => Promise<FastifyReply>): Promise<FastifyReply | null> {
  try {
    await action();
    return null;
  } catch (error) {
    if (error instanceof FormError) return render(formErrorsFrom(error));
    throw error;
  }
}

/** A GET filter form sends empty fields too ("from=&to="); like a posted form, empty means not given. */
export const dropEmptyQuery = async (request: FastifyRequest) => dropEmptyFields(request.query);

/** One message on one field, as the form loop shows it. */
export function fieldError(field: string, text: string): FormErrors {
  return formErrorsFrom(new FormError(field, text));
}
