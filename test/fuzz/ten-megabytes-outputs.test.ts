/**
 * Long inputs, tool output and saferpm's own files: rpm's query formats and
 * rpm -V, dnf's transaction table, repomd and updateinfo XML, /proc,
 * systemctl, passwd, snapshot files and run records, each 10 MB, parsed
 * whole with every entry found. The watchdog (300 s per input) is the hang
 * bound; no time is asserted (see ten-megabytes-configs.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseChangelogs } from '../../src/audit/parse-changelog.js';
import { parseFileAttrs } from '../../src/audit/parse-file-attrs.js';
import { parseVerifyOutput } from '../../src/audit/verify.js';
import { parseTransaction } from '../../src/dnf/resolve/parse-table.js';
import { parseRepomd, parseUpdateinfo } from '../../src/dnf/advisories/parse-updateinfo.js';
import { parseRunRecord } from '../../src/record/check.js';
import { newRecord } from '../../src/record/store.js';
import { parseQueryOutput, QueryStreamParser } from '../../src/rpm/parse-query.js';
import { parseProcNet } from '../../src/snapshot/parse-proc-net.js';
import { parseSnapshotJson } from '../../src/snapshot/parse-snapshot-json.js';
import { parseListUnitFiles, parseListUnits } from '../../src/snapshot/parse-systemctl.js';
import { parsePasswd } from '../../src/snapshot/passwd.js';
import { SNAPSHOT_SCHEMA } from '../../src/snapshot/model.js';
import { big } from './support/fuzz.js';
import { tenMegabytes } from './support/big-inputs.js';


describe('10 MB of tool output and saferpm files: parsed whole, every entry found', () => {
  it("dnf's transaction table", () => {
    const head = 'Dependencies resolved.\n' + '='.repeat(80) + '\n Package      Arch     Version     Repository     Size\n' + '='.repeat(80) + '\nUpgrading:\n';
    const rows = tenMegabytes(head, (i) => ` pkg-${i}      x86_64   1.0-${i}     updates        12 k\n`);
    const text = `${rows.text}\nTransaction Summary\n${'='.repeat(80)}\nUpgrade  ${rows.count} Packages\n`;
    expect(big('transaction', { text }, parseTransaction).items).toHaveLength(rows.count);
  });

  it('updateinfo.xml, whole and for some package names', () => {
    const input = tenMegabytes('<?xml version="1.0"?>\n<updates>\n', (i) => `<update type="security"><id>FAKE-${i}</id><title>t</title><pkglist><collection><package name="p${i % 1000}" version="1" release="${i}" arch="x86_64"/></collection></pkglist></update>\n`, '</updates>\n');
    expect(big('updateinfo', input, parseUpdateinfo)).toHaveLength(input.count);
    expect(big('updateinfo filtered', input, (t) => parseUpdateinfo(t, 'u', new Set(['p7'])))).toHaveLength(Math.ceil((input.count - 7) / 1000));
  });

  it('repomd.xml', () => {
    const input = tenMegabytes('<repomd>\n', (i) => `<data type="t${i}"><location href="repodata/${i}.xml.gz"/></data>\n`, '</repomd>\n');
    expect(big('repomd', input, parseRepomd)).toHaveLength(input.count);
  });

  it('rpm query output, whole and streamed in 64 KiB pieces', () => {
    const input = tenMegabytes('', (i) => `\x1epkg${i}\x1f(none)\x1f1.0\x1f${i}\x1fx86_64\x1fpkg-1.0-${i}.src.rpm\x1f0\x1f(none)\x1fa package\x1fpkg${i}\x1c=\x1c1.0${'\x1d'}\x1flibc.so.6\x1c\x1c${'\x1d'}\x1f/usr/bin/pkg${i}\x1c0\x1c33261${'\x1d'}\n`);
    expect(big('rpm query', input, (t) => parseQueryOutput(t))).toHaveLength(input.count);
    const streamed = big('rpm query streamed', input, (t) => {
      const p = new QueryStreamParser('rpm');
      for (let at = 0; at < t.length; at += 65536) p.push(t.slice(at, at + 65536));
      return p.end();
    });
    expect(streamed).toHaveLength(input.count);
  });

  it('rpm -V output', () => {
    const input = tenMegabytes('', (i) => `S.5....T.  c /etc/file-${i}.conf\n`);
    expect(big('rpm -V', input, parseVerifyOutput).entries).toHaveLength(input.count);
  });

  it('file attributes: one package with all the files', () => {
    const input = tenMegabytes('\x1epkg\x1fpkg-1-1.x86_64\x1f8\x1f', (i) => `/usr/share/pkg/file-${i}\x1c0\x1c33188\x1croot\x1croot\x1c(none)\x1c${'ab'.repeat(32)}\x1c\x1c0\x1d`, '\n');
    expect(big('file attrs', input, parseFileAttrs)[0]?.files).toHaveLength(input.count);
  });

  it('changelog: one package with all the entries', () => {
    const input = tenMegabytes('\x1epkg\x1f1-1\x1fx86_64\x1f', (i) => `${1700000000 - i}\x1cJane Doe <jane@example.com> - 1.0-${i}\x1c- Fix bug ${i}\n- Another line${'\x1d'}`, '\x03\n');
    expect(big('changelog', input, parseChangelogs)[0]?.entries).toHaveLength(input.count);
  });

  it('/proc/net/tcp6 with every socket listening', () => {
    const input = tenMegabytes('  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n', (i) => `${i}: 00000000000000000000000000000000:${(i % 65536).toString(16).toUpperCase().padStart(4, '0')} 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${1000 + i} 1 0000000000000000 100 0 0 10 0\n`);
    expect(big('proc net', input, (t) => parseProcNet(t, 'tcp6', 'tcp6'))).toHaveLength(input.count);
  });

  it("systemctl's listings", () => {
    const files = tenMegabytes('', (i) => `unit-${i}.service    enabled   enabled\n`);
    expect(big('list-unit-files', files, (t) => parseListUnitFiles(t, 's')).size).toBe(files.count);
    const units = tenMegabytes('', (i) => `unit-${i}.service loaded active running Unit number ${i}\n`);
    expect(big('list-units', units, (t) => parseListUnits(t, 's')).size).toBe(units.count);
  });

  it('/etc/passwd', () => {
    const input = tenMegabytes('', (i) => `user${i}:x:${10000 + i}:${10000 + i}:User ${i}:/home/user${i}:/bin/bash\n`);
    expect(big('passwd', input, parsePasswd).size).toBe(input.count);
  });

  it('a snapshot file', () => {
    const head = `{"schema":"${SNAPSHOT_SCHEMA}","takenAt":"2026-11-27T14:00:00Z","host":"h","root":"/","sockets":[],"services":{"units":[]},"processes":[`;
    const input = tenMegabytes(head, (i) => `${i ? ',' : ''}{"pid":${i + 1},"ppid":1,"user":"root","comm":"proc${i}","argv":["/usr/bin/proc${i}","--serve"]}`, ']}');
    expect(big('snapshot json', input, (t) => parseSnapshotJson(t, 's')).processes).toHaveLength(input.count);
  });

  it('a run record', () => {
    const record = newRecord({ id: '20261127T140000Z-000001', tool: 'rpm', commandLine: [], root: '/' });
    const [head, tail] = JSON.stringify({ ...record, packages: '@' }).split('"@"') as [string, string];
    const input = tenMegabytes(`${head}[`, (i) => `${i ? ',' : ''}{"name":"pkg${i}","arch":"x86_64","before":["1.0-1"],"after":["1.0-2"],"action":"upgraded","installOnly":false}`, `]${tail}`);
    expect(big('run record', input, (t) => parseRunRecord(t, 'record.json', record.id)).packages).toHaveLength(input.count);
  });
});
