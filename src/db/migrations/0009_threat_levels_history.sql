-- The national threat level as MI5 publishes it (mi5.gov.uk/threat-levels), shipped with the Hub:
-- made from src/modules/threat-level/threat-levels.csv, which threat-level.test.ts compares with these rows.
-- The newest row comes from news coverage and is marked to be confirmed against MI5's page.
INSERT INTO threat_level_changes (in_force_from, level, scope, note, provenance, to_confirm) VALUES
  ('2006-08-01', 'SEVERE', 'international_terrorism', 'first published level (MI5 / Home Office)', 'published', false),
  ('2006-08-10', 'CRITICAL', 'international_terrorism', 'transatlantic aircraft plot', 'published', false),
  ('2006-08-14', 'SEVERE', 'international_terrorism', NULL, 'published', false),
  ('2007-06-30', 'CRITICAL', 'international_terrorism', 'Glasgow Airport attack', 'published', false),
  ('2007-07-04', 'SEVERE', 'international_terrorism', NULL, 'published', false),
  ('2009-07-20', 'SUBSTANTIAL', 'international_terrorism', NULL, 'published', false),
  ('2010-01-22', 'SEVERE', 'international_terrorism', NULL, 'published', false),
  ('2011-07-11', 'SUBSTANTIAL', 'international_terrorism', NULL, 'published', false),
  ('2014-08-29', 'SEVERE', 'international_terrorism', NULL, 'published', false),
  ('2017-05-23', 'CRITICAL', 'international_terrorism', 'Manchester Arena attack', 'published', false),
  ('2017-05-27', 'SEVERE', 'international_terrorism', NULL, 'published', false),
  ('2017-09-15', 'CRITICAL', 'international_terrorism', 'Parsons Green attack', 'published', false),
  ('2017-09-17', 'SEVERE', 'international_terrorism', NULL, 'published', false),
  ('2019-07-23', 'SEVERE', 'all_forms_of_terrorism', 'one national level for all ideologies from this date (level unchanged)', 'published', false),
  ('2019-11-04', 'SUBSTANTIAL', 'all_forms_of_terrorism', NULL, 'published', false),
  ('2020-11-03', 'SEVERE', 'all_forms_of_terrorism', NULL, 'published', false),
  ('2021-02-08', 'SUBSTANTIAL', 'all_forms_of_terrorism', NULL, 'published', false),
  ('2021-11-15', 'SEVERE', 'all_forms_of_terrorism', 'Liverpool Women''s Hospital bombing', 'published', false),
  ('2022-02-09', 'SUBSTANTIAL', 'all_forms_of_terrorism', NULL, 'published', false),
  ('2026-04-30', 'SEVERE', 'all_forms_of_terrorism', 'reported in news coverage; confirm against mi5.gov.uk/threat-levels', 'published', true);
