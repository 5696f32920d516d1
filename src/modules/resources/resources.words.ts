import type { ResourceFormat } from './resources.tables.ts';

/** The words for a resource's format ("DVD", not "Dvd"). */
export const FORMAT_LABELS: Record<ResourceFormat, string> = {
  dvd: 'DVD',
  leaflet: 'Leaflet',
  e_learning: 'E-learning',
  lesson_plan: 'Lesson plan',
  video: 'Video',
  other: 'Other',
};

export const formatLabel = (format: string) => FORMAT_LABELS[format as ResourceFormat] ?? format;
