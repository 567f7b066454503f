import type { Template } from '../../../src-shared/domain/settings';
import type { SqlRunner } from '../db/sql-runner';
import { CoreError } from '../errors';
import { accountRow } from '../inbox/accounts';
import { readSettings, writeSettings } from '../settings';
import { BUILTIN_TEMPLATES } from './builtin-templates';

/** The seller's own templates live in the account's settings (templates.ts says why); the built-in ones are read-only. */
export function listTemplates(db: SqlRunner, accountId: number): { builtin: Template[]; custom: Template[] } {
  return { builtin: [...BUILTIN_TEMPLATES], custom: readSettings(db, accountRow(db, accountId).id).templates };
}

/** Adds or replaces a custom template (same id); a built-in id is refused. Returns the custom templates. */
export function saveTemplate(db: SqlRunner, accountId: number, template: Template, now: Date): Template[] {
  const current = readSettings(db, accountRow(db, accountId).id).templates.filter((t) => t.id !== template.id);
  if (BUILTIN_TEMPLATES.some((t) => t.id === template.id)) throw new CoreError('template_builtin_readonly');
  return writeSettings(db, accountId, { templates: [...current, template] }, now).templates;
}

/** Removes a custom template; an unknown id (or a built-in one) is not_found. Returns the custom templates. */
export function deleteTemplate(db: SqlRunner, accountId: number, templateId: string, now: Date): Template[] {
  const current = readSettings(db, accountRow(db, accountId).id).templates;
  if (!current.some((t) => t.id === templateId))
    throw new CoreError('not_found', { entity: 'template', id: templateId });
  return writeSettings(db, accountId, { templates: current.filter((t) => t.id !== templateId) }, now).templates;
}
