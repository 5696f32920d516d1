import type { Queryable } from './client.ts';

/**
 * A query built once per database and prepared, for reads every page view makes: building a
 * query with Drizzle costs more than PostgreSQL takes to run a small one. `build` makes the
 * query with `sql.placeholder(…)` for its values and ends with `.prepare(name)`; the returned
 * function gives the prepared query for a database, to `.execute({ … })`.
 */
export function preparedFor<Prepared>(build: (db: Queryable) => Prepared): (db: Queryable) => Prepared {
  const built = new WeakMap<Queryable, Prepared>();
  return (db) => {
    let prepared = built.get(db);
    if (!prepared) built.set(db, (prepared = build(db)));
    return prepared;
  };
}
