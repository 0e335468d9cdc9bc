using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Kes.Bench.Load;

/// <summary>Drives one operation over C keep-alive connections, or C streams on one HTTP/2 connection, and measures throughput and latency.</summary>
public static class LoadRunner
{
    private static readonly string Context = Convert.ToBase64String("{\"bucket\":\"bucket/object\"}"u8);

    /// <summary>Prepares the key, warms up, runs, and reads the server's counters before and after.</summary>
    public static async Task<LoadResult> RunAsync(LoadOptions options, string target, bool isKes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var clients = ClientSet.Create(options);
        var request = isKes ? await PrepareAsync(clients.Clients[0], options, cancellationToken) : BaselineRequest;
        await DriveAsync(clients.Clients, options.Connections, request, options.WarmUp, null, cancellationToken);
        return await MeasureAsync(clients, options, target, request, options.Requests, cancellationToken);
    }

    /// <summary>The request the baseline answers: a POST with a small body, like MinIO's.</summary>
    public static PreparedRequest BaselineRequest { get; } = new(HttpMethod.Post, "/baseline", "{}");

    /// <summary>Drives <paramref name="limit"/> requests (or the options' duration) on clients already prepared, reading the server's counters before and after.</summary>
    public static async Task<LoadResult> MeasureAsync(ClientSet clients, LoadOptions options, string target, PreparedRequest request, long? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(request);
        var client = clients.Clients[0];
        var before = await ReadCountersAsync(client, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var (latencies, errors, protocol) = await DriveAsync(clients.Clients, options.Connections, request, options.Duration, limit, cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var after = await ReadCountersAsync(client, cancellationToken);

        Array.Sort(latencies);
        var requests = latencies.Length + errors;
        double? bytesPerRequest = requests > 0 && after.Allocated > 0 ? (after.Allocated - before.Allocated) / (double)requests : null;
        long? reads = target == "baseline" ? null : after.KeyStoreReads - before.KeyStoreReads;
        return new LoadResult(
            target,
            options.Operation,
            options.Connections,
            protocol,
            requests,
            errors,
            seconds,
            requests / seconds,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.90),
            Percentile(latencies, 0.99),
            latencies.Length == 0 ? 0 : latencies[^1],
            bytesPerRequest,
            reads)
        {
            OpenedConnections = clients.OpenedConnections,
            ServerConnections = after.Open > 0 ? after.Open : null,
        };
    }

    /// <summary>Creates the key (if missing) and, for decrypt, one ciphertext to open over and over.</summary>
    public static async Task<PreparedRequest> PrepareAsync(HttpClient client, LoadOptions options, CancellationToken cancellationToken)
    {
        var key = options.KeyName;
        using (var created = await client.PostAsync($"/v1/key/create/{key}", null, cancellationToken))
        {
            var exists = created.StatusCode == HttpStatusCode.BadRequest
                && (await created.Content.ReadAsStringAsync(cancellationToken)).Contains("key already exists", StringComparison.Ordinal);
            if (created.StatusCode != HttpStatusCode.OK && !exists)
            {
                throw new InvalidOperationException($"creating the key failed: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        switch (options.Operation)
        {
            case "generate":
                return new(HttpMethod.Post, $"/v1/key/generate/{key}", $"{{\"context\":\"{Context}\"}}");
            case "encrypt":
                return new(HttpMethod.Post, $"/v1/key/encrypt/{key}", $"{{\"plaintext\":\"{Convert.ToBase64String(new byte[32])}\",\"context\":\"{Context}\"}}");
            case "hmac":
                return new(HttpMethod.Put, $"/v1/key/hmac/{key}", $"{{\"message\":\"{Convert.ToBase64String("root access key"u8)}\"}}");
            case "status":
                return new(HttpMethod.Get, "/v1/status", null);
            case "decrypt":
                using (var generated = await client.PostAsync($"/v1/key/generate/{key}", new StringContent($"{{\"context\":\"{Context}\"}}"), cancellationToken))
                {
                    using var json = JsonDocument.Parse(await generated.Content.ReadAsStringAsync(cancellationToken));
                    var ciphertext = json.RootElement.GetProperty("ciphertext").GetString();
                    return new(HttpMethod.Post, $"/v1/key/decrypt/{key}", $"{{\"ciphertext\":\"{ciphertext}\",\"context\":\"{Context}\"}}");
                }

            default:
                throw new ArgumentException($"unknown operation '{options.Operation}': use generate, decrypt, encrypt, hmac or status");
        }
    }

    /// <summary>Runs the workers; the protocol is the one the server actually answered with, so a run can never claim HTTP/2 it did not get.</summary>
    private static async Task<(double[] Latencies, long Errors, string Protocol)> DriveAsync(
        HttpClient[] clients, int streams, PreparedRequest prepared, TimeSpan duration, long? limit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long issued = 0;
        long errors = 0;
        var (method, path, body) = prepared;
        var payload = body is null ? null : Encoding.UTF8.GetBytes(body);
        var negotiated = "none";
        var perWorker = new List<double>[streams];
        var workers = new Task[streams];
        for (var i = 0; i < streams; i++)
        {
            var latencies = perWorker[i] = new List<double>(1 << 16);
            var client = clients[i % clients.Length];
            workers[i] = Task.Run(
                async () =>
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        if (limit is { } max ? Interlocked.Increment(ref issued) > max : Stopwatch.GetTimestamp() > deadline)
                        {
                            return;
                        }

                        // A hand-built request is HTTP/1.1 unless told otherwise: the client's defaults apply only to its helpers.
                        using var request = new HttpRequestMessage(method, path) { Version = client.DefaultRequestVersion, VersionPolicy = client.DefaultVersionPolicy };
                        if (payload is not null)
                        {
                            request.Content = new ByteArrayContent(payload);
                        }

                        var start = Stopwatch.GetTimestamp();
                        try
                        {
                            using var response = await client.SendAsync(request, cancellationToken);
                            await response.Content.ReadAsByteArrayAsync(cancellationToken);
                            negotiated = response.Version.Major == 2 ? "h2" : $"http/{response.Version}";
                            if (response.IsSuccessStatusCode)
                            {
                                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                            }
                            else
                            {
                                Interlocked.Increment(ref errors);
                            }
                        }
                        catch (HttpRequestException)
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }
                },
                cancellationToken);
        }

        await Task.WhenAll(workers);
        return ([.. perWorker.SelectMany(l => l)], errors, negotiated);
    }

    private static async Task<(long Allocated, long KeyStoreReads, long Open)> ReadCountersAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/metrics") { Version = client.DefaultRequestVersion, VersionPolicy = client.DefaultVersionPolicy };
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (Sample(text, "kes_runtime_allocated_bytes_total"), Sample(text, "kes_keystore_reads_total"), Sample(text, BaselineServer.OpenFamily));
    }

    private static long Sample(string exposition, string family)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(family + " ", StringComparison.Ordinal))
            {
                return (long)double.Parse(line[(family.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}
