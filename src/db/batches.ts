/**
 * Many rows written in statements of `size` rows each: one statement per row is slow on PGlite,
 * and one statement for them all can pass PostgreSQL's limit of 65,535 bound parameters.
 */
export const inBatches = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
