using System.Globalization;

namespace AwsHarden.Secrets;

/// <summary>Plain-language sentences about findings, shared by the table, JSON and SARIF outputs.</summary>
public static class SecretsText
{
    /// <summary>One sentence naming the key, its account, what was beside it and where; secrets redacted.</summary>
    public static string Describe(LeakedKeyFinding finding, SecretLocation location)
    {
        var what = finding.HasSecretAt(location)
            ? $"AWS access key {finding.KeyId} with its secret access key ({finding.Secret!.Redacted})"
            : finding.HasSecret
                ? $"AWS access key id {finding.KeyId} (no secret beside it here; its secret was found elsewhere)"
                : $"AWS access key id {finding.KeyId} (no secret found beside it)";
        if (finding.SessionToken is not null && finding.HasSecretAt(location))
            what += $" and a session token ({finding.SessionToken.Redacted})";

        var account = finding.AccountId is null ? "" : $" of account {finding.AccountId}";
        var where = location.Commit is null
            ? $" in {location.Shown} line {location.Line.ToString(CultureInfo.InvariantCulture)}"
            : $" in {location.Shown} line {location.Line.ToString(CultureInfo.InvariantCulture)}, added in commit "
                + $"{location.Commit[..Math.Min(12, location.Commit.Length)]}"
                + (location.StillPresent == true ? " (still in HEAD)" : " (no longer in HEAD)");
        return what + account + where + ".";
    }
}
