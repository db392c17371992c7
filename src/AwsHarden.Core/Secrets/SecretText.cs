namespace AwsHarden.Secrets;

/// <summary>
/// A secret access key or session token held in memory. It prints only its redacted form, so a record
/// that holds one can be logged or formatted without leaking it.
/// </summary>
public sealed class SecretText(string value) : IEquatable<SecretText>
{
    private readonly string _value = value;

    /// <summary>First and last four characters, the rest elided.</summary>
    public string Redacted => Redact(_value);

    /// <summary>The real value; only the verifier, which must sign with it, should ask.</summary>
    public string Reveal() => _value;

    public override string ToString() => Redacted;

    public bool Equals(SecretText? other) =>
        other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as SecretText);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Shows the first and last four characters; short values are hidden whole.</summary>
    public static string Redact(string value) =>
        value.Length <= 12 ? new string('*', value.Length) : $"{value[..4]}…{value[^4..]}";
}
