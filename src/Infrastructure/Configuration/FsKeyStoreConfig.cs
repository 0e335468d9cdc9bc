namespace Kes.Infrastructure.Configuration;

/// <summary><c>keystore.fs</c>: keys as files in one directory.</summary>
public sealed record FsKeyStoreConfig(string Path) : KeyStoreConfig
{
    public override string Kind => "fs";

    internal override void Validate() => Require(Path, "kesconf: invalid fs keystore: no path specified");
}
