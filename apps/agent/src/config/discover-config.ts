import { join, resolve } from 'node:path';
import { ConfigError, type ConfigResult, loadConfig, parseConfig } from '@clawft/types';

/** Where the config came from, in discovery order. */
export type ConfigSourceKind = 'flag' | 'env' | 'cwd' | 'home' | 'defaults';

export interface ConfigSource {
  kind: ConfigSourceKind;
  /** Absolute path of the file; absent for the built-in defaults. */
  path?: string;
  /** How the source was chosen, for people: `--config`, `CLAWFT_CONFIG`, … */
  description: string;
}

export interface DiscoveredConfig extends ConfigResult {
  source: ConfigSource;
}

export interface DiscoverConfigOptions {
  /** The `--config` argument, if given. */
  flagPath?: string;
  /** Environment read for `CLAWFT_CONFIG`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Directory searched for `clawft.json` and against which relative paths resolve. */
  cwd: string;
  /** Home directory: `~/.clawft/config.json` is searched there and `~` in path fields expands to it. */
  homeDir: string;
  signal?: AbortSignal;
}

/**
 * Finds and loads the config: `--config <path>`, then `CLAWFT_CONFIG`, then `./clawft.json`, then
 * `~/.clawft/config.json`, else the built-in defaults. A file named explicitly (flag or env) must exist; the two
 * conventional locations are skipped when absent.
 *
 * @throws ConfigError (any kind) when the chosen file is missing (explicit only), unreadable or invalid.
 */
export async function discoverConfig(options: DiscoverConfigOptions): Promise<DiscoveredConfig> {
  const load = async (path: string, source: Omit<ConfigSource, 'path'>): Promise<DiscoveredConfig> => {
    const file = resolve(options.cwd, path);
    const loadOptions = options.signal
      ? { homeDir: options.homeDir, env: options.env, signal: options.signal }
      : { homeDir: options.homeDir, env: options.env };
    return { ...(await loadConfig(file, loadOptions)), source: { ...source, path: file } };
  };
  if (options.flagPath !== undefined)
    return load(options.flagPath, { kind: 'flag', description: '--config' });
  const fromEnv = options.env.CLAWFT_CONFIG;
  if (fromEnv !== undefined && fromEnv !== '') {
    return load(fromEnv, { kind: 'env', description: 'CLAWFT_CONFIG' });
  }
  const conventional: [string, Omit<ConfigSource, 'path'>][] = [
    [join(options.cwd, 'clawft.json'), { kind: 'cwd', description: './clawft.json' }],
    [join(options.homeDir, '.clawft', 'config.json'), { kind: 'home', description: '~/.clawft/config.json' }],
  ];
  for (const [path, source] of conventional) {
    try {
      return await load(path, source);
    } catch (error) {
      if (!(ConfigError.is(error) && error.kind === 'config-not-found')) throw error;
    }
  }
  return {
    ...parseConfig({}, { homeDir: options.homeDir, env: options.env }),
    source: { kind: 'defaults', description: 'built-in defaults (no config file found)' },
  };
}
