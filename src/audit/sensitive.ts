/**
 * Paths whose change matters for security even when only their content
 * changed (pure). The issue names PAM, sshd and sudo; the account databases
 * and /etc/security (pam_limits, pam_access, faillock) are read by the same
 * login path, so they are here too.
 */
const PREFIXES = ['/etc/pam.d/', '/etc/ssh/', '/etc/sudoers', '/etc/security/'];
const FILES = new Set(['/etc/passwd', '/etc/shadow', '/etc/group', '/etc/gshadow']);

export function isSensitivePath(p: string): boolean {
  return FILES.has(p) || PREFIXES.some((prefix) => p.startsWith(prefix));
}
