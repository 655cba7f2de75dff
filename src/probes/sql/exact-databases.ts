// Recognising Exact databases among a server's user databases. Sources (shared/reference/domain-facts.md §2.3):
// Globe company databases are named after the company number 000-999; an Exact Synergy Enterprise database made
// from a Globe administration is <number>_unicode; Exact databases share tables such as cicmpy, humres,
// BacoSettings and SDKGroups. The table fingerprint is a heuristic: it separates Exact from non-Exact databases
// but not Globe from Synergy.
import { FINGERPRINT_TABLES } from './queries.js';

export type ExactKind = 'globe' | 'synergy' | 'exact';

export interface DatabaseSighting {
  name: string;
  /** The fingerprint tables found; null when the database could not be looked into (offline, no access). */
  tables: readonly string[] | null;
}

const GLOBE_NAME = /^\d{3}$/;
const SYNERGY_NAME = /_unicode$/i;
/** Tables needed to call a database with an unremarkable name "Exact". */
const MIN_TABLES_WITHOUT_NAME = 2;

/**
 * The kind of Exact database, or null when it is not one. A name match counts unless the database could be looked
 * into and holds none of the fingerprint tables (then it merely has an Exact-like name).
 */
export function recogniseExactDatabase(db: DatabaseSighting): ExactKind | null {
  const found = db.tables?.length ?? 0;
  const named = GLOBE_NAME.test(db.name) ? 'globe' : SYNERGY_NAME.test(db.name) ? 'synergy' : null;
  if (named) return db.tables === null || found > 0 ? named : null;
  return db.tables !== null && found >= MIN_TABLES_WITHOUT_NAME ? 'exact' : null;
}

/**
 * The fingerprint tables present according to the has_<table> columns of databasesQuery, or null when the look was
 * incomplete (a NULL column: offline, no access, or a table not visible to the caller) and what was seen is not
 * already enough to call the database Exact.
 */
export function fingerprintOf(row: Record<string, unknown>): string[] | null {
  const flags = FINGERPRINT_TABLES.map((t) => [t, row[`has_${t}`]] as const);
  const found = flags.filter(([, v]) => v === 1 || v === true).map(([t]) => t);
  const incomplete = flags.some(([, v]) => v === null || v === undefined);
  if (incomplete && found.length < MIN_TABLES_WITHOUT_NAME) return null;
  return found;
}
