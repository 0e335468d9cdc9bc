using Kes.Api.Http.Buffers;

namespace Kes.UnitTests.Buffers;

/// <summary>Opens and closes many connections on an <see cref="OpenConnections"/> count at once.</summary>
internal static class OpenConnectionsCounting
{
    /// <summary>Counts <paramref name="count"/> connections opened.</summary>
    public static void Open(this OpenConnections connections, int count)
    {
        for (var i = 0; i < count; i++)
        {
            connections.Opened();
        }
    }

    /// <summary>Counts <paramref name="count"/> connections closed.</summary>
    public static void Close(this OpenConnections connections, int count)
    {
        for (var i = 0; i < count; i++)
        {
            connections.Closed();
        }
    }
}
