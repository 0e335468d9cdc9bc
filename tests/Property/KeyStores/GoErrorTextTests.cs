using Kes.Infrastructure.KeyStores.FileSystem;

namespace Kes.PropertyTests.KeyStores;

public class GoErrorTextTests
{
    [SkippableTheory]
    [InlineData(2, "no such file or directory")]
    [InlineData(5, "input/output error")]
    [InlineData(13, "permission denied")]
    [InlineData(21, "is a directory")]
    [InlineData(24, "too many open files")]
    [InlineData(28, "no space left on device")]
    [InlineData(30, "read-only file system")]
    public void An_errno_reads_as_Go_prints_it(int errno, string text)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the errno numbers are Linux's");

        Assert.Equal(text, GoErrorText.Of(errno));
        Assert.Equal(text, GoErrorText.Of(new IOException(".NET's own words", errno)));
    }

    [Fact]
    public void Dotnet_exceptions_for_an_errno_read_as_Go_prints_that_errno()
    {
        Assert.Equal("permission denied", GoErrorText.Of(new UnauthorizedAccessException("Access to the path '/var/lib/kes/keys/other' is denied.")));
        Assert.Equal("no such file or directory", GoErrorText.Of(new FileNotFoundException("Could not find file.")));
        Assert.Equal("no such file or directory", GoErrorText.Of(new DirectoryNotFoundException("Could not find a part of the path.")));
    }

    [Fact]
    public void A_path_error_names_the_operation_and_the_path()
    {
        var error = GoErrorText.PathError("open", "/var/lib/kes/keys/other", new UnauthorizedAccessException("Access to the path '/var/lib/kes/keys/other' is denied."));

        Assert.Equal("open /var/lib/kes/keys/other: permission denied", error.Message);
        Assert.IsType<UnauthorizedAccessException>(error.InnerException);
    }
}
