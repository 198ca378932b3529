/**
 * CPU time of this process and of DynamoDB Local's JVM around a measurement, per operation: where
 * a request's time goes when the two share the machine's cores (the pending page's growth, issue 20).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** DynamoDB Local's java process listening on `port` (found by its command line). */
export function javaPidOnPort(port: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf('-port');
      if (args.some((a) => a.endsWith('DynamoDBLocal.jar')) && args[at + 1] === String(port))
        return Number(entry);
    } catch {
      // Gone meanwhile.
    }
  }
  return undefined;
}

function cpuSecondsOf(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

export interface CpuPerOp {
  /** DynamoDB Local's CPU ms per operation. */
  javaMs: number;
  /** This process's CPU ms per operation (load generator, API, handlers or the floor's client). */
  nodeMs: number;
}

export async function withCpu<T extends { operations: number }>(
  javaPid: number | undefined,
  run: () => Promise<T>,
): Promise<T & { cpu: CpuPerOp }> {
  const java0 = cpuSecondsOf(javaPid);
  const node0 = process.cpuUsage();
  const out = await run();
  const node = process.cpuUsage(node0);
  const ops = Math.max(1, out.operations);
  return {
    ...out,
    cpu: {
      javaMs: ((cpuSecondsOf(javaPid) - java0) * 1000) / ops,
      nodeMs: (node.user + node.system) / 1000 / ops,
    },
  };
}
