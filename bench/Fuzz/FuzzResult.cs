using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Kes.Bench.Fuzz;

/// <summary>The tally of a campaign: answers by status, keystore errors, rule violations, transport failures and timeouts, with examples.</summary>
public sealed class FuzzResult
{
    private const int MaxExamples = 20;
    private readonly ConcurrentDictionary<int, long> _statuses = new();
    private readonly ConcurrentQueue<string> _examples = new();
    private long _sent;
    private long _violations;
    private long _transportFailures;
    private long _unexplainedTransportFailures;
    private long _timeouts;
    private long _plainErrorBodies;

    /// <summary>Requests sent.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Answers that broke a rule of <see cref="AnswerCheck"/>.</summary>
    public long Violations => Interlocked.Read(ref _violations);

    /// <summary>Requests whose connection or stream failed before an answer (a reset, a refused frame).</summary>
    public long TransportFailures => Interlocked.Read(ref _transportFailures);

    /// <summary>Transport failures of requests without a large body: nothing explains them but a server fault.</summary>
    /// <remarks>
    /// A server may answer a request it refuses (a 414 target, a bad name) before reading its body and
    /// close the connection; a client still writing a large body then fails to send it, though the
    /// server did nothing wrong. Below <see cref="LargeBody"/> the body is in flight before any answer.
    /// </remarks>
    public long UnexplainedTransportFailures => Interlocked.Read(ref _unexplainedTransportFailures);

    /// <summary>The body size from which a refused request may fail in transport (see <see cref="UnexplainedTransportFailures"/>).</summary>
    public static int LargeBody => 64 * 1024;

    /// <summary>Requests without an answer within the sender's patience.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Error answers whose non-empty body is not JSON (the HTTP layer's own rejections).</summary>
    public long PlainErrorBodies => Interlocked.Read(ref _plainErrorBodies);

    /// <summary>Answers by status code.</summary>
    public IReadOnlyDictionary<int, long> Statuses => _statuses;

    /// <summary>The first problems seen, each with its request.</summary>
    public IReadOnlyCollection<string> Examples => _examples;

    /// <summary>Counts an answer and checks it.</summary>
    public void Add(FuzzRequest request, FuzzAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        Interlocked.Increment(ref _sent);
        _statuses.AddOrUpdate(answer.Status, 1, (_, n) => n + 1);
        if (answer.Status >= 400 && answer.Body.Length > 0 && answer.ContentType != "application/json")
        {
            Interlocked.Increment(ref _plainErrorBodies);
        }

        if (AnswerCheck.Violation(answer) is { } violation)
        {
            Interlocked.Increment(ref _violations);
            Example(violation, request);
        }
    }

    /// <summary>Counts a request that got no answer.</summary>
    public void AddFailure(FuzzRequest request, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(failure);
        Interlocked.Increment(ref _sent);
        if (failure is TimeoutException)
        {
            Interlocked.Increment(ref _timeouts);
        }
        else
        {
            Interlocked.Increment(ref _transportFailures);
            if ((request.Body?.Length ?? 0) < LargeBody)
            {
                Interlocked.Increment(ref _unexplainedTransportFailures);
            }
        }

        Example($"{failure.GetType().Name}: {failure.Message}", request);
    }

    /// <summary>A short multi-line summary.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"requests {Sent}, violations {Violations}, transport failures {TransportFailures} ({UnexplainedTransportFailures} without a large body), timeouts {Timeouts}, non-JSON error bodies {PlainErrorBodies}\n");
        text.Append("statuses ").AppendJoin(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")).Append('\n');
        foreach (var example in _examples)
        {
            text.Append("  ").Append(example).Append('\n');
        }

        return text.ToString();
    }

    private void Example(string problem, FuzzRequest request)
    {
        if (_examples.Count < MaxExamples)
        {
            _examples.Enqueue($"{problem} ← {request}");
        }
    }
}
