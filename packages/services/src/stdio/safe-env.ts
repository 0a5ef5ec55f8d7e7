/** Variables passed through from the parent to a spawned MCP server unless overridden. */
export const INHERITED_ENV_VARS: readonly string[] =
  process.platform === 'win32'
    ? [
        'APPDATA',
        'HOMEDRIVE',
        'HOMEPATH',
        'LOCALAPPDATA',
        'PATH',
        'PATHEXT',
        'PROCESSOR_ARCHITECTURE',
        'SYSTEMDRIVE',
        'SYSTEMROOT',
        'TEMP',
        'TMP',
        'USERNAME',
        'USERPROFILE',
        'WINDIR',
      ]
    : ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER', 'LANG', 'LC_ALL', 'TMPDIR', 'TZ'];

/**
 * The environment for a server: the safe parent variables above (never the whole parent environment, which
 * may hold API keys), then `env` on top.
 */
export function buildServerEnv(
  env: Readonly<Record<string, string>> = {},
  parent: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of INHERITED_ENV_VARS) {
    const value = parent[name];
    // Bash exported functions start with "()"; they are a known injection vector, so never pass them on.
    if (value !== undefined && !value.startsWith('()')) result[name] = value;
  }
  return { ...result, ...env };
}
