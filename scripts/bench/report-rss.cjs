// Preloaded into a benchmarked `node` process (node -r): prints its peak resident set size and CPU time on exit.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\nmaxrss-bytes ${usage.maxRSS * 1024}\ncpu-ms ${(usage.userCPUTime + usage.systemCPUTime) / 1000}\n`);
});
