using System.Globalization;
using System.Runtime.InteropServices;
using Kes.Application.Status;

namespace Kes.Api.Cli;

/// <summary><c>kes -v</c>: the version, runtime, license and copyright lines of docs/cli.md §4.</summary>
internal static class VersionText
{
    public static void Write(TextWriter output)
    {
        var build = BuildInfo.FromAssembly(typeof(VersionText).Assembly);
        output.Write(string.Create(
            CultureInfo.InvariantCulture,
            $"""
            Version    {build.Version}    commit={build.Commit}
            Runtime    {RuntimeInformation.FrameworkDescription} {GoPlatform.OS}/{GoPlatform.Arch} compiler=RyuJIT
            License    AGPLv3 <https://www.gnu.org/licenses/agpl-3.0.html>
            Copyright  2015-{DateTime.UtcNow.Year} MinIO Inc. (KES) and the Kes.NET authors

            """));
    }
}
