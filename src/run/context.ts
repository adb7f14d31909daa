/** What every command gets from the outside world: clock, environment, progress sink. */
export interface RunEnv {
  /** the current instant (epoch ms); injected so tests and reruns are deterministic */
  now: number;
  env: Record<string, string | undefined>;
  /** progress lines for humans (the CLI prints them on a TTY only) */
  progress: (message: string) => void;
  /** the working directory (defaults for the config and the out dir are relative to it) */
  cwd: string;
  /**
   * Told each secret value the config names once it is loaded (with the users of its
   * basic-auth forms), so the CLI's output redaction hunts it whatever its variable is called.
   */
  secret?: (value: string, users?: readonly string[]) => void;
}

export const DEFAULT_CONFIG_FILE = 'glasstrail.config.yaml';
