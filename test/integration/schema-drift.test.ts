/**
 * The schemas against the TypeScript types that produce the outputs: when a
 * type gains a field (or loses one, or a field becomes optional) and
 * schema/*.schema.json does not say so, this fails, even when no test run
 * happens to print the field. The TypeScript compiler (a dev dependency)
 * resolves each type, interfaces, intersections, Omit<> and imports alike;
 * each object type is walked together with its schema node, following $refs
 * across the schema files.
 *
 * The plan is a choice of shapes (oneOf): its three members are mapped one
 * by one. The list of audit keys is read from the code that sets them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/paths.js';

type Node = Record<string, unknown>;

const SCHEMA_DIR = path.join(REPO, 'schema');
const RUN = 'urn:saferpm:schema:run-report:1';

/** Each named type and the schema node that describes it. */
const MAPPINGS: { type: string; file: string; schema: string }[] = [
  { type: 'RunRecord', file: 'src/record/types.ts', schema: RUN },
  { type: 'RpmPlan', file: 'src/rpm/rpm-plan.ts', schema: `${RUN}#/$defs/rpmPlan` },
  { type: 'DnfTransaction', file: 'src/drivers/dnf/transaction.ts', schema: `${RUN}#/$defs/dnfPlan` },
  { type: 'UnresolvedDnfRun', file: 'src/record/types.ts', schema: `${RUN}#/$defs/dnfUnresolved` },
  { type: 'ConfigFileReport', file: 'src/audit/config-report.ts', schema: `${RUN}#/$defs/configFile` },
  { type: 'PackageChangelog', file: 'src/audit/changelog.ts', schema: `${RUN}#/$defs/changelog` },
  { type: 'IntegrityChange', file: 'src/audit/integrity-diff.ts', schema: `${RUN}#/$defs/integrityChange` },
  { type: 'BootVerdict', file: 'src/bootloader/verdict.ts', schema: 'urn:saferpm:schema:boot-verdict:1' },
  { type: 'BootConfigJson', file: 'src/bootloader/render-info.ts', schema: 'urn:saferpm:schema:boot-config:1' },
  { type: 'PreflightJson', file: 'src/recovery/reboot/preflight.ts', schema: 'urn:saferpm:schema:preflight:1' },
  { type: 'Snapshot', file: 'src/snapshot/model.ts', schema: 'urn:saferpm:schema:snapshot:1' },
  { type: 'SnapshotDiff', file: 'src/snapshot/diff-model.ts', schema: 'urn:saferpm:schema:snapshot-diff:1' },
  { type: 'TrialStatusJson', file: 'src/trial/render.ts', schema: 'urn:saferpm:schema:trial-status:1' },
];

/** Objects the schemas leave open on purpose (their contents belong to code that builds them inline). */
const OPEN = new Set([`${RUN}#/$defs/dnfUnresolved/properties/unresolved`]);

/** A type that gained a field, to show that the walk notices (compiled from memory with the real sources). */
const PROBE_FILE = path.join(REPO, 'test/integration/__schema_drift_probe__.ts');
const PROBE = `import type { RunRecord, PackageChange } from '../../src/record/types.js';
export interface GainedTop extends RunRecord { rebootedBy: string }
export interface GainedNested extends Omit<RunRecord, 'packages'> { packages: (PackageChange & { vendor: string })[] }
export interface LostOne extends Omit<RunRecord, 'user'> {}
export interface NowOptional extends Omit<RunRecord, 'host'> { host?: string }
`;

class SchemaSet {
  private readonly docs = new Map<string, Node>();
  constructor(dir: string) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.schema.json'))) {
      const doc = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Node;
      this.docs.set(String(doc.$id), doc);
    }
  }

  /** The node a reference names, and the id of its document. */
  resolve(ref: string, base: string): { node: Node; doc: string; at: string } {
    const [id, pointer = ''] = ref.startsWith('#') ? [base, ref.slice(1)] : ref.split('#');
    const doc = this.docs.get(id as string);
    if (!doc) throw new Error(`no schema with $id ${id}`);
    let node: unknown = doc;
    for (const part of pointer.split('/').filter(Boolean)) node = (node as Node)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (!node || typeof node !== 'object') throw new Error(`${ref} names nothing`);
    return { node: node as Node, doc: id as string, at: `${id}#${pointer}` };
  }

  /** Follow $ref until a node without one. */
  deref(node: Node, doc: string, at: string): { node: Node; doc: string; at: string } {
    let cur = { node, doc, at };
    for (let i = 0; typeof cur.node.$ref === 'string' && i < 20; i++) cur = this.resolve(cur.node.$ref, cur.doc);
    return cur;
  }
}

interface Walk {
  checker: ts.TypeChecker;
  schemas: SchemaSet;
  problems: string[];
}

function compare(w: Walk, type: ts.Type, node: Node, doc: string, at: string, where: string, depth = 0): void {
  const r = w.schemas.deref(node, doc, at);
  if (r.node.oneOf || r.node.anyOf || depth > 12) return; // a choice of shapes: mapped one by one in MAPPINGS
  const t = w.checker.getNonNullableType(type);
  if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return; // typed elsewhere (MAPPINGS)
  if (w.checker.isArrayType(t)) {
    const items = r.node.items as Node | undefined;
    const [elem] = w.checker.getTypeArguments(t as ts.TypeReference);
    if (!items) w.problems.push(`${where}: an array in the type, no items in the schema (${r.at})`);
    else if (elem) compare(w, elem, items, r.doc, `${r.at}/items`, `${where}[]`, depth + 1);
    return;
  }
  if (t.isUnion() || !(t.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection))) return; // literals, enums, string, number, boolean
  const props = w.checker.getPropertiesOfType(t);
  if (props.length === 0) {
    const index = w.checker.getIndexInfoOfType(t, ts.IndexKind.String);
    const extra = r.node.additionalProperties;
    if (index && extra && typeof extra === 'object') compare(w, index.type, extra as Node, r.doc, `${r.at}/additionalProperties`, `${where}[*]`, depth + 1);
    return;
  }
  const described = (r.node.properties ?? {}) as Record<string, Node>;
  const required = new Set((r.node.required ?? []) as string[]);
  if (r.node.additionalProperties !== false && !OPEN.has(r.at)) w.problems.push(`${where}: the schema leaves the object open (${r.at})`);
  for (const p of props) {
    const key = `${where}.${p.name}`;
    const sub = described[p.name];
    if (!sub) {
      w.problems.push(`${key}: in the type, not in the schema (${r.at})`);
      continue;
    }
    const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
    if (optional && required.has(p.name)) w.problems.push(`${key}: optional in the type, required in the schema`);
    if (!optional && !required.has(p.name)) w.problems.push(`${key}: always there in the type, not required in the schema`);
    compare(w, w.checker.getTypeOfSymbol(p), sub, r.doc, `${r.at}/properties/${p.name}`, key, depth + 1);
  }
  const names = new Set(props.map((p) => p.name));
  for (const k of Object.keys(described)) if (!names.has(k)) w.problems.push(`${where}.${k}: in the schema, not in the type (${r.at})`);
}

function findType(program: ts.Program, checker: ts.TypeChecker, file: string, name: string): ts.Type {
  const sf = program.getSourceFile(file);
  if (!sf) throw new Error(`${file} is not in the program`);
  for (const s of sf.statements) {
    if ((ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === name) return checker.getTypeAtLocation(s.name);
  }
  throw new Error(`${name} is not declared in ${file}`);
}

/** The keys the run's safety steps (and any other code) put into record.audit. */
function auditKeysInCode(): string[] {
  const keys = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/\baudit\s*=\s*\{\s*\.\.\.[\w.?]*audit\s*,\s*(\w+)\s*[:,}]/g)) keys.add(m[1] as string);
      }
    }
  };
  walk(path.join(REPO, 'src'));
  return [...keys].sort();
}

describe('schema/ against the TypeScript types that produce the outputs', () => {
  let program: ts.Program;
  let checker: ts.TypeChecker;
  let schemas: SchemaSet;

  beforeAll(() => {
    const config = ts.readConfigFile(path.join(REPO, 'tsconfig.json'), (f) => ts.sys.readFile(f));
    const options = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO).options;
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (f, lang, ...rest) => (path.resolve(f) === PROBE_FILE ? ts.createSourceFile(f, PROBE, lang) : getSourceFile(f, lang, ...rest));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (f) => path.resolve(f) === PROBE_FILE || fileExists(f);
    const roots = [...new Set(MAPPINGS.map((m) => path.join(REPO, m.file))), PROBE_FILE];
    program = ts.createProgram({ rootNames: roots, options: { ...options, noEmit: true }, host });
    checker = program.getTypeChecker();
    schemas = new SchemaSet(SCHEMA_DIR);
  }, 120_000);

  it.each(MAPPINGS)('$type ($file) is described field by field by $schema', ({ type, file, schema }) => {
    const w: Walk = { checker, schemas, problems: [] };
    const { node, doc, at } = schemas.resolve(schema, schema.split('#')[0] as string);
    compare(w, findType(program, checker, path.join(REPO, file), type), node, doc, at, type);
    expect(w.problems).toEqual([]);
  });

  it('the audit keys the code sets are the ones the run-report schema describes', () => {
    const { node } = schemas.resolve(`${RUN}#/$defs/audit`, RUN);
    expect(Object.keys(node.properties as Node).sort()).toEqual(auditKeysInCode());
  });

  it('notices a gained field, a nested one, a lost one and a field that became optional', () => {
    const probe = (name: string): string[] => {
      const w: Walk = { checker, schemas, problems: [] };
      const { node, doc, at } = schemas.resolve(RUN, RUN);
      compare(w, findType(program, checker, PROBE_FILE, name), node, doc, at, name);
      return w.problems;
    };
    expect(probe('GainedTop')).toEqual([`GainedTop.rebootedBy: in the type, not in the schema (${RUN}#)`]);
    expect(probe('GainedNested')).toEqual([`GainedNested.packages[].vendor: in the type, not in the schema (${RUN}#/$defs/packageChange)`]);
    expect(probe('LostOne')).toEqual([`LostOne.user: in the schema, not in the type (${RUN}#)`]);
    expect(probe('NowOptional')).toEqual(['NowOptional.host: optional in the type, required in the schema']);
  });
});
