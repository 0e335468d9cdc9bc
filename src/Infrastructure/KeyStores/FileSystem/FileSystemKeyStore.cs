using System.Buffers;
using System.Diagnostics;
using System.IO.Enumeration;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Kes.Domain.Errors;
using Kes.Domain.Ports;
using Microsoft.Win32.SafeHandles;

namespace Kes.Infrastructure.KeyStores.FileSystem;

/// <summary>A directory of key files (docs/keystores.md §5): one file per key, named after the key, holding the stored value exactly.</summary>
/// <remarks>
/// Unlike upstream, a create never exposes a partial file. The value is written and fsynced under a
/// temporary dot-name, which no key name can take, then published with link(2), which fails rather
/// than replace an existing key, and the directory is fsynced before the call returns. A crash
/// leaves either no key or the whole key, plus at most a temporary file that listing skips and a
/// later start removes. The directory is created 0700 and files 0600 (upstream: 0755 and 0600).
/// The file system must support hard links.
/// Only regular files are keys: a read opens without following a symbolic link and without waiting
/// for a FIFO's writer, and refuses anything that is not a regular file (docs/COMPATIBILITY.md). Every
/// I/O failure is worded as Go's <c>os.PathError</c> (<see cref="GoErrorText"/>).
/// </remarks>
[UnsupportedOSPlatform("windows")]
public sealed class FileSystemKeyStore : IKeyStore
{
    /// <summary>The largest value the store writes or reads, as upstream reads at most 1 MiB.</summary>
    public const int MaxValueSize = 1 << 20;

    private const string InvalidNameMessage = "fs: key name contains invalid character";
    private const string TempPrefix = ".tmp-";
    private const int TempSuffixLength = 32;
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode KeyFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // A create holds its temporary file for milliseconds; one that is older belongs to a writer that died.
    private static readonly TimeSpan StaleTempAge = TimeSpan.FromMinutes(1);

    private static readonly SearchValues<char> ForbiddenInName = SearchValues.Create("/\\.\0");

    private static readonly EnumerationOptions EveryEntry = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    private readonly string _directory;
    private volatile bool _disposed;

    /// <summary>Opens the store in <paramref name="path"/>, creating the directory and its parents (0700) if it does not exist.</summary>
    /// <exception cref="IOException"><paramref name="path"/> exists but is not a directory.</exception>
    public FileSystemKeyStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        Description = "Filesystem: " + path;

        if (!Directory.Exists(_directory))
        {
            if (Path.Exists(_directory))
            {
                throw new IOException($"fs: '{path}' is not a directory");
            }

            CreateDirectories(_directory);
        }

        RemoveStaleTempFiles();
    }

    /// <summary>The banner string upstream prints for this store: <c>Filesystem: &lt;path&gt;</c>.</summary>
    public string Description { get; }

    /// <inheritdoc />
    public async Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        var path = KeyPath(name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value.Length, MaxValueSize, nameof(value));
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();

        var temp = Path.Combine(_directory, TempPrefix + RandomNumberGenerator.GetHexString(TempSuffixLength, lowercase: true));
        try
        {
            await WriteDurablyAsync(temp, value, cancellationToken).ConfigureAwait(false);
            if (Posix.Link(temp, path) != 0)
            {
                throw LinkFailed(temp, path);
            }
        }
        finally
        {
            // After the link the temporary name is a second name of the key file; without it, a value nobody will read.
            // A failed unlink leaves a file that listing skips and a later start removes.
            _ = Posix.Unlink(temp);
        }

        Posix.SyncDirectory(_directory);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The read runs on a pool thread and the call returns when <paramref name="cancellationToken"/>
    /// fires even if the file system never answers (a hung network mount); a value that arrives after
    /// that is cleared, as nobody will use it.
    /// </remarks>
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken)
    {
        var path = KeyPath(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();

        var reading = Task.Run(() => ReadKeyFile(name, path), CancellationToken.None);
        try
        {
            return await reading.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _ = reading.ContinueWith(
                static read => CryptographicOperations.ZeroMemory(read.Result),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion,
                TaskScheduler.Default);
            throw;
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            Delete(name);
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    /// <inheritdoc />
    /// <remarks>Every regular file is a name, dot-files included, except this store's temporary files; directories, links, FIFOs, devices and sockets are not keys.</remarks>
    public Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<KeyListPage>(cancellationToken);
        }

        try
        {
            return Task.FromResult(List(prefix, limit));
        }
        catch (Exception e)
        {
            return Task.FromException<KeyListPage>(e);
        }
    }

    /// <inheritdoc />
    /// <remarks>The latency is the time to stat the directory; any failure to do so means unreachable.</remarks>
    public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TimeSpan>(cancellationToken);
        }

        if (_disposed)
        {
            return Task.FromException<TimeSpan>(new ObjectDisposedException(GetType().FullName));
        }

        var start = Stopwatch.GetTimestamp();
        FileAttributes attributes;
        try
        {
            attributes = File.GetAttributes(_directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromException<TimeSpan>(new KeyStoreUnreachableException(GoErrorText.PathError("stat", _directory, e)));
        }

        var latency = Stopwatch.GetElapsedTime(start);
        if ((attributes & FileAttributes.Directory) == 0)
        {
            var cause = new IOException($"fs: '{_directory}' is not a directory");
            return Task.FromException<TimeSpan>(new KeyStoreUnreachableException(cause));
        }

        return Task.FromResult(latency);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }

    /// <summary>Creates <paramref name="path"/> and its missing parents, each 0700 as Go's MkdirAll gives each its mode.</summary>
    /// <remarks><see cref="Directory.CreateDirectory(string, UnixFileMode)"/> applies the mode to the last directory only.</remarks>
    private static void CreateDirectories(string path)
    {
        var missing = new Stack<string>();
        for (var directory = path; directory is not null && !Path.Exists(directory); directory = Path.GetDirectoryName(directory))
        {
            missing.Push(directory);
        }

        while (missing.TryPop(out var directory))
        {
            try
            {
                Directory.CreateDirectory(directory, DirectoryMode);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw GoErrorText.PathError("mkdir", directory, e);
            }
        }
    }

    private static byte[] ReadKeyFile(string name, string path)
    {
        using var file = Posix.OpenForReading(path) ?? throw OpenFailed(path);
        if (!Posix.IsRegularFile(file))
        {
            throw NotRegularFile(path);
        }

        long length;
        try
        {
            length = RandomAccess.GetLength(file);
        }
        catch (IOException e)
        {
            throw GoErrorText.PathError("stat", path, e);
        }

        if (length > MaxValueSize)
        {
            throw new IOException($"fs: key '{name}' is larger than 1 MiB");
        }

        var value = new byte[length];
        var read = ReadFully(file, value, path);
        if (read == value.Length)
        {
            return value;
        }

        var shorter = value.AsSpan(0, read).ToArray();
        CryptographicOperations.ZeroMemory(value);
        return shorter;
    }

    private static int ReadFully(SafeFileHandle file, byte[] destination, string path)
    {
        var read = 0;
        try
        {
            while (read < destination.Length)
            {
                var count = RandomAccess.Read(file, destination.AsSpan(read), read);
                if (count == 0)
                {
                    break;
                }

                read += count;
            }

            return read;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CryptographicOperations.ZeroMemory(destination);
            throw GoErrorText.PathError("read", path, e);
        }
    }

    private static Exception OpenFailed(string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return errno == Errno.NoSuchFile ? new KesException(KesError.KeyNotFound)
            : errno == Errno.SymbolicLink ? NotRegularFile(path)
            : GoErrorText.PathError("open", path, errno);
    }

    private static IOException NotRegularFile(string path) => new($"open {path}: not a regular file");

    private static async Task WriteDurablyAsync(string path, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        // No buffer, so that no copy of the value sits in the stream; created 0600, never widened later.
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            UnixCreateMode = KeyFileMode,
        };

        FileStream stream;
        try
        {
            stream = new FileStream(path, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw GoErrorText.PathError("open", path, e);
        }

        await using (stream.ConfigureAwait(false))
        {
            var operation = "write";
            try
            {
                await stream.WriteAsync(value, cancellationToken).ConfigureAwait(false);
                operation = "sync";
                stream.Flush(flushToDisk: true);
            }
            catch (IOException e)
            {
                throw GoErrorText.PathError(operation, path, e);
            }
        }
    }

    private static Exception LinkFailed(string temp, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return errno == Errno.AlreadyExists
            ? new KesException(KesError.KeyExists)
            : new IOException($"link {temp} {path}: {GoErrorText.Of(errno)}", errno);
    }

    private static bool IsTempName(ReadOnlySpan<char> name)
    {
        if (name.Length != TempPrefix.Length + TempSuffixLength || !name.StartsWith(TempPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name[TempPrefix.Length..])
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A single path segment that names a key: no separator, no dot, no NUL, and valid UTF-16.</summary>
    /// <remarks>
    /// Upstream checks only <c>/</c>, <c>\</c> and <c>.</c>; keys from the config file bypass the API's
    /// name rule, so this is the last guard before a path. A lone surrogate would reach the file
    /// system as U+FFFD and so alias another name.
    /// </remarks>
    private static bool IsPlainName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.ContainsAny(ForbiddenInName))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(name[i]))
            {
                return false;
            }
        }

        return true;
    }

    private string KeyPath(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsPlainName(name))
        {
            throw new ArgumentException(InvalidNameMessage);
        }

        return Path.Combine(_directory, name);
    }

    private void Delete(string name)
    {
        var path = KeyPath(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Posix.Unlink(path) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.NoSuchFile)
            {
                throw new KesException(KesError.KeyNotFound);
            }

            throw GoErrorText.PathError("remove", path, errno);
        }

        Posix.SyncDirectory(_directory);
    }

    private KeyListPage List(string prefix, int limit)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            var names = new FileSystemEnumerable<string>(_directory, static (ref entry) => entry.FileName.ToString(), EveryEntry)
            {
                ShouldIncludePredicate = static (ref entry) =>
                    !entry.IsDirectory && !IsTempName(entry.FileName) && Posix.IsRegularFile(entry.ToFullPath()),
            };
            return KeyListPaging.Page(names, prefix, limit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw GoErrorText.PathError("open", _directory, e);
        }
    }

    private void RemoveStaleTempFiles()
    {
        var staleBefore = DateTimeOffset.UtcNow - StaleTempAge;
        var stale = new FileSystemEnumerable<string>(_directory, static (ref entry) => entry.ToFullPath(), EveryEntry)
        {
            ShouldIncludePredicate = (ref entry) =>
                !entry.IsDirectory && IsTempName(entry.FileName) && entry.LastWriteTimeUtc < staleBefore,
        };

        foreach (var path in stale.ToArray())
        {
            // One that cannot be removed is harmless: listing skips it and no key name can reach it.
            _ = Posix.Unlink(path);
        }
    }
}
