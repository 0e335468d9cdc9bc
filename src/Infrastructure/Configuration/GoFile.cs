namespace Kes.Infrastructure.Configuration;

/// <summary>Reads a file and, on failure, describes it the way Go's <c>os</c> package does (<c>open x: no such file or directory</c>).</summary>
internal static class GoFile
{
    public static bool TryReadAllText(string path, out string text, out string error)
    {
        text = string.Empty;
        error = string.Empty;
        if (path.Length == 0)
        {
            error = "open : no such file or directory";
            return false;
        }

        if (Directory.Exists(path))
        {
            error = $"read {path}: is a directory";
            return false;
        }

        try
        {
            text = File.ReadAllText(path);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            error = $"open {path}: no such file or directory";
        }
        catch (UnauthorizedAccessException)
        {
            error = $"open {path}: permission denied";
        }
        catch (IOException e)
        {
            error = $"open {path}: {e.Message}";
        }

        return false;
    }
}
