/**
 * The commented template 'saferpm plan init' writes. It parses as a valid plan
 * with every person and procedure left empty, so 'saferpm plan check' lists
 * what is still to fill in. The policy values are saferpm's defaults.
 */
import { DEFAULT_POLICY } from './model.js';

/** Each default boot-critical pattern with the reason it is there. */
const BOOT_CRITICAL_REASONS: readonly [string, string][] = [
  ['kernel*', 'the kernel image, its modules and core packages'],
  ['glibc', 'the C library every program (init too) links to'],
  ['systemd', 'PID 1; a broken one stops the boot'],
  ['systemd-udev', 'finds the disks at boot (also in the initramfs)'],
  ['dracut', 'builds the initramfs (RHEL 6 and later)'],
  ['mkinitrd', 'builds the initrd (RHEL 5 and older)'],
  ['grub', 'GRUB legacy (RHEL 6 and older)'],
  ['grub2*', 'GRUB 2: boot loader, modules and grub2-tools'],
  ['shim*', 'UEFI Secure Boot first stage, loads GRUB'],
  ['lilo', 'LILO: /sbin/lilo must rewrite its map after a change'],
  ['syslinux*', 'syslinux and extlinux boot loaders'],
  ['initscripts', 'rc.sysinit mounts the file systems (SysV init)'],
  ['selinux-policy*', 'a broken policy stops an enforcing system at boot'],
  ['lvm2', 'activates the root volume (inside the initramfs)'],
  ['device-mapper*', 'LVM and multipath devices (inside the initramfs)'],
  ['mdadm', 'assembles software RAID holding / or /boot'],
  ['cryptsetup*', 'unlocks an encrypted root'],
  ['kmod', 'loads the kernel modules at boot'],
];

export function planTemplate(): string {
  const p = DEFAULT_POLICY;
  const width = Math.max(...BOOT_CRITICAL_REASONS.map(([n]) => n.length)) + 4;
  const critical = BOOT_CRITICAL_REASONS.map(([name, why]) => `  ${`"${name}",`.padEnd(width)}# ${why}`);
  return `${HEAD}
[policy]
# Kernels to keep after a run; older ones beyond this are erased (never the
# running one or the new one). 0 keeps all, as rpm -i does; dnf keeps 3.
keep_kernels = ${p.keepKernels}

# Refuse to replace a package unless a copy of its installed version (a
# "standby" package file) is found, so that a downgrade is always possible.
require_standby = ${p.requireStandby}

# The command 'saferpm reboot' runs once the boot check passed and the
# recovery note is written (an argument vector, no shell).
reboot_command = ${JSON.stringify(p.rebootCommand)}

# Packages (names or provides) to treat as install-only, like kernels:
# installed beside the old version, never upgraded in place.
installonly_extra = []

# Directories searched for copies of installed versions (besides dnf's and
# yum's package caches under /var/cache).
standby_dirs = []

# A file integrity check run after patching, e.g. ["aide", "--check"].
# integrity_command = ["aide", "--check"]

# Mail the recovery note to the contacts after a run that changed a
# boot-critical package.
mail_note = ${p.mailNote}

# Packages whose change makes saferpm write a recovery note and check the
# boot loader ('*' and '?' match as in shell patterns).
boot_critical = [
${critical.join('\n')}
]
`;
}

const HEAD = `# saferpm patch plan: the written patch-management plan for this host.
# Printed in every recovery note; checked by 'saferpm plan check'.
# Format: TOML (https://toml.io/en/v1.0.0). Values in "quotes"; dates as
# 2026-11-20; true/false and numbers without quotes.

[contacts.primary]
# The person who applies patches on this host.
name = ""
phone = ""
email = ""

[contacts.backup]
# Who to call when the primary contact cannot be reached.
name = ""
phone = ""
email = ""

# One [[contacts.owners]] block per critical service on this host: the
# developer or owner to call when a patch breaks it. Copy the block for more.
[[contacts.owners]]
service = "example-service"
name = ""
phone = ""
email = ""

[sources]
# What to watch for patches, per service: mailing lists, advisories, sites.
# kernel = ["rhsa-announce@redhat.com",
#           "https://access.redhat.com/security/security-updates"]
# openssh = ["https://www.openssh.com/security.html"]

[recovery]
# How this host is backed up, and how a restore is done (tested when?).
backup_procedure = """
"""
# Where the backups are (host, path, tape pool, snapshot name).
backup_location = ""
# What to do if a patch breaks something: who decides, rollback or fix forward.
if_patch_breaks = """
"""

[testing]
# The test system the patches were tried on first, and when.
host = ""
# date = 2026-11-20
notes = ""
`;
