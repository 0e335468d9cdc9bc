using Kes.Domain.Errors;

namespace Kes.Domain.Keys;

/// <summary>A key name that satisfies the KES name rule; it can be used as a file or secret name as is.</summary>
public readonly record struct KeyName
{
    private KeyName(string value) => Value = value;

    /// <summary>The name as the client sent it.</summary>
    public string Value { get; }

    /// <summary>Whether <paramref name="name"/> satisfies the name rule.</summary>
    public static bool IsValid(ReadOnlySpan<char> name) => NameRule.IsValidName(name);

    /// <summary>Validates <paramref name="name"/>; false for anything the name rule rejects.</summary>
    public static bool TryCreate(string? name, out KeyName keyName)
    {
        if (name is not null && NameRule.IsValidName(name))
        {
            keyName = new KeyName(name);
            return true;
        }

        keyName = default;
        return false;
    }

    /// <summary>Validates <paramref name="name"/> or throws the KES invalid-key-name error.</summary>
    public static KeyName Parse(string name) =>
        TryCreate(name, out var keyName) ? keyName : throw new KesException(KesError.InvalidKeyName(name));

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
