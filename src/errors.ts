/** The Hub's typed errors. The error handler turns each into its page and status. */
export class HubError extends Error {
  constructor(
    readonly statusCode: number,
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends HubError {
  constructor(what = 'page') {
    super(404, 'not-found', `No such ${what}`);
  }
}

export class ForbiddenError extends HubError {
  constructor(message = 'You do not have permission to do that') {
    super(403, 'forbidden', message);
  }
}

/** A rule about a field that a schema cannot express (e.g. "that email is already used"). */
export class FormError extends HubError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(400, 'invalid-input', message);
  }
}
