using System.Text.Json;
using AwsHarden.Model;
using AwsHarden.Policies;

namespace AwsHarden.Audit;

/// <summary>Shared judgement of the SCP checks: an organization with SCPs on, and one SCP doing the job.</summary>
internal static class ScpGuardrail
{
    public static Finding Evaluate(
        CheckMetadata check, AccountSnapshot snapshot, Func<string, bool> restricts, string restriction)
    {
        var account = snapshot.AccountId;
        var collected = snapshot.Organization;
        if (!collected.Ok)
            return check.Unknown(account, SnapshotData.ErrorOf(collected, "organizations:DescribeOrganization"));

        var org = collected.Value!;
        if (!org.InOrganization)
            return check.Fail(account, "The account is in no organization, so no SCP can apply to it.");
        if (org.ManagementAccountId == account)
            return check.Fail(account, "This is the organization's management account; SCPs never restrict it. "
                + "Run workloads in a member account.");
        if (org.ScpEnabled == false)
            return check.Fail(account, "The SERVICE_CONTROL_POLICY type is not enabled on the organization root.");
        if (org.PoliciesError is not null)
            return check.Unknown(account, org.PoliciesError);

        return Judge(check, account, org, restricts, restriction);
    }

    private static Finding Judge(
        CheckMetadata check, string account, OrganizationData org, Func<string, bool> restricts, string restriction)
    {
        var damaged = new List<string>();
        foreach (var policy in org.Policies)
        {
            switch (Try(restricts, policy.Content))
            {
                case true:
                    return check.Pass(account, $"SCP {policy.Name} (on {policy.Target}) {restriction}.");
                case null:
                    damaged.Add(policy.Name);
                    break;
            }
        }

        if (damaged.Count > 0)
            return check.Unknown(account, $"SCP(s) {string.Join(", ", damaged)} could not be parsed.");
        if (org.ScpEnabled is null)
            return check.Unknown(account, "Whether SCPs are enabled could not be read, and no SCP found "
                + $"that {restriction}.");

        return check.Fail(account, $"No SCP applying to the account {restriction}.");
    }

    private static bool? Try(Func<string, bool> restricts, string content)
    {
        try
        {
            return restricts(content);
        }
        catch (Exception e) when (e is PolicyParseException or JsonException or FormatException
                                       or ArgumentException)
        {
            return null;
        }
    }
}
