// The `candor.*` editor settings the server reads, with their defaults and validation.
import type { SeveritySetting } from '../engine/types.ts';

export type LintHandlebars = 'auto' | 'always' | 'never';

export interface ServerSettings {
  enable: boolean;
  /** When plain `handlebars` files are linted: `auto` means only in a workspace with a `.candorrc.json`. */
  lintHandlebars: LintHandlebars;
  /** Severity overrides on top of every config file. */
  rules: Record<string, SeveritySetting>;
  debounceMs: number;
  /** Globs relative to each workspace folder: when set, the templates Candor checks (instead of the configs' `include`). */
  include: string[];
}

export const defaultSettings: ServerSettings = { enable: true, lintHandlebars: 'auto', rules: {}, debounceMs: 200, include: [] };

const SEVERITY_WORDS: Record<string, SeveritySetting> = { off: 'off', information: 'information', info: 'information', warning: 'warning', warn: 'warning', error: 'error' };

/** Reads whatever the client sent under `candor`, keeping defaults for anything missing or malformed. */
export function readSettings(raw: unknown, warn: (message: string) => void = () => {}): ServerSettings {
  const settings: ServerSettings = { ...defaultSettings, rules: {}, include: [] };
  if (!raw || typeof raw !== 'object') return settings;
  const value = raw as Record<string, unknown>;
  if (typeof value.enable === 'boolean') settings.enable = value.enable;
  if (value.lintHandlebars === 'auto' || value.lintHandlebars === 'always' || value.lintHandlebars === 'never') settings.lintHandlebars = value.lintHandlebars;
  else if (value.lintHandlebars !== undefined) warn(`candor.lintHandlebars must be "auto", "always" or "never"; using "auto".`);
  if (typeof value.debounceMs === 'number' && Number.isFinite(value.debounceMs) && value.debounceMs >= 0) settings.debounceMs = Math.min(value.debounceMs, 10_000);
  if (Array.isArray(value.include) && value.include.every((glob) => typeof glob === 'string')) settings.include = value.include.filter((glob) => glob.trim());
  else if (value.include !== undefined) warn('candor.include must be a list of globs; ignored.');
  if (value.rules && typeof value.rules === 'object') {
    for (const [id, severity] of Object.entries(value.rules as Record<string, unknown>)) {
      const normalised = SEVERITY_WORDS[String(severity).toLowerCase()];
      if (normalised) settings.rules[id] = normalised;
      else warn(`candor.rules.${id}: "${String(severity)}" is not a severity (use off, information, warning or error); ignored.`);
    }
  }
  return settings;
}
