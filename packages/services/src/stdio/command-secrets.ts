import { isSecretKey, redactText } from '@clawft/types';

/** Values that look like credentials on their own: `sk-…`, GitHub, Slack and AWS key ids, JWTs. */
const SECRET_VALUE =
  /^(?:(?:sk|pk|rk)-[\w-]{16,}|gh[pousr]_\w{20,}|xox[abprs]-[\w-]{10,}|AKIA[0-9A-Z]{16}|eyJ[\w-]{10,}\.[\w-]+\.[\w-]*)$/;

/** `name=value` pairs inside an argument: `--api-key=…`, `API_TOKEN=…`, a URL query `?token=…`. */
const PAIR = /([A-Za-z0-9_.-]+)=([^&\s]+)/g;

/**
 * The secret values in a server's command line and environment: values of secret-named `env` variables
 * (`*KEY*`, `*TOKEN*`, `*SECRET*`, …), the argument after a secret-named flag (`--token x`), the value of a
 * secret-named `name=value` pair in an argument (`--api-key=x`, `?token=x`), a URL's password, and arguments
 * that look like credentials by themselves (`sk-…`, `ghp_…`).
 */
export function commandSecrets(
  args: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
): string[] {
  const secrets = Object.entries(env)
    .filter(([name]) => isSecretKey(name))
    .map(([, value]) => value);
  args.forEach((arg, index) => {
    const next = args[index + 1];
    if (/^-{1,2}[A-Za-z]/.test(arg) && !arg.includes('=') && isSecretKey(arg) && next !== undefined) {
      secrets.push(next);
    }
    if (SECRET_VALUE.test(arg)) secrets.push(arg);
    for (const [, name = '', value = ''] of arg.matchAll(PAIR)) if (isSecretKey(name)) secrets.push(value);
    const password = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:([^@/\s]+)@/i.exec(arg)?.[1];
    if (password !== undefined) secrets.push(password);
  });
  return secrets.filter((secret) => secret !== '');
}

/** `command args…` for messages, with every secret (see `commandSecrets`) replaced by `[redacted]`. */
export function describeCommand(
  command: string,
  args: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
): string {
  return redactText([command, ...args].join(' '), commandSecrets(args, env));
}
