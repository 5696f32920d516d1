import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type BuildValidator = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>['buildValidator'];
type Validate = ((data: unknown) => unknown) & { errors?: unknown };

/**
 * Fastify's own validators (Ajv, with the Hub's options), each compiled the first time its route
 * is used rather than all at start: compiling several hundred route schemas up front was a fifth
 * of every start. The first request to a route pays a millisecond or two instead.
 */
export function lazyValidators(): BuildValidator {
  const pool = AjvCompiler();
  return (externalSchemas, options) => {
    const build = pool(externalSchemas, options);
    return (route: Parameters<ReturnType<typeof pool>>[0]) => {
      let compiled: Validate | undefined;
      const validate: Validate = (data) => {
        compiled ??= build(route) as Validate;
        const result = compiled(data);
        // Fastify reads a failed validation's reasons from the function itself, as Ajv leaves them.
        validate.errors = compiled.errors;
        return result;
      };
      // Fastify uses only the call and `errors`; Ajv's other fields (schema, source) are not read.
      return validate as unknown as ReturnType<typeof build>;
    };
  };
}
