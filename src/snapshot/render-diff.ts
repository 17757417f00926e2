/**
 * The human report of a snapshot diff, most important first: ports that
 * opened (those reachable on every address marked), services that will start
 * at boot or started, then what closed or stopped, then processes.
 */
import type { PortChange, ProcessChange, ProcessRef, RestartedProcess, ServiceChange, SnapshotDiff } from './diff-model.js';

const MAX_COMMAND = 160;

export function renderSnapshotDiff(d: SnapshotDiff): string {
  const sections = [
    section('Listening ports opened', d.ports.opened.map((p) => port(p, 'by'))),
    section('Services enabled (start at boot)', d.services.enabled.map(service)),
    section('Services started', d.services.started.map(service)),
    section('Processes still running a replaced executable (restart them to load the new one)', d.processes.staleExecutables.map((p) => proc(p))),
    section('Listening ports now held by another program', d.ports.ownerChanged.map((p) => `${port(p, 'now')}; before: ${holders(p.before)}`)),
    section('Listening ports closed', d.ports.closed.map((p) => port(p, 'was'))),
    section('Services disabled', d.services.disabled.map(service)),
    section('Services stopped', d.services.stopped.map(service)),
    section('Other unit file changes', d.services.otherStates.map(service)),
    section('Processes appeared', d.processes.appeared.map(change)),
    section('Processes vanished', d.processes.vanished.map(change)),
    section('Processes restarted', d.processes.restarted.map(restart)),
  ].filter((s) => s !== '');
  const out = sections.length > 0 ? sections : ['No change in listening ports, services or long-running processes.'];
  const { appeared, vanished } = d.processes.filteredOut;
  if (appeared + vanished > 0) {
    out.push(`Left out as noise: ${appeared} appeared and ${vanished} vanished processes that hold no listening socket, are not daemons (parent PID 1, no terminal) and do not belong to a package of this run.`);
  }
  if (d.notes.length > 0) out.push(section('Notes', d.notes));
  return out.join('\n\n') + '\n';
}

function section(title: string, lines: string[]): string {
  if (lines.length === 0) return '';
  return [`${title} (${lines.length}):`, ...lines.map((l) => `  ${l}`)].join('\n');
}

function port(p: PortChange, verb: string): string {
  const where = p.proto.endsWith('6') && p.address.includes(':') ? `[${p.address}]:${p.port}` : `${p.address}:${p.port}`;
  const all = p.allAddresses ? ' (bound to ALL addresses: reachable from the network unless a firewall blocks it)' : '';
  return `${p.proto} ${where}${all}, ${verb} ${holders(p.processes)}${pkg(p.package)}`;
}

function holders(ps: ProcessRef[]): string {
  if (ps.length === 0) return 'an unknown process';
  const first = ps[0] as ProcessRef;
  const more = ps.length > 1 ? ` and ${ps.length - 1} more` : '';
  return `pid ${first.pid} (${first.user}) ${short(first.command)}${more}`;
}

function service(c: ServiceChange): string {
  return `${c.name}: ${c.before ?? 'absent'} -> ${c.after ?? 'absent'}${pkg(c.package)}`;
}

function proc(p: ProcessRef): string {
  return `pid ${p.pid} (${p.user}) ${short(p.command)}${pkg(p.package)}`;
}

const WHY: Record<ProcessChange['why'], string> = { listening: 'holds a listening socket', daemon: 'daemon', package: 'runs a file of this run' };

function change(p: ProcessChange): string {
  return `${proc(p)} [${WHY[p.why]}]`;
}

function restart(r: RestartedProcess): string {
  return `${short(r.command)}: pid ${r.beforePids.join(',')} -> ${r.afterPids.join(',')}${pkg(r.package)}`;
}

function pkg(name: string | undefined): string {
  return name ? ` (package ${name})` : '';
}

function short(command: string): string {
  return command.length > MAX_COMMAND ? `${command.slice(0, MAX_COMMAND - 3)}...` : command;
}
