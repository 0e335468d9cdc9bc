using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kes.Infrastructure.Configuration;

/// <summary>Ends the event stream after the first document, as yaml.v3's <c>Decoder.Decode</c> reads only that one.</summary>
internal sealed class FirstDocumentParser(IParser inner) : IParser
{
    private bool _firstDocumentDone;
    private ParsingEvent? _current;

    public ParsingEvent? Current => _current;

    public bool MoveNext()
    {
        if (_current is StreamEnd)
        {
            return false;
        }

        if (_firstDocumentDone)
        {
            _current = new StreamEnd();
            return true;
        }

        if (!inner.MoveNext())
        {
            return false;
        }

        _current = inner.Current;
        _firstDocumentDone = _current is DocumentEnd;
        return true;
    }
}
