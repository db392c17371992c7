using AwsHarden.Model;
using static AwsHarden.Remediation.Steps;

namespace AwsHarden.Remediation.Fixes;

/// <summary>Sets the billing, operations and security alternate contacts that are missing, from config; a
/// contact without all four values in config becomes a Manual step naming the keys to add.</summary>
public sealed class AlternateContactsFix : IFix
{
    private static readonly string[] Fields = ["Name", "Title", "EmailAddress", "PhoneNumber"];

    public IReadOnlyList<string> CheckIds { get; } = ["account.alternate-contacts"];
    public FixPhase Phase => FixPhase.Account;

    public IReadOnlyList<string> DeclaredActions { get; } =
        ["account:GetAlternateContact", "account:PutAlternateContact", "account:DeleteAlternateContact"];

    public IEnumerable<PlanStep> Build(FixContext context)
    {
        var contacts = context.Snapshot.AlternateContacts;
        if (!context.Fails(CheckIds[0]) || !contacts.Ok)
            yield break;

        foreach (var type in new[] { "BILLING", "OPERATIONS", "SECURITY" })
        {
            if (contacts.Value!.Any(c => c.Type == type && c.IsSet))
                continue;

            var values = context.Config.AlternateContacts.GetValueOrDefault(type);
            var missing = values?.MissingKeys() ?? ["name", "title", "email", "phone"];
            yield return missing.Count > 0 ? Manual(type, missing) : Put(type, values!);
        }
    }

    private PlanStep Put(string type, ContactValues values)
    {
        var key = new ResourceKey(ResourceTypes.AlternateContact, type);
        var parameters = new[]
        {
            ("AlternateContactType", type), ("Name", values.Name!), ("Title", values.Title!),
            ("EmailAddress", values.EmailAddress!), ("PhoneNumber", values.PhoneNumber!),
        };
        return Api($"Set the {type.ToLowerInvariant()} alternate contact", [CheckIds[0]],
            [Call("account", "PutAlternateContact", null, parameters)],
            Absent(key), Present(key, ("EmailAddress", values.EmailAddress!)),
            [Call("account", "DeleteAlternateContact", null, ("AlternateContactType", type))],
            "DeleteAlternateContact: the contact was not set before.",
            $"AWS writes to the {type.ToLowerInvariant()} contact about this account, not only to the root "
            + "e-mail address.",
            ["account:GetAlternateContact"]);
    }

    private PlanStep Manual(string type, IReadOnlyList<string> missing)
    {
        var lower = type.ToLowerInvariant();
        var keys = string.Join(", ", missing.Select(k => $"fix.alternate_contacts.{lower}.{k}"));
        return Steps.Manual($"Give the {lower} alternate contact", [CheckIds[0]],
            $"Add {keys} to awsharden.yaml and plan again, or fill it in on the account page.",
            "https://console.aws.amazon.com/billing/home#/account");
    }
}
