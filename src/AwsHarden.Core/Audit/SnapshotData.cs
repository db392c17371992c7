using AwsHarden.Model;

namespace AwsHarden.Audit;

/// <summary>Shared readings of the snapshot that several checks need, kept in one place so they agree.</summary>
internal static class SnapshotData
{
    public const string NotCollected = "NotCollected";

    /// <summary>The error to report for data that is missing; a collector bug gives a named reason too.</summary>
    public static CallError ErrorOf<T>(Collected<T> data, string action, string? region = null) where T : class =>
        data.Error ?? new CallError(action, NotCollected, "the snapshot holds no answer for this call", region);

    public static CallError ReportError(AccountSnapshot snapshot) =>
        ErrorOf(snapshot.Iam.CredentialReport, "iam:GetCredentialReport");

    public static CallError AuthorizationError(AccountSnapshot snapshot) =>
        ErrorOf(snapshot.Iam.Authorization, "iam:GetAccountAuthorizationDetails");

    public static CallError Missing(string action, string? region = null) =>
        new(action, NotCollected, "the snapshot holds no answer for this call", region);

    public static string RootArn(AccountSnapshot snapshot) =>
        $"arn:{snapshot.Partition}:iam::{snapshot.AccountId}:root";

    /// <summary>The root user's credential report row, or null when the report is missing it.</summary>
    public static CredentialReportRow? RootRow(AccountSnapshot snapshot) =>
        snapshot.Iam.CredentialReport.Value?.FirstOrDefault(r => r.IsRoot);

    /// <summary>Whether the root user has MFA: from the credential report, else from GetAccountSummary.</summary>
    public static bool? RootHasMfa(AccountSnapshot snapshot) =>
        RootRow(snapshot)?.MfaActive ?? SummaryFlag(snapshot, "AccountMFAEnabled");

    public static bool? SummaryFlag(AccountSnapshot snapshot, string key)
    {
        var summary = snapshot.Iam.AccountSummary;
        if (!summary.Ok || !summary.Value!.TryGetValue(key, out var value))
            return null;

        return value > 0;
    }

    /// <summary>The IAM users of the credential report (root excluded).</summary>
    public static IEnumerable<CredentialReportRow> Users(IReadOnlyList<CredentialReportRow> report) =>
        report.Where(r => !r.IsRoot);

    /// <summary>The user's active access keys, numbered 1 and 2 as in the credential report.</summary>
    public static IEnumerable<ReportKey> ActiveKeys(CredentialReportRow row)
    {
        if (row.AccessKey1Active)
            yield return new ReportKey(1, row.AccessKey1LastRotated, row.AccessKey1LastUsed);
        if (row.AccessKey2Active)
            yield return new ReportKey(2, row.AccessKey2LastRotated, row.AccessKey2LastUsed);
    }

    public static int DaysBetween(DateTimeOffset earlier, DateTimeOffset later) => (int)(later - earlier).TotalDays;
}

/// <summary>One active access key as the credential report shows it.</summary>
internal sealed record ReportKey(int Number, DateTimeOffset? LastRotated, DateTimeOffset? LastUsed);
