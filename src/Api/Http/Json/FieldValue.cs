namespace Kes.Api.Http.Json;

/// <summary>Where a field's value sits in the body: absent, null, or a string whose unescaped bytes are at <see cref="Start"/>.</summary>
public readonly record struct FieldValue(bool Present, int Start, int Length)
{
    /// <summary>The field was absent or JSON null, which Go decodes as empty.</summary>
    public bool IsEmpty => !Present || Length == 0;
}
