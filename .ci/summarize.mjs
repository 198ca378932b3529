// Adds up vitest's JSON reports and prints the closing line CI reads. A step that failed
// without a report (typecheck, lint, a crashed run) counts as one failure, so red stays red.
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const failedSteps = Number(args.pop() ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;
for (const file of args) {
  if (!existsSync(file)) {
    missing++;
    console.log(`no report: ${file}`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  if (!report.success && report.numFailedTests === 0) failed++; // e.g. a suite that failed to load
}
// A step that failed while its tests passed (biome, tsc) still fails the run.
if (failed === 0 && (failedSteps > 0 || missing > 0)) failed = Math.max(failedSteps, missing);
if (passed + failed === 0) failed = 1; // running no test is not a pass
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
