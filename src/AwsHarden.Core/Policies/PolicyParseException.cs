namespace AwsHarden.Policies;

/// <summary>The text is not a policy document IAM would accept. <see cref="Line"/> and <see cref="Position"/>
/// (both 1-based) point at the JSON error when there is one; structural errors name the statement instead.</summary>
public sealed class PolicyParseException(string message, long? line = null, long? position = null,
    Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The 1-based line of a JSON syntax error, or null for a structural error.</summary>
    public long? Line { get; } = line;

    /// <summary>The 1-based position (byte offset) within <see cref="Line"/>, or null.</summary>
    public long? Position { get; } = position;
}
