/**
 * A kernel that fell back in a trial boot (docs/trial-boot.md) is not to be
 * booted again until an admin says so ('saferpm trial clear KERNEL'): the
 * boot check, and so 'saferpm reboot' and 'saferpm preflight', refuse it.
 */
import { fail, pass, skip, type Check } from './types.js';

export const notExcluded: Check = {
  id: 'not-excluded',
  title: 'The new kernel did not fall back in a trial boot',
  level: 'required',
  run: (ctx) => {
    if (!ctx.kernel) return skip('no kernel to check');
    if (ctx.excludedError) return fail(`cannot tell whether ${ctx.kernel} fell back in a trial boot: ${ctx.excludedError}; see 'saferpm trial status', then repair or remove the file`, 'the list of kernels that fell back in a trial boot cannot be read');
    const x = ctx.excluded?.find((e) => e.kernel === ctx.kernel);
    if (!x) return pass(ctx.excluded?.length ? `excluded: ${ctx.excluded.map((e) => e.kernel).join(', ')}; not this one` : 'no kernel is excluded');
    return fail(`${x.kernel} fell back in trial ${x.trialId} (${x.reason}); 'saferpm trial clear ${x.kernel}' after fixing it`, `${x.kernel} fell back in trial ${x.trialId}`);
  },
};
