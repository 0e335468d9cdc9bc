using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Kes.Api.Hosting;

/// <summary>The Kestrel settings that let requests Go's server accepts reach the router, so they get upstream's answers (docs/api.md §2.2).</summary>
public static class GoRequestLimits
{
    /// <summary>Go's default <c>MaxHeaderBytes</c> (1 MiB), which bounds its request line too.</summary>
    public const int MaxRequestLineSize = 1 << 20;

    /// <summary>
    /// Applies the limits: a request line up to 1 MiB, so a very long key name is the JSON 400 of name
    /// validation rather than an empty 414; and an absolute-form target whose authority differs from
    /// <c>Host</c> is served (its authority wins, as in Go) rather than refused.
    /// </summary>
    public static void Apply(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Limits.MaxRequestLineSize = MaxRequestLineSize;
        kestrel.AllowHostHeaderOverride = true;
    }
}
