using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Kes.Bench.Pipeline.RouteBenchmarks).Assembly).Run(args);
