namespace AwsHarden.Model;

/// <summary>
/// A mistake the user can fix (bad flag, unreadable file, no credentials). The CLI prints the message and
/// the hint on one line each and exits with code 2; it never shows a stack trace for it.
/// </summary>
public sealed class UserErrorException(string message, string? hint = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>What to do next, e.g. "run 'aws sso login --profile dev'".</summary>
    public string? Hint { get; } = hint;
}
