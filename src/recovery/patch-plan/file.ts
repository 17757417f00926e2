/**
 * Reading ROOT/etc/saferpm/plan.toml. The only importer of smol-toml (chosen
 * for TOML 1.0 conformance and line/column in its errors). A missing plan is
 * not an error (every note says it is missing); an invalid one is a
 * ConfigError naming the file, the line and what is wrong.
 */
import { parse, TomlError } from 'smol-toml';
import { ConfigError, isSaferpmError } from '../../errors.js';
import { readTrustedFile, type TrustedText } from '../../fs/trusted-read.js';
import { lineOf } from './locate.js';
import { PLAN_PATH, type PatchPlan } from './model.js';
import { validatePlan } from './validate.js';

export interface PlanCheck {
  /** The plan when the text parsed; still returned with problems, for 'plan check'. */
  plan?: PatchPlan;
  problems: { line?: number; message: string }[];
}

/** Parse and validate a plan's text; never throws. Pure. */
export function checkPlanText(text: string, file = PLAN_PATH): PlanCheck {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text, { unsafeKeyBehaviour: 'throw' });
  } catch (e) {
    if (!(e instanceof TomlError)) throw e;
    return { problems: [{ line: e.line, message: `not valid TOML: ${tomlReason(e)}` }] };
  }
  const { plan, problems } = validatePlan(doc, file);
  return { plan, problems: problems.map((p) => ({ line: lineOf(text, p.path), message: p.message })) };
}

/** The plan, or a ConfigError for its first problem (with how many more there are). Pure. */
export function parsePlanText(text: string, file = PLAN_PATH, shownAs = file): PatchPlan {
  const { plan, problems } = checkPlanText(text, file);
  const first = problems[0];
  if (first || !plan) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more; run 'saferpm plan check')` : '';
    throw new ConfigError(shownAs, `${first?.message ?? 'invalid plan'}${more}`, first?.line);
  }
  return plan;
}

/** ROOT/etc/saferpm/plan.toml, or undefined when there is none. */
export async function loadPlanFile(root: string): Promise<PatchPlan | undefined> {
  const read = await readPlanFile(root);
  return read && parsePlanText(read.text, PLAN_PATH, read.host);
}

/**
 * The plan's text and host path, or undefined when there is none. The plan
 * names commands saferpm runs as root (reboot_command, integrity_command): it
 * is read only when it and every folder above it are root's alone, from the
 * descriptor whose owner and mode were checked (src/fs/trusted-read.ts).
 */
export async function readPlanFile(root: string): Promise<TrustedText | undefined> {
  return readTrustedFile(root, PLAN_PATH, 'the plan names commands saferpm runs');
}

/**
 * For the recovery note, which must be written even when the plan is bad:
 * the plan, or the one-line reason it cannot be used (invalid, unsafe owner
 * or mode). Both undefined when there is no plan.
 */
/** The patch plan as a note needs it: the plan, or why it could not be read (the note says so). */
export interface PlanForNote {
  plan?: PatchPlan;
  error?: string;
}

export async function loadPlanForNote(root: string): Promise<PlanForNote> {
  try {
    const plan = await loadPlanFile(root);
    return plan ? { plan } : {};
  } catch (e) {
    if (!isSaferpmError(e)) throw e;
    return { error: e.message };
  }
}

/** smol-toml's message without its code excerpt: "invalid value", "unexpected ...". */
function tomlReason(e: TomlError): string {
  const first = e.message.split('\n')[0] ?? e.message;
  return `${first.replace(/^Invalid TOML document:\s*/, '')} (column ${e.column})`;
}
