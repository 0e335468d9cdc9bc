namespace Kes.Api.Cli.Migrate;

/// <summary>What to do with a name that already exists in the target.</summary>
internal enum ExistingKeys
{
    /// <summary>Stop with an error (the default).</summary>
    Fail,

    /// <summary>Keep the target's key (<c>--merge</c>).</summary>
    Skip,

    /// <summary>Delete and re-create it (<c>--force</c>).</summary>
    Replace,
}
