/**
 * Who owns the terminal. While rpm or dnf runs with saferpm's terminal (hash
 * marks, dnf's "Is this ok [y/N]"), nothing of saferpm's may draw on it: the
 * spinner registers here, and runCommand hands the terminal over before it
 * starts such a child. Kept in exec/ so the adapter needs nothing from cli/.
 */
const releasers = new Set<() => void>();

/** Registers what must stop drawing when a child takes the terminal; returns the unregister function. */
export function onTerminalHandoff(release: () => void): () => void {
  releasers.add(release);
  return () => releasers.delete(release);
}

/** Called before a child that writes to or reads from the terminal starts. */
export function handTerminalToChild(): void {
  for (const release of [...releasers]) release();
}
