namespace Kes.Infrastructure.Configuration;

/// <summary>The order in which upstream checks the backends, which decides which fault of a file with several is reported.</summary>
internal enum KeyStoreCheckOrder
{
    Fs,
    Vault,
    Fortanix,
    Gemalto,
    Gcp,
    Aws,
    Azure,
    Entrust,
}
