namespace Kes.IntegrationTests.Server;

/// <summary>One default test server shared by the tests of a class; each test uses its own key names.</summary>
public sealed class SharedServer : IAsyncLifetime
{
    /// <summary>The running server.</summary>
    public KesTestServer Server { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Server = await KesTestServer.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync() => await Server.DisposeAsync();
}
