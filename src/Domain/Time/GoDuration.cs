namespace Kes.Domain.Time;

/// <summary>Go <c>time.Duration</c> text: <c>time.ParseDuration</c> and <c>Duration.String</c>, bit for bit, on nanoseconds.</summary>
/// <remarks>
/// Reference: Go <c>src/time/format.go</c> (ParseDuration) and <c>src/time/time.go</c> (Duration.String).
/// Units: <c>ns</c>, <c>us</c>/<c>µs</c>/<c>μs</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>; a unit is required except for a lone <c>0</c>.
/// </remarks>
public static class GoDuration
{
    private const ulong Nanosecond = 1;
    private const ulong Microsecond = 1000 * Nanosecond;
    private const ulong Millisecond = 1000 * Microsecond;
    private const ulong Second = 1000 * Millisecond;
    private const ulong Minute = 60 * Second;
    private const ulong Hour = 60 * Minute;
    private const ulong Limit = 1UL << 63;

    private const long NanosecondsPerTick = 100;

    /// <summary>The longest text <see cref="Format(long)"/> returns, <c>-2562047h47m16.854775808s</c>.</summary>
    public const int FormattedMax = 32;

    /// <summary>Parses like Go's <c>time.ParseDuration</c>; false exactly where Go returns an error.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long nanoseconds)
    {
        nanoseconds = 0;
        var s = text;
        var negative = false;
        if (!s.IsEmpty && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        ulong total = 0;
        while (!s.IsEmpty)
        {
            if (s[0] != '.' && !char.IsAsciiDigit(s[0]))
            {
                return false;
            }

            var before = s.Length;
            if (!TryLeadingInt(ref s, out var value))
            {
                return false;
            }

            var hasIntegerPart = before != s.Length;
            var hasFraction = false;
            ulong fraction = 0;
            double scale = 1;
            if (!s.IsEmpty && s[0] == '.')
            {
                s = s[1..];
                var beforeFraction = s.Length;
                LeadingFraction(ref s, out fraction, out scale);
                hasFraction = beforeFraction != s.Length;
            }

            if (!hasIntegerPart && !hasFraction)
            {
                return false;
            }

            var unitLength = 0;
            while (unitLength < s.Length && s[unitLength] != '.' && !char.IsAsciiDigit(s[unitLength]))
            {
                unitLength++;
            }

            if (unitLength == 0 || !TryUnit(s[..unitLength], out var unit))
            {
                return false;
            }

            s = s[unitLength..];
            if (value > Limit / unit)
            {
                return false;
            }

            value *= unit;
            if (fraction > 0)
            {
                // Go computes the fractional part in float64; doing the same keeps results identical.
                value += (ulong)(fraction * (unit / scale));
                if (value > Limit)
                {
                    return false;
                }
            }

            // Unchecked like Go's uint64, including its wrap-around at 2^64.
            total = unchecked(total + value);
            if (total > Limit)
            {
                return false;
            }
        }

        if (negative)
        {
            nanoseconds = unchecked(-(long)total);
            return true;
        }

        if (total > long.MaxValue)
        {
            return false;
        }

        nanoseconds = (long)total;
        return true;
    }

    /// <summary>Formats like Go's <c>Duration.String</c>, e.g. <c>1h30m0s</c>, <c>300ms</c>, <c>1.5µs</c>, <c>0s</c>.</summary>
    public static string Format(long nanoseconds)
    {
        Span<char> buffer = stackalloc char[FormattedMax];
        return new string(buffer[FormatBackwards(nanoseconds, buffer)..]);
    }

    /// <summary>Formats like <see cref="Format(long)"/> into <paramref name="destination"/> (at least <see cref="FormattedMax"/> characters), for callers that write no string; returns the length.</summary>
    public static int Format(long nanoseconds, Span<char> destination)
    {
        var buffer = destination[..FormattedMax];
        var start = FormatBackwards(nanoseconds, buffer);
        buffer[start..].CopyTo(destination);
        return buffer.Length - start;
    }

    /// <summary>Writes the text at the end of <paramref name="buffer"/> and returns where it starts.</summary>
    private static int FormatBackwards(long nanoseconds, Span<char> buffer)
    {
        var w = buffer.Length;
        var u = nanoseconds < 0 ? unchecked((ulong)-nanoseconds) : (ulong)nanoseconds;

        if (u < Second)
        {
            w--;
            buffer[w] = 's';
            w--;
            int precision;
            switch (u)
            {
                case 0:
                    buffer[w] = '0';
                    return w;
                case < Microsecond:
                    precision = 0;
                    buffer[w] = 'n';
                    break;
                case < Millisecond:
                    precision = 3;
                    buffer[w] = 'µ';
                    break;
                default:
                    precision = 6;
                    buffer[w] = 'm';
                    break;
            }

            w = FormatFraction(buffer[..w], ref u, precision);
            w = FormatInteger(buffer[..w], u);
        }
        else
        {
            w--;
            buffer[w] = 's';
            w = FormatFraction(buffer[..w], ref u, 9);
            w = FormatInteger(buffer[..w], u % 60);
            u /= 60;
            if (u > 0)
            {
                w--;
                buffer[w] = 'm';
                w = FormatInteger(buffer[..w], u % 60);
                u /= 60;
                if (u > 0)
                {
                    w--;
                    buffer[w] = 'h';
                    w = FormatInteger(buffer[..w], u);
                }
            }
        }

        if (nanoseconds < 0)
        {
            w--;
            buffer[w] = '-';
        }

        return w;
    }

    /// <summary>Formats a <see cref="TimeSpan"/> the Go way; it must lie within Go's range of about ±292 years.</summary>
    public static string Format(TimeSpan value) => Format(ToNanoseconds(value));

    /// <summary>The <see cref="TimeSpan"/> of a Go duration; sub-100 ns remainders are truncated toward zero.</summary>
    public static TimeSpan ToTimeSpan(long nanoseconds) => TimeSpan.FromTicks(nanoseconds / NanosecondsPerTick);

    /// <summary>The Go duration of a <see cref="TimeSpan"/>; throws when it exceeds Go's range.</summary>
    public static long ToNanoseconds(TimeSpan value)
    {
        if (value.Ticks is > long.MaxValue / NanosecondsPerTick or < long.MinValue / NanosecondsPerTick)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The value exceeds the range of a Go duration.");
        }

        return value.Ticks * NanosecondsPerTick;
    }

    private static bool TryUnit(ReadOnlySpan<char> unit, out ulong nanoseconds)
    {
        nanoseconds = unit switch
        {
            "ns" => Nanosecond,
            "us" or "µs" or "μs" => Microsecond,
            "ms" => Millisecond,
            "s" => Second,
            "m" => Minute,
            "h" => Hour,
            _ => 0,
        };
        return nanoseconds != 0;
    }

    private static bool TryLeadingInt(ref ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (value > Limit / 10)
            {
                return false;
            }

            value = (value * 10) + (ulong)(s[i] - '0');
            if (value > Limit)
            {
                return false;
            }
        }

        s = s[i..];
        return true;
    }

    private static void LeadingFraction(ref ReadOnlySpan<char> s, out ulong value, out double scale)
    {
        value = 0;
        scale = 1;
        var overflow = false;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (overflow)
            {
                continue;
            }

            if (value > (Limit - 1) / 10)
            {
                overflow = true;
                continue;
            }

            var next = (value * 10) + (ulong)(s[i] - '0');
            if (next > Limit)
            {
                overflow = true;
                continue;
            }

            value = next;
            scale *= 10;
        }

        s = s[i..];
    }

    private static int FormatFraction(Span<char> buffer, ref ulong value, int precision)
    {
        var w = buffer.Length;
        var print = false;
        for (var i = 0; i < precision; i++)
        {
            var digit = value % 10;
            print = print || digit != 0;
            if (print)
            {
                w--;
                buffer[w] = (char)('0' + digit);
            }

            value /= 10;
        }

        if (print)
        {
            w--;
            buffer[w] = '.';
        }

        return w;
    }

    private static int FormatInteger(Span<char> buffer, ulong value)
    {
        var w = buffer.Length;
        if (value == 0)
        {
            w--;
            buffer[w] = '0';
            return w;
        }

        while (value > 0)
        {
            w--;
            buffer[w] = (char)('0' + (value % 10));
            value /= 10;
        }

        return w;
    }
}
