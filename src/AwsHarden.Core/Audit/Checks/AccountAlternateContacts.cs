using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>The billing, operations and security alternate contacts are set.</summary>
public sealed class AccountAlternateContacts : ICheck
{
    private static readonly string[] Types = ["BILLING", "OPERATIONS", "SECURITY"];

    public CheckMetadata Metadata { get; } = new()
    {
        Id = "account.alternate-contacts",
        Title = "Billing, operations and security alternate contacts are set",
        Severity = Severity.Low,
        Section = ChecklistSection.Initial,
        Rationale = "When AWS sees abuse or a leaked key it writes to these contacts; if they are missing the "
            + "warning only reaches the root e-mail, which often nobody reads.",
        Remediation = "In Account settings, set the billing, operations and security alternate contacts to a "
            + "shared mailbox that is watched.",
        RemediationUrl = "https://docs.aws.amazon.com/accounts/latest/reference/"
            + "manage-acct-update-contact-alternate.html",
        Cis30 = ["1.2"],
        Cis50 = ["1.2"],
        SecurityHub = ["Account.1"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var contacts = snapshot.AlternateContacts;
        if (!contacts.Ok)
        {
            var error = SnapshotData.ErrorOf(contacts, "account:GetAlternateContact");
            return [Metadata.Unknown(snapshot.AccountId, error)];
        }

        return Types.Select(type => Judge(type, contacts.Value!));
    }

    private Finding Judge(string type, IReadOnlyList<AlternateContact> contacts)
    {
        var contact = contacts.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase));
        if (contact is null)
            return Metadata.Unknown(type, SnapshotData.Missing("account:GetAlternateContact"));

        return contact.IsSet
            ? Metadata.Pass(type, $"The {type} alternate contact is set.")
            : Metadata.Fail(type, $"The {type} alternate contact is not set.");
    }
}
