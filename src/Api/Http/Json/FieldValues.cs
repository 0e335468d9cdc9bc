using System.Runtime.CompilerServices;

namespace Kes.Api.Http.Json;

/// <summary>The decoded fields of one body, inline in <see cref="GoJsonBody"/> so that decoding needs no array.</summary>
[InlineArray(GoJsonBody.MaxFields)]
internal struct FieldValues
{
    private FieldValue _first;
}
