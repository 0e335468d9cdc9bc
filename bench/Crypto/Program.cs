using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Kes.Bench.Crypto.SealBenchmarks).Assembly).Run(args);
