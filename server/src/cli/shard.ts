// `--shard I/N`: a stable split of the files over CI jobs, and `candor merge-sarif` to join their SARIF logs again.
import { nodeCrypto } from '../nodeModules.ts';
import type * as Sarif from 'sarif';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(spec: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return undefined;
  return { index, count };
}

/**
 * The shard (1-based) a file belongs to, from a hash of its repository-relative path: the same on every
 * machine and in every checkout folder, and unchanged for a file when other files come and go.
 */
export function shardOf(relativePath: string, count: number): number {
  const digest = nodeCrypto().createHash('sha256').update(relativePath).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

export class MergeSarifError extends Error {}

/**
 * Joins SARIF logs from several shards into one: runs of the same tool and version become one run (rules
 * united by id, `ruleIndex` renumbered, notifications kept); runs of other tools are kept as they are.
 */
export function mergeSarif(logs: Sarif.Log[]): Sarif.Log {
  if (!logs.length) throw new MergeSarifError('merge-sarif needs at least one SARIF file.');
  const merged: Sarif.Run[] = [];
  const byTool = new Map<string, Sarif.Run>();
  for (const log of logs) {
    if (log.version !== '2.1.0' || !Array.isArray(log.runs)) throw new MergeSarifError('only SARIF 2.1.0 logs can be merged.');
    for (const run of log.runs) {
      const driver = run.tool.driver;
      const toolKey = `${driver.name}\u0000${driver.version ?? ''}\u0000${JSON.stringify(run.originalUriBaseIds ?? {})}`;
      const target = byTool.get(toolKey);
      if (!target) {
        const copy = structuredClone(run);
        copy.results = copy.results ?? [];
        byTool.set(toolKey, copy);
        merged.push(copy);
        continue;
      }
      const rules = (target.tool.driver.rules ??= []);
      const indexOf = new Map(rules.map((rule, i) => [rule.id, i]));
      for (const rule of driver.rules ?? []) {
        if (!indexOf.has(rule.id)) {
          indexOf.set(rule.id, rules.length);
          rules.push(structuredClone(rule));
        }
      }
      for (const result of run.results ?? []) {
        const copy = structuredClone(result);
        if (copy.ruleId !== undefined && indexOf.has(copy.ruleId)) copy.ruleIndex = indexOf.get(copy.ruleId);
        target.results!.push(copy);
      }
      const invocations = run.invocations ?? [];
      if (invocations.length) {
        const into = (target.invocations ??= [{ executionSuccessful: true }]);
        const first = into[0]!;
        for (const invocation of invocations) {
          first.executionSuccessful = first.executionSuccessful && invocation.executionSuccessful;
          if (invocation.toolExecutionNotifications?.length) (first.toolExecutionNotifications ??= []).push(...structuredClone(invocation.toolExecutionNotifications));
        }
      }
    }
  }
  return { $schema: logs[0]!.$schema ?? 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: merged };
}
