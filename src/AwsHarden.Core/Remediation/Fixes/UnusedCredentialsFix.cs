using System.Text.RegularExpressions;
using AwsHarden.Model;
using static AwsHarden.Remediation.Steps;

namespace AwsHarden.Remediation.Fixes;

/// <summary>Deactivates (never deletes) the access keys that iam.unused-credentials names, one key per step.
/// A stale console password becomes a Manual step: removing it cannot be undone, since the password is lost.
/// </summary>
public sealed partial class UnusedCredentialsFix : IFix
{
    public IReadOnlyList<string> CheckIds { get; } = ["iam.unused-credentials"];
    public FixPhase Phase => FixPhase.Credentials;

    public IReadOnlyList<string> DeclaredActions { get; } = ["iam:ListAccessKeys", "iam:UpdateAccessKey"];

    // TODO(fix): this reads the key numbers from the finding's message; a structured field on Finding would
    // make the link between check and fix explicit.
    [GeneratedRegex(@"access key (?<slot>[12])")]
    private static partial Regex KeySlot();

    public IEnumerable<PlanStep> Build(FixContext context)
    {
        var report = context.Snapshot.Iam.CredentialReport;
        if (!report.Ok)
            yield break;

        foreach (var finding in context.Failing(CheckIds[0]))
        {
            var row = report.Value!.FirstOrDefault(r => r.Arn == finding.Resource && !r.IsRoot);
            if (row is null)
                continue;

            foreach (Match match in KeySlot().Matches(finding.Message))
            {
                var slot = int.Parse(match.Groups["slot"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (slot == 1 ? row.AccessKey1Active : row.AccessKey2Active)
                    yield return Deactivate(row, slot);
            }

            if (row.PasswordEnabled && finding.Message.Contains("password", StringComparison.Ordinal))
                yield return Password(row);
        }
    }

    private PlanStep Deactivate(CredentialReportRow row, int slot)
    {
        var key = new ResourceKey(ResourceTypes.AccessKey, $"{row.User}|{slot}");
        var created = slot == 1 ? row.AccessKey1LastRotated : row.AccessKey2LastRotated;
        var identity = created is { } c
            ? new[] { ("CreateDate", c.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ")) }
            : [];
        var accessKeyId = ("AccessKeyId", Placeholders.Prior("AccessKeyId"));
        return Api($"Deactivate access key {slot} of {row.User}", [CheckIds[0]],
            [Call("iam", "UpdateAccessKey", null, ("UserName", row.User), accessKeyId, ("Status", "Inactive"))],
            Present(key, [.. identity, ("Status", "Active")]), Present(key, [.. identity, ("Status", "Inactive")]),
            [Call("iam", "UpdateAccessKey", null, ("UserName", row.User), accessKeyId, ("Status", "Active"))],
            "UpdateAccessKey Status=Active on the same key.",
            "The key has gone unused past the threshold; an inactive key can be turned back on, a deleted one "
            + "cannot. Delete it once nothing has complained for a while.",
            ["iam:ListAccessKeys"]);
    }

    private PlanStep Password(CredentialReportRow row) =>
        Manual($"Remove the unused console password of {row.User}", [CheckIds[0]],
            "Open the user's 'Security credentials' tab and choose 'Manage console access' > 'Disable'. The tool "
            + "does not do this itself: a removed password cannot be restored, so it could not be undone.",
            $"https://console.aws.amazon.com/iam/home#/users/details/{Uri.EscapeDataString(row.User)}"
            + "?section=security_credentials");
}
