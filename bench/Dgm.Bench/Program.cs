using Dgm.Bench;

// One subcommand per benchmark: `dgm-bench <name> [options]`.
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["sandbox"] = SandboxOverheadBenchmark.RunAsync,
    ["engine"] = EngineFanOutBenchmark.RunAsync,
    ["jobs"] = JobOrchestrationBenchmark.RunAsync,
    ["selection"] = SelectionBenchmark.RunAsync,
    ["archive"] = ArchiveBenchmark.RunAsync,
    ["loop"] = LoopBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    await Console.Error.WriteLineAsync($"usage: dgm-bench <{string.Join('|', benchmarks.Keys)}> [options]");
    return 2;
}

return await run(args[1..]);
