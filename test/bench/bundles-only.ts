import { measureBundles } from './bundles';

const figs = await measureBundles(Number(process.argv[2] ?? 5), (m) => process.stderr.write(`${m}\n`));
for (const f of figs)
  console.log(
    f.name.padEnd(32),
    (f.bytes / 1024).toFixed(0).padStart(6),
    f.loadMedianMs.toFixed(1).padStart(8),
    (f.loadCpuMedianMs ?? Number.NaN).toFixed(1).padStart(8),
    f.loadRatio.toFixed(2),
  );
