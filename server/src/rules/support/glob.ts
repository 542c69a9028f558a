/** IAM-style wildcards (`*`, `?`) as regular expressions, compiled once per pattern: rules match them in loops. */
const compiled = new Map<string, RegExp>();

export function globRegExp(pattern: string, flags: '' | 'i' | 's' = ''): RegExp {
  const key = `${flags}\u0000${pattern}`;
  let re = compiled.get(key);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, flags);
    if (compiled.size > 10_000) compiled.clear(); // bounded: patterns come from the workspace
    compiled.set(key, re);
  }
  return re;
}

/** Whether a value matches an IAM wildcard pattern (`s3:Get*`, `arn:aws:s3:::bucket/*`). */
export function globMatch(pattern: string, value: string, flags: '' | 'i' | 's' = ''): boolean {
  return globRegExp(pattern, flags).test(value);
}
