using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Kes.Infrastructure.Configuration;

/// <summary>Reads the first YAML document of a config, with errors shaped like gopkg.in/yaml.v3's.</summary>
internal static class YamlDocumentReader
{
    /// <summary>The root node of the first document; <c>EOF</c> when the text holds no document at all.</summary>
    public static YamlNode Read(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new FirstDocumentParser(new Parser(new StringReader(text))));
        }
        catch (YamlException e) when (FindDuplicateKey(text) is { } duplicate)
        {
            throw new ConfigException(
                $"yaml: unmarshal errors:\n  line {duplicate.Line}: mapping key \"{duplicate.Key}\" already defined at line {duplicate.FirstLine}",
                e);
        }
        catch (YamlException e)
        {
            throw new ConfigException($"yaml: line {e.Start.Line}: {e.Message}", e);
        }

        if (stream.Documents.Count == 0)
        {
            throw new ConfigException("EOF");
        }

        return stream.Documents[0].RootNode;
    }

    // The representation model rejects a repeated key without naming the first one; a scan of the events does.
    private static (string Key, long Line, long FirstLine)? FindDuplicateKey(string text)
    {
        var parser = new FirstDocumentParser(new Parser(new StringReader(text)));
        var frames = new Stack<MappingFrame?>();
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current;
                var frame = frames.Count > 0 ? frames.Peek() : null;
                var isKey = frame is { ExpectKey: true };
                if (frame is not null && current is NodeEvent)
                {
                    frame.ExpectKey = !frame.ExpectKey;
                }

                switch (current)
                {
                    case Scalar scalar when isKey:
                        if (frame!.Keys.TryGetValue(scalar.Value, out var firstLine))
                        {
                            return (scalar.Value, scalar.Start.Line, firstLine);
                        }

                        frame.Keys[scalar.Value] = scalar.Start.Line;
                        break;
                    case MappingStart:
                        frames.Push(new MappingFrame());
                        break;
                    case SequenceStart:
                        frames.Push(null);
                        break;
                    case MappingEnd or SequenceEnd:
                        frames.Pop();
                        break;
                }
            }
        }
        catch (YamlException)
        {
            return null;
        }

        return null;
    }

    private sealed class MappingFrame
    {
        public bool ExpectKey { get; set; } = true;

        public Dictionary<string, long> Keys { get; } = new(StringComparer.Ordinal);
    }
}
