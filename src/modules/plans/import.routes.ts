import type { FastifyInstance } from 'fastify';

/** Spreadsheet import and CSV, XLSX and DOCX export of plans. */
export async function planImportRoutes(app: FastifyInstance) {
  void app;
}
