// Preloaded into a benchmarked `node` process (node -r): prints its peak resident set size on exit.
process.on('exit', () => process.stderr.write(`\nmaxrss-bytes ${process.resourceUsage().maxRSS * 1024}\n`));
