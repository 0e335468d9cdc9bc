using System.Net;
using BenchmarkDotNet.Attributes;
using Kes.Application.Logs;
using Kes.Application.Requests;
using Kes.Application.Status;
using Kes.Domain.Identities;
using Kes.Domain.Logs;
using Kes.Domain.Policies;

namespace Kes.Bench.Pipeline;

/// <summary>What one audit record costs a request: formatting it and handing it to the batching writer (docs/config.md §4.7).</summary>
[MemoryDiagnoser]
public class AuditBenchmarks : IDisposable
{
    private AuditLog? _audit;
    private RequestContext _context;

    [GlobalSetup]
    public void Setup()
    {
        _audit = new AuditLog(new StreamWriter(Stream.Null), TimeProvider.System);
        var identity = new Identity(Convert.ToHexStringLower(new byte[32]));
        _context = new RequestContext
        {
            Identity = identity,
            Method = "POST",
            Path = "/v1/key/generate/my-minio-key",
            RemoteAddress = IPAddress.Loopback,
            StartTimestamp = TimeProvider.System.GetTimestamp(),
            State = new AuditedState(PolicySet.Create(identity, [])),
        };
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _audit?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public void Record() => _audit!.Record(_context, 200, null);

    [Benchmark]
    public int Format_only()
    {
        var line = new Utf8LineBuilder(stackalloc byte[512]);
        SlogText.Append(ref line, TimeProvider.System.GetUtcNow(), SlogLevels.Info, "request", _context);
        var length = line.Written.Length;
        line.Dispose();
        return length;
    }

    /// <summary>A server state whose audit level lets every record through.</summary>
    private sealed class AuditedState(PolicySet policies) : IServerState
    {
        public PolicySet Policies => policies;

        public Kes.Application.Caching.KeyCache Cache => throw new InvalidOperationException("an audit record never reads the cache");

        public IApiCatalog Api => throw new InvalidOperationException("an audit record never lists the API");

        public int ErrorLogLevel => SlogLevels.Info;

        public int AuditLogLevel => SlogLevels.Info;
    }
}
