using System.Buffers;
using System.Text.Json;
using Kes.Api.Http.Routing;
using Kes.Application.Json;
using Kes.Application.Logs;
using Kes.Application.Metrics;

namespace Kes.Api.Http.Routes;

/// <summary><c>/v1/log/error</c> and <c>/v1/log/audit</c>: ndjson streams of what happens after the subscription (docs/COMPATIBILITY.md D1).</summary>
public static class LogRoutes
{
    /// <summary>The two stream routes; they have no timeout.</summary>
    public static IEnumerable<Route> All { get; } =
    [
        new("GET", "/v1/log/error", 0, TimeSpan.Zero, RouteAuth.Verify, call => StreamAsync(call, audit: false)) { HoldsState = false },
        new("GET", "/v1/log/audit", 0, TimeSpan.Zero, RouteAuth.Verify, call => StreamAsync(call, audit: true)) { HoldsState = false },
    ];

    private static async Task StreamAsync(RouteCall call, bool audit)
    {
        var stream = await call.Mediator.Send(new SubscribeLog(call.Context, audit)).ConfigureAwait(false);
        var metrics = call.Http.RequestServices.GetRequiredService<KesMetrics>();
        var response = call.Http.Response;

        // Subscribe before the headers go out: a client that has seen them must get every later event.
        using var subscriber = stream.Subscribe();
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/x-ndjson";
        await response.StartAsync(call.Http.RequestAborted).ConfigureAwait(false);
        await response.Body.FlushAsync(call.Http.RequestAborted).ConfigureAwait(false);
        try
        {
            await foreach (var line in subscriber.ReadAllAsync(call.Http.RequestAborted).ConfigureAwait(false))
            {
                var bytes = audit ? System.Text.Encoding.UTF8.GetBytes(line + "\n") : ErrorLine(line);
                await response.Body.WriteAsync(bytes, call.Http.RequestAborted).ConfigureAwait(false);
                await response.Body.FlushAsync(call.Http.RequestAborted).ConfigureAwait(false);
                if (audit)
                {
                    metrics.AuditEventWritten();
                }
                else
                {
                    metrics.ErrorEventWritten();
                }
            }
        }
        catch (OperationCanceledException) when (call.Http.RequestAborted.IsCancellationRequested)
        {
            // The subscriber went away; the stream simply ends.
        }
    }

    private static byte[] ErrorLine(string line)
    {
        var buffer = new ArrayBufferWriter<byte>(line.Length + 16);
        using (var json = new Utf8JsonWriter(buffer, GoJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("message", line);
            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
