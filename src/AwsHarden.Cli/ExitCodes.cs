namespace AwsHarden.Cli;

/// <summary>The one exit-code table, shown in <c>--help</c> and the README.</summary>
public static class ExitCodes
{
    /// <summary>Nothing at or above <c>--fail-on</c> failed (or the command did its job).</summary>
    public const int Ok = 0;

    /// <summary>A finding at or above <c>--fail-on</c> failed or could not be evaluated, or a live secret was found.
    /// </summary>
    public const int Findings = 1;

    /// <summary>The user's mistake: bad flag, unreadable or invalid file, no credentials, expired SSO token.</summary>
    public const int UserError = 2;

    /// <summary>A bug or an unexpected failure; the stack trace goes to stderr.</summary>
    public const int Unexpected = 3;

    public const string Table =
        "Exit codes: 0 nothing at or above --fail-on failed; 1 a check at or above it failed or could not be " +
        "read (Unknown); " +
        "2 your mistake (bad flag, unreadable file, no credentials), with one line saying what to do; " +
        "3 an unexpected error.";
}
