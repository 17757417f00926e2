/**
 * What a valid plan still lacks, in the words of the old patch checklists:
 * someone to call (and a backup), the owners of the services, what to watch,
 * a tested backup and restore, a test system the patches were tried on first.
 * Pure.
 */
import type { Contact, PatchPlan } from './model.js';

export function missingFromPlan(plan: PatchPlan): string[] {
  return [...missingContacts(plan), ...missingElsewhere(plan)];
}

function missingContacts(plan: PatchPlan): string[] {
  const { primary, backup, owners } = plan.contacts;
  const missing: string[] = [];
  if (!primary?.name) missing.push('no primary contact: [contacts.primary] name, phone, email');
  else if (!reachable(primary)) missing.push(`no phone or e-mail for the primary contact ${primary.name}`);
  if (!backup?.name) missing.push('no backup contact: [contacts.backup] name, phone, email');
  else if (!reachable(backup)) missing.push(`no phone or e-mail for the backup contact ${backup.name}`);
  if (owners.length === 0) missing.push('no owners of critical services: [[contacts.owners]] service, name, phone, email');
  for (const o of owners) if (!o.name || !reachable(o)) missing.push(`no name and phone or e-mail for the owner of ${o.service}`);
  return missing;
}

function missingElsewhere(plan: PatchPlan): string[] {
  const missing: string[] = [];
  if (Object.keys(plan.sources).length === 0) missing.push('no sources to watch: [sources] service = ["mailing list", "advisory page"]');
  if (!plan.recovery.backupProcedure) missing.push('no backup procedure: [recovery] backup_procedure');
  if (!plan.recovery.backupLocation) missing.push('no backup location: [recovery] backup_location');
  if (!plan.recovery.ifPatchBreaks) missing.push('nothing on what to do if a patch breaks something: [recovery] if_patch_breaks');
  if (!plan.testing.host) missing.push('no test system recorded: [testing] host');
  if (!plan.testing.date) missing.push('no date the patches were tested: [testing] date');
  return missing;
}

function reachable(c: Contact): boolean {
  return Boolean(c.phone || c.email);
}
