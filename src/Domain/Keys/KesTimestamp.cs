using System.Globalization;

namespace Kes.Domain.Keys;

/// <summary>A UTC instant with nanosecond precision, as protobuf <c>Timestamp</c> and Go's <c>time.Time</c> keep it.</summary>
public readonly record struct KesTimestamp(long Seconds, int Nanos)
{
    private const long UnixEpochTicks = 621355968000000000;

    /// <summary>Go's zero time, <c>0001-01-01T00:00:00Z</c>.</summary>
    public static KesTimestamp Zero { get; } = FromDateTime(DateTime.MinValue);

    /// <summary>The current time.</summary>
    public static KesTimestamp Now => FromDateTime(DateTime.UtcNow);

    /// <summary>Whether this is Go's zero time.</summary>
    public bool IsZero => this == Zero;

    /// <summary>The instant of a <see cref="DateTime"/>, taken as UTC unless it says otherwise.</summary>
    public static KesTimestamp FromDateTime(DateTime time)
    {
        var ticks = (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).Ticks - UnixEpochTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }

        return new KesTimestamp(seconds, (int)(rest * 100));
    }

    /// <summary>Parses an RFC 3339 time with up to nine fractional digits.</summary>
    public static bool TryParseRfc3339(string text, out KesTimestamp timestamp)
    {
        timestamp = default;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var nanos = 0;
        var withoutFraction = text;
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            var digits = end - dot - 1;
            if (digits is 0 or > 9)
            {
                return false;
            }

            nanos = int.Parse(text.AsSpan(dot + 1, digits), NumberStyles.None, CultureInfo.InvariantCulture);
            for (var i = digits; i < 9; i++)
            {
                nanos *= 10;
            }

            withoutFraction = string.Concat(text.AsSpan(0, dot), text.AsSpan(end));
        }

        if (!DateTimeOffset.TryParseExact(
                withoutFraction,
                ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd't'HH:mm:ssK"],
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out var parsed))
        {
            return false;
        }

        var whole = FromDateTime(parsed.UtcDateTime);
        timestamp = new KesTimestamp(whole.Seconds, nanos);
        return true;
    }

    /// <summary>The instant as a UTC <see cref="DateTime"/>, rounded down to 100 ns.</summary>
    public DateTime ToDateTime() =>
        new(UnixEpochTicks + (Seconds * TimeSpan.TicksPerSecond) + (Nanos / 100), DateTimeKind.Utc);

    /// <summary>RFC 3339 in UTC as Go writes it: up to nine fractional digits, trailing zeros and a zero fraction dropped.</summary>
    public string ToRfc3339()
    {
        var whole = new DateTime(UnixEpochTicks + (Seconds * TimeSpan.TicksPerSecond), DateTimeKind.Utc)
            .ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (Nanos == 0)
        {
            return whole + "Z";
        }

        var fraction = Nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return $"{whole}.{fraction}Z";
    }

    /// <inheritdoc />
    public override string ToString() => ToRfc3339();
}
