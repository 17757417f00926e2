/**
 * Repository metadata XML: repomd.xml (which file holds which metadata) and
 * updateinfo.xml (advisories), read the way dnf reads them through libsolv
 * (ext/repo_updateinfoxml.c, libsolv 0.7.23):
 * - the document is <updates> of <update> elements (a lone <update> root is accepted);
 * - only the elements libsolv's state table knows count, at their places:
 *   id, title, severity, references/reference, pkglist/collection/package;
 * - reboot_suggested counts only inside a <package>, and only when its text
 *   starts with 'T', 't' or '1' (so <reboot_suggested/> and "False" do not,
 *   nor a <reboot_suggested> directly under <update>); createrepo_c reads it
 *   differently (any element is true): fixtures/upstream/repodata/
 *   reboot-suggested-parsing.tsv has the measurements;
 * - a package's epoch "0" or "" is no epoch (makeevr_atts).
 * The only module that imports fast-xml-parser. Pure; throws only ParseError.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ParseError } from '../../errors.js';

export interface RepomdEntry {
  type: string;
  href: string;
}

export interface AdvisoryPackage {
  name: string;
  arch?: string;
  /** [epoch:]version-release, libsolv's makeevr_atts. */
  evr: string;
  rebootSuggested: boolean;
}

export interface Advisory {
  id: string;
  type?: string;
  severity?: string;
  title?: string;
  /** ids of <reference type="cve">, in document order, without duplicates. */
  cves: string[];
  packages: AdvisoryPackage[];
}

type Node = Record<string, unknown>;
const ARRAYS = new Set(['data', 'update', 'id', 'title', 'severity', 'references', 'reference', 'pkglist', 'collection', 'package', 'reboot_suggested']);

const parser = new XMLParser({
  ignoreAttributes: false, attributeNamePrefix: '@_', trimValues: false, parseTagValue: false, parseAttributeValue: false,
  isArray: (name) => ARRAYS.has(name),
});

function parseXml(text: string, source: string): Node {
  if (/<!ENTITY/i.test(text)) throw new ParseError(source, lineOf(text, text.search(/<!ENTITY/i)), 1, 'entity declarations are not accepted in repository metadata');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new ParseError(source, valid.err.line, valid.err.col, valid.err.msg);
  try {
    return parser.parse(text) as Node;
  } catch (e) {
    throw new ParseError(source, 1, 1, (e as Error).message);
  }
}

export function parseRepomd(text: string, source = 'repomd.xml'): RepomdEntry[] {
  const root = parseXml(text, source).repomd as Node | undefined;
  if (!root || typeof root !== 'object') throw new ParseError(source, 1, 1, 'not a repomd.xml: no <repomd> element');
  return nodes(root, 'data').flatMap((d) => {
    const type = attr(d, 'type');
    const href = attr(nodes(d, 'location')[0] ?? {}, 'href');
    return type && href ? [{ type, href }] : [];
  });
}

/**
 * The advisories of an updateinfo.xml. With `names`, only the <update>
 * elements that mention one of those package names are parsed: a
 * distribution's updateinfo holds tens of thousands of advisories (50 MB
 * took 9 s and 500 MB whole), a transaction concerns a few of them.
 */
export function parseUpdateinfo(text: string, source = 'updateinfo.xml', names?: ReadonlySet<string>): Advisory[] {
  const doc = names ? parseFiltered(text, source, names) : parseXml(text, source);
  const updates = doc.updates !== undefined ? nodes(doc.updates as Node, 'update') : nodes(doc, 'update');
  if (doc.updates === undefined && doc.update === undefined) throw new ParseError(source, 1, 1, 'not an updateinfo.xml: no <updates> or <update> element');
  return updates.map(advisoryOf);
}

/**
 * The document cut down to the updates naming a package. When the cut-down
 * copy does not parse, the whole file is parsed instead: then a ParseError
 * names the line and column of the fault in the file, not in the copy
 * (fuzzing found line 27, column 134 on a line of 27 characters), and a file
 * the cutting broke (nested <update> elements) still gives its advisories.
 */
function parseFiltered(text: string, source: string, names: ReadonlySet<string>): Node {
  try {
    return parseXml(onlyUpdatesNaming(text, names), source);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return parseXml(text, source);
  }
}

function advisoryOf(u: Node): Advisory {
  const a: Advisory = { id: textOf(lastOf(u, 'id')).trim(), cves: [], packages: [] };
  const type = attr(u, 'type');
  if (type) a.type = type;
  const severity = textOf(lastOf(u, 'severity')).trim();
  if (severity) a.severity = severity;
  const title = textOf(lastOf(u, 'title')).replace(/\n+$/, '');
  if (title) a.title = title;
  for (const refs of nodes(u, 'references')) {
    for (const r of nodes(refs, 'reference')) {
      const id = attr(r, 'id');
      if (attr(r, 'type') === 'cve' && id && !a.cves.includes(id)) a.cves.push(id);
    }
  }
  for (const list of nodes(u, 'pkglist')) {
    for (const c of nodes(list, 'collection')) for (const p of nodes(c, 'package')) a.packages.push(packageOf(p)); // not push(...list): it overflows the stack past about 120,000
  }
  return a;
}

function packageOf(p: Node): AdvisoryPackage {
  const epoch = attr(p, 'epoch');
  const version = attr(p, 'version') ?? '';
  const release = attr(p, 'release');
  const e = epoch && epoch !== '0' ? `${epoch}:` : '';
  const pkg: AdvisoryPackage = {
    name: attr(p, 'name') ?? '',
    evr: `${e}${version}${release !== undefined ? `-${release}` : ''}`,
    rebootSuggested: nodes(p, 'reboot_suggested').some((r) => /^[Tt1]/.test(textOf(r))),
  };
  const arch = attr(p, 'arch');
  if (arch) pkg.arch = arch;
  return pkg;
}

/**
 * The document cut down to the <update> elements whose text names one of the
 * packages (name="N" or name='N'); the rest of the document is kept around
 * them, so a document that is not an updateinfo still fails as one.
 */
export function onlyUpdatesNaming(text: string, names: ReadonlySet<string>): string {
  const kept: string[] = [];
  const open = /<update[\s>]/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = open.exec(text)) !== null) {
    const end = text.indexOf('</update>', m.index);
    if (end < 0) break; // unterminated: left for the parser to report
    kept.push(text.slice(last, m.index));
    const chunk = text.slice(m.index, end + '</update>'.length);
    if (namesAny(chunk, names)) kept.push(chunk);
    last = end + '</update>'.length;
    open.lastIndex = last;
  }
  kept.push(text.slice(last));
  return kept.join('');
}

function namesAny(chunk: string, names: ReadonlySet<string>): boolean {
  const attr = /\bname=(["'])([^"']*)\1/g;
  let m: RegExpExecArray | null;
  while ((m = attr.exec(chunk)) !== null) if (names.has(m[2] as string)) return true;
  return false;
}

/** Child elements of one name (always arrays for the names in ARRAYS; text-only children are strings). */
function nodes(n: Node, name: string): Node[] {
  const v = n[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map((x) => (typeof x === 'object' && x !== null ? (x as Node) : { '#text': String(x) }));
}

function lastOf(n: Node, name: string): Node | undefined {
  return nodes(n, name).at(-1);
}

function textOf(n: Node | undefined): string {
  const t = n?.['#text'];
  return typeof t === 'string' ? t : '';
}

function attr(n: Node, name: string): string | undefined {
  const v = n[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, Math.max(0, index)).split('\n').length;
}
